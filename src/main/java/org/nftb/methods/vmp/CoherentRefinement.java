package org.nftb.methods.vmp;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.nftb.model.ElementArray;

/**
 * Beyond seed 000: a coherent refinement of VMP's estimate on the exact single-gain model (eqs. 1-4 with one
 * complex gain β for the whole array, the model of the simulated data and of the paper's own eq. 1). VMP's subarray
 * pairs each carry their own gain (eq. 8), so the phase relation between pairs — which carries most of the position
 * information of the full aperture — is thrown away; with one gain the position bound is 18 dB lower at Table II
 * ({@link org.nftb.bound.ExactBistaticCrb}).
 *
 * <p><b>Method.</b> Fisher scoring on the concentrated likelihood {@code Q(θ) = |aᴴz|²/‖a‖²} (β eliminated) of the
 * decimated matched-filter outputs z ({@link CoherentPass}: one read of 1/B of the data per evaluation, never the
 * raw samples), from VMP's (x, y, v_x, v_y): {@code θ ← θ + F⁻¹ ∇ℓ} with ∇ℓ exact and F the Fisher information with
 * the gain's Schur complement at the current estimate, each step halved until Q does not decrease. Convergence: the step's
 * length in the metric of F below {@value #STEP_TOLERANCE} (a few percent of the bound's standard deviation).
 *
 * <p><b>Quality check</b> — when the start is outside the coherent basin (VMP grossly wrong, or the scoring settles
 * on another local maximum), or the data do not follow the one-gain model (uncalibrated subarrays), the refinement
 * declines and VMP's answer stands with VMP's covariance. It accepts only when all hold, with
 * {@code σ̂ = (‖z‖² − Q)/(n − 1)} the residual noise variance of the n decimated values:
 * <ol>
 *   <li>converged within {@link #MAX_ITERATIONS} steps;</li>
 *   <li>coherent signal: {@code Λ = Q/σ̂ ≥ }{@value #MIN_COHERENT_SNR} (under noise alone 2Λ is χ²₂ at a fixed θ; a
 *       local search over a few cells does not reach 30);</li>
 *   <li>one gain fits: with per-pair gains at the same θ the fit improves by
 *       {@code T = Σ_k |aₖᴴzₖ|²/(‖aₖ‖²σ̂) − Λ}; when the one-gain model holds, 2T is χ² with 2(P−1) degrees of
 *       freedom (P pairs); the check fails above its 1 − 10⁻⁶ quantile (Wilson-Hilferty). Outside the basin the
 *       pairs' phases disagree with one gain and T is far larger;</li>
 *   <li>the move is consistent with VMP's own covariance: {@code (θ − θ_VMP)ᵀ C_VMP⁻¹ (θ − θ_VMP) ≤ }
 *       {@value #MAX_VMP_DISTANCE} (ten standard deviations: a guard against a jump, far beyond VMP's own error).</li>
 * </ol>
 * Covariance when accepted: {@code F⁻¹} at the estimate with {@code |β̂|² = Q/‖a‖²} and σ̂ — the single-gain
 * Fisher information of the decimated data (0.01 dB short of the full data's at Table II).
 *
 * <p>A kernel: allocates nothing after construction; not thread-safe.
 */
public final class CoherentRefinement {
    /** Why the refinement's answer was or was not used. */
    public enum Outcome {
        ACCEPTED, NOT_CONVERGED, NO_COHERENT_SIGNAL, PAIRS_INCOHERENT, FAR_FROM_VMP, SINGULAR;

        /** Code for records and benchmarks: 0 accepted, 1.. the reason it declined. */
        public int code() {
            return ordinal();
        }
    }

    static final int MAX_ITERATIONS = 12;
    static final double STEP_TOLERANCE = 1e-3;
    /**
     * A full step this small (in squared bound units) leaves a next step of its square at Newton's rate: converged
     * without another pass.
     */
    static final double STEP_TOLERANCE_AFTER_STEP = 1e-2;
    static final double MIN_COHERENT_SNR = 30;
    static final double MAX_VMP_DISTANCE = 100;
    private static final int MAX_HALVINGS = 10;
    /** Standard normal quantile of 1 − 10⁻⁶. */
    private static final double Z_QUANTILE = 4.753424;

    private final CoherentPass pass;
    private final int values;
    private final double[] f1 = new double[16];
    private final double[] amp = new double[4];
    private final double[] f1Trial = new double[16];
    private final double[] ampTrial = new double[4];
    private final double[] grad = new double[4];
    private final double[] step = new double[4];
    private final double[] theta = new double[4];
    private final double[] trial = new double[4];
    private final DMatrixRMaj fm = new DMatrixRMaj(4, 4);
    private final DMatrixRMaj finv = new DMatrixRMaj(4, 4);
    private final DMatrixRMaj cv = new DMatrixRMaj(4, 4);
    private final DMatrixRMaj cvInv = new DMatrixRMaj(4, 4);

