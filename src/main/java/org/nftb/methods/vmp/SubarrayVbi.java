package org.nftb.methods.vmp;

import org.nftb.dsp.Fft;
import org.nftb.dsp.Fft2d;

import java.util.Arrays;

/**
 * Seed 000's Algorithm 1 for one transmit-receive subarray pair: variational Bayesian inference of the DoD, DoA
 * and Doppler (von Mises posteriors, Lemma 1), the gain (complex Gaussian, Lemma 2) and the hyperparameters
 * (Lemma 3) from the pair's data {@code y[k_t, k_r, b] = β e^{j k_t ψ_t} e^{j k_r ψ_r} e^{−j x (b − c)} + noise}
 * (stored as rows of the M transmit elements, value (k_t, k_r, b) at {@code 2 ((k_r L' + b) M + k_t)})
 * (eq. 8; b over L' pulses, c = (L'−1)/2 the CPI centre, x the normalized Doppler 2πT'f̃ of eq. 9).
 *
 * <p><b>Initialisation</b> (the paper leaves it open): the angles at the peak of the 2-D FFT (2M × 2M) of the
 * pulse sum, then the Doppler at the largest of 4L' DFT points of the angle-matched pulse sequence; β̂ and σ̂ by
 * least squares, ς large (Remark 1: non-informative). <b>Iteration</b> (Algorithm 1 lines 3-6), each update exact
 * given the others' posterior means:
 * <ul>
 *   <li>Lemma 1 (eq. 23): for x ∈ {ψ_t, ψ_r, x} with non-informative priors, {@code g(x) = (2/σ) Re[β̂* S_x(x)]},
 *       S_x the data contracted with the other factors' steering. Choice: we maximise g jointly with the gain's
 *       phase, i.e. {@code (2/σ)|β̂||S_x(x)|}, by Newton steps ({@link VonMises#maximiseLine}); with g alone the
 *       mean field couples the gain's phase to the phase ramp (whose origin is the first element), which made
 *       CAVI crawl along that ridge and overstated κ by {@code Σk²/Σ(k−k̄)²} (3.9 at M = 32). κ̂ is eq. (23b),
 *       {@code A⁻¹(exp(1/(2g'')))}, with g'' the curvature of that profile.</li>
 *   <li>Lemma 2 (eq. 26): {@code β̂ = ς μᴴy/(σ + ς‖μ‖²)}, {@code ς̃ = ς σ/(σ + ς‖μ‖²)}. The paper's ς̃ carries a
 *       factor 1/2 that contradicts its own eq. (70) and the posterior of a CN(0, ς) prior under a CN(βμ, σI)
 *       likelihood; we use the exact posterior variance ({@code VbiLemmaTest} checks it by brute force).</li>
 *   <li>Lemma 3 (eq. 27): {@code σ̂ = (‖y‖² − 2Re(β̂* μᴴy) + ‖μ‖²(ς̃ + |β̂|²)) / N}, {@code ς̂ = ς̃ + |β̂|²}. The
 *       paper's (27a) has a factor 2 and a plus sign that do not follow from its (73); this is the maximiser of
 *       the ELBO in σ (checked by brute force).</li>
 * </ul>
 * The steering vectors use the posterior mean directions (μ_mn of eq. 26 with point means). Convergence: the
 * largest change of ψ_t, ψ_r, x below ε (Algorithm 1 line 8), at most N_max iterations.
 *
 * <p>Cost per iteration: two passes over the pair's M²L' values ({@link VbiKernels}, SIMD). Allocates nothing after
 * construction; not thread-safe.
 */
public final class SubarrayVbi {
    private final int m;
    private final int pulses;
    private final int p2;
    private final double[] u;
    private final double[] hT;
    private final double[] hR;
    private final double[] hF;
    private final double[] rot;
    private final double[] at;
    private final double[] ar;
    private final double[] grid;
    private final double[] steer;
    private final double[] line = new double[5];
    private final Fft2d fft2;

    // results
    double psiT;
    double psiR;
    double x;
    double kappaT;
    double kappaR;
    double kappaX;
    double betaRe;
    double betaIm;
    double sigma;
    double varsigma;
    double energy;
    int iterations;

    /**
     * @param subarraySize M
     * @param pulses       L', pulses (blocks) per CPI of the data
     */
    public SubarrayVbi(int subarraySize, int pulses) {
        this.m = subarraySize;
        this.pulses = pulses;
        this.p2 = 2 * subarraySize;
        this.u = new double[2 * m * m];
        this.hT = new double[2 * m];
        this.hR = new double[2 * m];
        this.hF = new double[2 * pulses];
        this.rot = new double[2 * pulses];
        this.at = new double[2 * m];
        this.ar = new double[2 * m];
        this.grid = new double[2 * p2 * p2];
        this.steer = new double[2 * m * m];
        Fft.singleThreaded();
        this.fft2 = new Fft2d(p2, p2);
    }