    // results
    private final double[] covariance = new double[16];
    private Outcome outcome = Outcome.SINGULAR;
    private int iterations;
    private double coherentSnr;
    private double coherenceRatio;
    private double vmpDistance;
    private double gainMagnitude;
    private double noiseVariance;

    /**
     * @param subarraySize M, pairs of the coherence check
     * @param decimation   B
     */
    public CoherentRefinement(ElementArray tx, ElementArray rx, int subarraySize, double wavelengthM,
                              double pulsePeriodS, int pulses, int decimation) {
        this.pass = new CoherentPass(tx, rx, subarraySize, wavelengthM, pulsePeriodS, pulses, decimation);
        this.values = tx.count() * rx.count() * (pulses / decimation);
    }

    /** How the two halves of every pass over the data run ({@link TwoWay#SEQUENTIAL} unless a caller lends a thread). */
    public void setSplit(TwoWay split) {
        pass.setSplit(split);
    }

    /**
     * Refines {@code start} (x, y, v_x, v_y) on the decimated data {@code z} (derotated by f₀) and decides whether
     * to keep the result (class comment). {@code startCovariance} is VMP's 4×4 (row-major). Returns
     * {@link #outcome()} == ACCEPTED.
     */
    public boolean run(float[] z, double f0Hz, double[] start, double[] startCovariance) {
        System.arraycopy(start, 0, theta, 0, 4);
        iterations = 0;
        coherentSnr = Double.NaN;
        coherenceRatio = Double.NaN;
        vmpDistance = Double.NaN;
        pass.legs(theta[0], theta[1], theta[2], theta[3], f0Hz);
        pass.correlate(z, f0Hz, true, f1, amp);
        double energy = pass.energy;
        double q = objective();
        boolean converged = false;
        for (int it = 1; it <= MAX_ITERATIONS && !converged; it++) {
            iterations = it;
            double b2 = q / pass.norm;                       // |β̂|²
            gradient(b2);
            if (!solve(b2, grad, step)) {
                return finish(Outcome.SINGULAR);
            }
            double metric = 0;                               // Δᵀ (|β̂|² F1) Δ, per unit 2/σ̂
            for (int a = 0; a < 4; a++) {
                for (int c = 0; c < 4; c++) {
                    metric += step[a] * b2 * f1[4 * a + c] * step[c];
                }
            }
            double sigma = Math.max((energy - q) / (values - 1), Double.MIN_NORMAL);
            double bound2 = 2 / sigma * metric;              // the full step squared, in units of the bound
            if (bound2 < STEP_TOLERANCE) {
                converged = true;                            // the scoring step is already negligible
                break;
            }
            double accepted = 0;
            for (int h = 0, scale = 1; h <= MAX_HALVINGS && accepted == 0; h++, scale *= 2) {
                for (int a = 0; a < 4; a++) {
                    trial[a] = theta[a] + step[a] / scale;
                }
                pass.legs(trial[0], trial[1], trial[2], trial[3], f0Hz);
                pass.correlate(z, f0Hz, false, f1Trial, ampTrial);
                double qt = objective();
                if (qt >= q) {
                    System.arraycopy(f1Trial, 0, f1, 0, 16);
                    System.arraycopy(ampTrial, 0, amp, 0, 4);
                    System.arraycopy(trial, 0, theta, 0, 4);
                    q = qt;
                    accepted = 1.0 / scale;
                }
            }
            if (accepted == 0) {
                // no step along the scoring direction raises Q: θ is the maximum to within the step, which counts
                // as converged only when the step itself is below one standard deviation of the bound
                converged = bound2 < 1;
                pass.legs(theta[0], theta[1], theta[2], theta[3], f0Hz);
                pass.correlate(z, f0Hz, false, f1, amp);
                break;
            }
            converged = accepted == 1 && bound2 < STEP_TOLERANCE_AFTER_STEP;
        }
        noiseVariance = Math.max((energy - q) / (values - 1), Double.MIN_NORMAL);
        gainMagnitude = Math.sqrt(q / pass.norm);
        coherentSnr = q / noiseVariance;
        double t = pairSpread() / noiseVariance;
        int dof = 2 * (pass.pairNorm.length - 1);
        coherenceRatio = 2 * t / chiSquareQuantile(dof);
        vmpDistance = mahalanobis(startCovariance, start);
        if (!solveCovariance(gainMagnitude * gainMagnitude, noiseVariance)) {
            return finish(Outcome.SINGULAR);
        }
        if (!converged) {
            return finish(Outcome.NOT_CONVERGED);
        }
        if (!(coherentSnr >= MIN_COHERENT_SNR)) {
            return finish(Outcome.NO_COHERENT_SIGNAL);
        }
        if (!(coherenceRatio <= 1)) {
            return finish(Outcome.PAIRS_INCOHERENT);
        }
        if (!(vmpDistance <= MAX_VMP_DISTANCE)) {
            return finish(Outcome.FAR_FROM_VMP);
        }
        return finish(Outcome.ACCEPTED);
    }

    private boolean finish(Outcome o) {
        outcome = o;
        return o == Outcome.ACCEPTED;
    }

    /**
     * {@code T σ̂ = Σ_k |c_k|²/n_k − |Σ_k c_k|²/Σ_k n_k} (c_k = a_kᴴz_k, n_k = ‖a_k‖²: how much per-pair gains improve
     * the fit), written as the weighted spread {@code Σ_k n_k |c_k/n_k − c̄|²} with {@code c̄ = Σ c_k / Σ n_k}: the
     * same quantity without the difference of two large sums, which on (nearly) noiseless data cancelled to rounding
     * error divided by a rounding-level σ̂ (a ratio of 45 on exact data, where the spread form gives ~0).
     */
    private double pairSpread() {
        double sr = 0;
        double si = 0;
        double n = 0;
        for (int k = 0; k < pass.pairNorm.length; k++) {
            sr += pass.pairC[2 * k];
            si += pass.pairC[2 * k + 1];
            n += pass.pairNorm[k];
        }
        double mr = sr / n;
        double mi = si / n;
        double spread = 0;
        for (int k = 0; k < pass.pairNorm.length; k++) {
            double nk = pass.pairNorm[k];
            double dr = pass.pairC[2 * k] / nk - mr;
            double di = pass.pairC[2 * k + 1] / nk - mi;
            spread += nk * (dr * dr + di * di);
        }
        return spread;
    }

    private double objective() {
        return (pass.sRe * pass.sRe + pass.sIm * pass.sIm) / pass.norm;
    }

    /**
     * {@code grad = Re(β̂ H) − |β̂|² A} (the score per unit 2/σ̂) with {@code β̂ = conj(S)/‖a‖²} and
     * {@code H_p = Σ c α_p + j Σ c φ_p} assembled from the pass's row and column sums (class comment of
     * {@link CoherentPass}).
     */
    private void gradient(double b2) {
        CoherentPass.Leg t = pass.legT;
        CoherentPass.Leg r = pass.legR;
        Arrays.fill(hAlphaRe, 0);
        Arrays.fill(hAlphaIm, 0);
        Arrays.fill(hPhiRe, 0);
        Arrays.fill(hPhiIm, 0);
        accumulate(t.ux, t.uy, t.dRateX, t.dRateY, t.lnGx, t.lnGy, pass.rowC, pass.rowC1, pass.rowCr, pass.k);
        accumulate(r.ux, r.uy, r.dRateX, r.dRateY, r.lnGx, r.lnGy, pass.colC, pass.colC1, pass.colCr, pass.k);
        double bRe = pass.sRe / pass.norm;                    // β̂ = conj(S)/‖a‖²
        double bIm = -pass.sIm / pass.norm;
        for (int p = 0; p < 4; p++) {
            // H_p = Σ c α_p + j Σ c φ_p, both sums complex
            double reH = hAlphaRe[p] - hPhiIm[p];
            double imH = hAlphaIm[p] + hPhiRe[p];
            grad[p] = bRe * reH - bIm * imH - b2 * amp[p];
        }
    }

    private final double[] hAlphaRe = new double[4];
    private final double[] hAlphaIm = new double[4];
    private final double[] hPhiRe = new double[4];
    private final double[] hPhiIm = new double[4];