    /**
     * Runs Algorithm 1 on {@code y} (interleaved, value (k_t, k_r, b) at {@code 2 ((k_r L' + b) M + k_t)}, not
     * modified).
     */
    public void run(double[] y, int maxIterations, double tolerance) {
        int n = m * m * pulses;
        double e = 0;
        for (int i = 0; i < 2 * n; i++) {
            e += y[i] * y[i];
        }
        energy = e;
        initialise(y);
        contract(y);
        x = initialDoppler();
        double sr = hFMatch(x, true);
        double si = line[1];
        betaRe = sr / n;
        betaIm = si / n;
        sigma = Math.max((energy - (sr * sr + si * si) / n) / n, 1e-30 * (energy / n + 1e-300));
        varsigma = 1e6 * (sigma / n + betaRe * betaRe + betaIm * betaIm);
        iterations = 0;
        for (int it = 1; it <= maxIterations; it++) {
            iterations = it;
            double oldT = psiT;
            double oldR = psiR;
            double oldX = x;
            double bAbs = Math.hypot(betaRe, betaIm);
            double w = 2 / sigma * bAbs;
            matchDoppler(y, x);
            contractRx();
            psiT = VonMises.maximiseLine(hT, m, -1, psiT, line);
            kappaT = VonMises.kappaFromCurvature(w * line[1]);
            steering(psiT, at);
            contractTx();
            psiR = VonMises.maximiseLine(hR, m, -1, psiR, line);
            kappaR = VonMises.kappaFromCurvature(w * line[1]);
            steering(psiR, ar);
            contract(y);
            x = VonMises.maximiseLine(hF, pulses, +1, x, line);
            kappaX = VonMises.kappaFromCurvature(w * line[1]);
            // Lemma 2 with S = μᴴy = Σ_b h_b e^{+j x (b − c)}
            sr = hFMatch(x, true);
            si = line[1];
            gainPosterior(sr, si, n, sigma, varsigma, line);
            betaRe = line[0];
            betaIm = line[1];
            double post = line[2];
            // Lemma 3
            sigma = Math.max(noiseVariance(energy, sr, si, n, betaRe, betaIm, post), 1e-300);
            varsigma = post + betaRe * betaRe + betaIm * betaIm;
            double change = Math.max(Math.abs(VonMises.wrap(psiT - oldT)),
                    Math.max(Math.abs(VonMises.wrap(psiR - oldR)), Math.abs(VonMises.wrap(x - oldX))));
            if (it > 1 && change < tolerance) {
                break;
            }
        }
    }

    /** Angles at the 2-D FFT peak of u (the pulse sum after {@link #matchDoppler} at x = 0). */
    private void initialise(double[] y) {
        matchDoppler(y, 0);
        Arrays.fill(grid, 0);
        for (int kt = 0; kt < m; kt++) {
            for (int kr = 0; kr < m; kr++) {
                grid[2 * (kt * p2 + kr)] = u[2 * (kr * m + kt)];
                grid[2 * (kt * p2 + kr) + 1] = u[2 * (kr * m + kt) + 1];
            }
        }
        fft2.complexForward(grid);
        int best = 0;
        double bestV = -1;
        for (int i = 0; i < p2 * p2; i++) {
            double v = grid[2 * i] * grid[2 * i] + grid[2 * i + 1] * grid[2 * i + 1];
            if (v > bestV) {
                bestV = v;
                best = i;
            }
        }
        psiT = VonMises.wrap(2 * Math.PI * (best / p2) / p2);
        psiR = VonMises.wrap(2 * Math.PI * (best % p2) / p2);
        steering(psiT, at);
        steering(psiR, ar);
    }

    /** The normalized Doppler at the largest of 4L' DFT points of h_F (after {@link #contract}). */
    private double initialDoppler() {
        int points = 4 * pulses;
        double bestX = 0;
        double bestV = -1;
        for (int g = 0; g < points; g++) {
            double xg = VonMises.wrap(2 * Math.PI * g / points);
            hFMatch(xg, false);
            double v = line[0] * line[0] + line[1] * line[1];
            if (v > bestV) {
                bestV = v;
                bestX = xg;
            }
        }
        return bestX;
    }

    /**
     * {@code S = Σ_b h_b e^{+j x (b − c)}} into line[0..1]; returns Re S. The phasors by a recurrence from
     * {@code e^{−jxc}} with step {@code e^{jx}} (two sines and cosines per call; rounding ~ L'·1e-16).
     */
    private double hFMatch(double xv, boolean centred) {
        double c = centred ? (pulses - 1) / 2.0 : 0;
        double cr = Math.cos(xv * c);
        double ci = -Math.sin(xv * c);
        double stepR = Math.cos(xv);
        double stepI = Math.sin(xv);
        double sr = 0;
        double si = 0;
        for (int b = 0; b < pulses; b++) {
            sr += hF[2 * b] * cr - hF[2 * b + 1] * ci;
            si += hF[2 * b] * ci + hF[2 * b + 1] * cr;
            double t = cr * stepR - ci * stepI;
            ci = cr * stepI + ci * stepR;
            cr = t;
        }
        line[0] = sr;
        line[1] = si;
        return sr;
    }

    /** u[k_r, k_t] = Σ_b y · e^{+j xv (b − c)} (the data matched to the Doppler; u at 2 (k_r M + k_t)). */
    private void matchDoppler(double[] y, double xv) {
        double c = (pulses - 1) / 2.0;
        for (int b = 0; b < pulses; b++) {
            rot[2 * b] = Math.cos(xv * (b - c));
            rot[2 * b + 1] = Math.sin(xv * (b - c));
        }
        VbiKernels.match(y, rot, m, pulses, u);
    }

    /** h_T[k_t] = Σ_kr u[k_t, k_r] conj(a_r[k_r]). */
    private void contractRx() {
        contractSide(ar, hT, 1, m);
    }

    /** h_R[k_r] = Σ_kt u[k_t, k_r] conj(a_t[k_t]). */
    private void contractTx() {
        contractSide(at, hR, m, 1);
    }

    /** {@code h[p] = Σ_q u[p·outStride + q·inStride] conj(a[q])}. */
    private void contractSide(double[] a, double[] h, int outStride, int inStride) {
        for (int p = 0; p < m; p++) {
            double sr = 0;
            double si = 0;
            for (int q = 0; q < m; q++) {
                int k = 2 * (p * outStride + q * inStride);
                sr += u[k] * a[2 * q] + u[k + 1] * a[2 * q + 1];
                si += u[k + 1] * a[2 * q] - u[k] * a[2 * q + 1];
            }
            h[2 * p] = sr;
            h[2 * p + 1] = si;
        }
    }

    /** h_F[b] = Σ_{kt,kr} y conj(a_t[kt] a_r[kr]). */
    private void contract(double[] y) {
        for (int kt = 0; kt < m; kt++) {
            for (int kr = 0; kr < m; kr++) {
                int k = 2 * (kr * m + kt);
                steer[k] = at[2 * kt] * ar[2 * kr] - at[2 * kt + 1] * ar[2 * kr + 1];
                steer[k + 1] = -(at[2 * kt] * ar[2 * kr + 1] + at[2 * kt + 1] * ar[2 * kr]);
            }
        }
        VbiKernels.contract(y, steer, m, pulses, hF);
    }

    /**
     * Lemma 2 (eq. 26, exact posterior variance): with {@code S = μᴴy}, {@code ‖μ‖² = n}, writes
     * {@code out[0..1] = β̂ = ς S/(σ + ς n)} and {@code out[2] = ς̃ = ς σ/(σ + ς n)}.
     */
    static void gainPosterior(double sRe, double sIm, int n, double sigma, double varsigma, double[] out) {
        double denom = sigma + varsigma * n;
        out[0] = varsigma * sRe / denom;
        out[1] = varsigma * sIm / denom;
        out[2] = varsigma * sigma / denom;
    }

    /** Lemma 3 (eq. 27a as derived from eq. 73): {@code (‖y‖² − 2 Re(β̂* S) + n (ς̃ + |β̂|²)) / n}. */
    static double noiseVariance(double energy, double sRe, double sIm, int n, double betaRe, double betaIm,
                                double posteriorVariance) {
        double b2 = betaRe * betaRe + betaIm * betaIm;
        return (energy - 2 * (betaRe * sRe + betaIm * sIm) + n * (posteriorVariance + b2)) / n;
    }

    private void steering(double psi, double[] out) {
        for (int k = 0; k < m; k++) {
            out[2 * k] = Math.cos(k * psi);
            out[2 * k + 1] = Math.sin(k * psi);
        }
    }

    public double psiT() { return psiT; }
    public double psiR() { return psiR; }
    /** Normalized residual Doppler x = 2π T' f (radians per pulse of the data). */
    public double dopplerX() { return x; }
    public double kappaT() { return kappaT; }
    public double kappaR() { return kappaR; }
    public double kappaX() { return kappaX; }
    public double betaRe() { return betaRe; }
    public double betaIm() { return betaIm; }
    public double sigma() { return sigma; }
    public double varsigma() { return varsigma; }
    public int iterations() { return iterations; }
}