    /** Adds one leg's part of {@code Σ c α} and {@code Σ c φ} (complex, per parameter). */
    private void accumulate(double[] ux, double[] uy, double[] drx, double[] dry, double[] lgx, double[] lgy,
                            double[] c, double[] c1, double[] cr, double k) {
        for (int e = 0; e < ux.length; e++) {
            double a0 = c[2 * e];
            double a1 = c[2 * e + 1];
            double b0 = c1[2 * e];
            double b1 = c1[2 * e + 1];
            double r0 = cr[2 * e];
            double r1 = cr[2 * e + 1];
            // φ part: −k (∂L_p c + ∂L̇_p c'), ∂L = (ux, uy, 0, 0), ∂L̇ = (drx, dry, ux, uy)
            hPhiRe[0] -= k * (ux[e] * a0 + drx[e] * b0);
            hPhiIm[0] -= k * (ux[e] * a1 + drx[e] * b1);
            hPhiRe[1] -= k * (uy[e] * a0 + dry[e] * b0);
            hPhiIm[1] -= k * (uy[e] * a1 + dry[e] * b1);
            hPhiRe[2] -= k * ux[e] * b0;
            hPhiIm[2] -= k * ux[e] * b1;
            hPhiRe[3] -= k * uy[e] * b0;
            hPhiIm[3] -= k * uy[e] * b1;
            // α part: ∂ln g_p c + k ∂L̇_p ρ c
            hAlphaRe[0] += lgx[e] * a0 + k * drx[e] * r0;
            hAlphaIm[0] += lgx[e] * a1 + k * drx[e] * r1;
            hAlphaRe[1] += lgy[e] * a0 + k * dry[e] * r0;
            hAlphaIm[1] += lgy[e] * a1 + k * dry[e] * r1;
            hAlphaRe[2] += k * ux[e] * r0;
            hAlphaIm[2] += k * ux[e] * r1;
            hAlphaRe[3] += k * uy[e] * r0;
            hAlphaIm[3] += k * uy[e] * r1;
        }
    }

    /** {@code out = (b2 F1)⁻¹ g}; false when singular. */
    private boolean solve(double b2, double[] g, double[] out) {
        for (int i = 0; i < 16; i++) {
            fm.data[i] = b2 * f1[i];
        }
        if (!CommonOps_DDRM.invert(fm, finv)) {
            return false;
        }
        for (int a = 0; a < 4; a++) {
            double s = 0;
            for (int c = 0; c < 4; c++) {
                s += finv.data[4 * a + c] * g[c];
            }
            out[a] = s;
        }
        return Double.isFinite(out[0] + out[1] + out[2] + out[3]);
    }

    /** {@code covariance = (2|β̂|²/σ̂ F1)⁻¹}. */
    private boolean solveCovariance(double b2, double sigma) {
        for (int i = 0; i < 16; i++) {
            fm.data[i] = 2 * b2 / sigma * f1[i];
        }
        if (!CommonOps_DDRM.invert(fm, finv) || !(finv.data[0] > 0 && finv.data[5] > 0 && finv.data[10] > 0
                && finv.data[15] > 0)) {
            return false;
        }
        System.arraycopy(finv.data, 0, covariance, 0, 16);
        return true;
    }

    /** {@code (θ − start)ᵀ C⁻¹ (θ − start)}; infinite when C is singular. */
    private double mahalanobis(double[] c, double[] start) {
        System.arraycopy(c, 0, cv.data, 0, 16);
        if (!CommonOps_DDRM.invert(cv, cvInv)) {
            return Double.POSITIVE_INFINITY;
        }
        double d = 0;
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                d += (theta[a] - start[a]) * cvInv.data[4 * a + b] * (theta[b] - start[b]);
            }
        }
        return d;
    }

    /** Wilson-Hilferty: the 1 − 10⁻⁶ quantile of χ² with {@code dof} degrees of freedom. */
    static double chiSquareQuantile(int dof) {
        double h = 2.0 / (9 * dof);
        double c = 1 - h + Z_QUANTILE * Math.sqrt(h);
        return dof * c * c * c;
    }

    public Outcome outcome() { return outcome; }
    public double xM() { return theta[0]; }
    public double yM() { return theta[1]; }
    public double vxMps() { return theta[2]; }
    public double vyMps() { return theta[3]; }
    /** Covariance of (x, y, v_x, v_y), row-major 4×4 (valid unless the outcome is SINGULAR). */
    public double covariance(int i) { return covariance[i]; }
    /** The covariance array itself (row-major 4×4; read-only for callers, overwritten by the next run). */
    double[] covarianceMatrix() { return covariance; }
    public int iterations() { return iterations; }
    /** Λ = Q/σ̂: the coherent fit's SNR (linear). */
    public double coherentSnr() { return coherentSnr; }
    /** 2T over its 1 − 10⁻⁶ quantile: above 1 the pairs disagree with one gain. */
    public double coherenceRatio() { return coherenceRatio; }
    /** Squared Mahalanobis distance of the answer from VMP's in VMP's covariance. */
    public double vmpDistance() { return vmpDistance; }
    /** |β̂| at the estimate (the amplitude at the arrays' reference points). */
    public double gainMagnitude() { return gainMagnitude; }
    /** σ̂ of the decimated values. */
    public double noiseVariance() { return noiseVariance; }
}
