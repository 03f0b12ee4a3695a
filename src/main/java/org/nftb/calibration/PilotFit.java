package org.nftb.calibration;

import org.nftb.model.ElementArray;

import java.util.List;
import org.nftb.calibration.table.ChainWeights;

/**
 * W from a stationary pilot (reference source) at one or several known positions, with the exact spherical model
 * (near-field aware: the one-way range {@code |p − e_n|} of {@link org.nftb.model.ElementRangeModel}, no plane wave).
 *
 * <p>Pilot position p gives the stacked snapshot {@code S_p[n, m] = α_p w_n e^{−jk|p − e_n|} + ν} (constant over
 * the symbols m: the pilot does not move), so {@code G_pn = (1/M) Σ_m S_p[n, m] e^{+jk|p − e_n|} = α_p w_n + ν_pn}
 * with {@code var ν_pn = σ²_pn / (K_p M)} ({@link CpiStack#noiseVariance}). One position: {@code ŵ_n = G_n} up to
 * the common factor. Several: the weighted rank-one least-squares fit {@code min Σ |G_pn − α_p w_n|²/var ν_pn},
 * solved by alternating the closed forms for α and w (each step lowers the cost; it converges to the dominant
 * weighted singular pair). Errors that differ between positions (multipath, a misplaced pilot) are averaged down.
 *
 * <p><b>Position errors.</b> A pilot that is not where it is said to be adds its phase pattern
 * {@code k (p − e_n)/|p − e_n| · δ} to W. Jointly, the pilots' errors average down (each pilot's pattern differs),
 * but their common part — every pilot moved the same way, which W cannot tell from a phase ramp — stays. (Refining
 * the pilot positions jointly with W was tried and measured: on seed 001's array with four pilots 4-7 m away W moved
 * by less than its noise, 0.62° rms error before and after, because what is left is that common ramp; so it is not
 * offered.) The result reports the sensitivity of W to position error, measured by refitting with each pilot moved
 * 1 mm along x and along y, and with all of them moved together: the rms phase change of W (common factor removed)
 * per millimetre.
 *
 * <p>Allocates; not for hot paths. Thread-safe (no state).
 */
public final class PilotFit {
    private static final int ITERATIONS = 200;
    private static final double SENSITIVITY_STEP_M = 1e-3;

    private PilotFit() {
    }

    /**
     * @param weights            W (normalized, with uncertainty)
     * @param sensitivityDegPerMm per pilot the larger of the x and y sensitivities, degrees rms per mm
     * @param commonShiftDegPerMm all pilots moved together by 1 mm (the worse of x and y), degrees rms per mm
     * @param fitResidualRmsDeg  rms phase of {@code G_pn / (α_p w_n)} over pilots and elements: the inconsistency
     *                           between pilots (multipath, position error) plus noise
     * @param noiseRmsDeg        the rms phase that noise alone would give there
     */
    public record Result(ChainWeights weights, double[] sensitivityDegPerMm,
                         double commonShiftDegPerMm, double fitResidualRmsDeg, double noiseRmsDeg) {
    }

    /**
     * @param stacks       one stack per pilot position
     * @param positionsM   pilot positions, interleaved x, y (metres)
     */
    public static Result fit(ElementArray rx, double wavelengthM, List<CpiStack> stacks, double[] positionsM) {
        int pilots = stacks.size();
        if (positionsM.length != 2 * pilots || pilots == 0) {
            throw new IllegalArgumentException(pilots + " stacks but " + positionsM.length / 2 + " positions");
        }
        int n = rx.count();
        double[][] mean = new double[pilots][];
        double[][] var = new double[pilots][n];
        for (int p = 0; p < pilots; p++) {
            CpiStack s = stacks.get(p);
            mean[p] = symbolMean(s.mean(), n, s.symbols());
            for (int e = 0; e < n; e++) {
                var[p][e] = s.noiseVariance(e) / ((double) s.count() * s.symbols());
            }
        }
        double[] q = positionsM.clone();
        Fit fit = solve(rx, wavelengthM, mean, var, q);
        double[] sens = new double[pilots];
        for (int p = 0; p < pilots; p++) {
            for (int axis = 0; axis < 2; axis++) {
                double[] moved = positionsM.clone();
                moved[2 * p + axis] += SENSITIVITY_STEP_M;
                Fit f = solve(rx, wavelengthM, mean, var, moved);
                sens[p] = Math.max(sens[p], WeightsComparison.of(f.w, fit.w).rmsPhaseDeg() / (SENSITIVITY_STEP_M * 1e3));
            }
        }
        double common = 0;
        for (int axis = 0; axis < 2; axis++) {
            double[] moved = positionsM.clone();
            for (int p = 0; p < pilots; p++) {
                moved[2 * p + axis] += SENSITIVITY_STEP_M;
            }
            Fit f = solve(rx, wavelengthM, mean, var, moved);
            common = Math.max(common, WeightsComparison.of(f.w, fit.w).rmsPhaseDeg() / (SENSITIVITY_STEP_M * 1e3));
        }
        return new Result(fit.weights.normalized(), sens, common, fit.residualDeg, fit.noiseDeg);
    }

    /** Per element the mean over the symbols: {@code (1/M) Σ_m S[n, m]}, interleaved. */
    static double[] symbolMean(double[] s, int channels, int symbols) {
        double[] out = new double[2 * channels];
        for (int e = 0; e < channels; e++) {
            for (int m = 0; m < symbols; m++) {
                out[2 * e] += s[2 * (e * symbols + m)] / symbols;
                out[2 * e + 1] += s[2 * (e * symbols + m) + 1] / symbols;
            }
        }
        return out;
    }

    private record Fit(double[] w, ChainWeights weights, double residualDeg, double noiseDeg) {
    }

    /** The rank-one fit with the pilots at positions {@code q}. */
    private static Fit solve(ElementArray rx, double wavelengthM, double[][] mean, double[][] var, double[] q) {
        int pilots = mean.length;
        int n = rx.count();
        double k = 2 * Math.PI / wavelengthM;
        double[][] g = new double[pilots][];
        for (int p = 0; p < pilots; p++) {
            g[p] = derotate(rx, k, mean[p], q[2 * p], q[2 * p + 1]);
        }
        double[] w = new double[2 * n];
        double[] alpha = new double[2 * pilots];
        for (int e = 0; e < n; e++) {
            w[2 * e] = 1;
        }
        rankOne(g, var, w, alpha);
        double[] std = new double[n];
        double res = 0;
        double noise = 0;
        for (int e = 0; e < n; e++) {
            double info = 0;
            for (int p = 0; p < pilots; p++) {
                double a2 = alpha[2 * p] * alpha[2 * p] + alpha[2 * p + 1] * alpha[2 * p + 1];
                info += a2 / var[p][e];
                double mr = alpha[2 * p] * w[2 * e] - alpha[2 * p + 1] * w[2 * e + 1];
                double mi = alpha[2 * p] * w[2 * e + 1] + alpha[2 * p + 1] * w[2 * e];
                double gr = g[p][2 * e];
                double gi = g[p][2 * e + 1];
                double ph = Math.atan2(gi * mr - gr * mi, gr * mr + gi * mi);
                res += ph * ph;
                noise += var[p][e] / (2 * (mr * mr + mi * mi));
            }
            std[e] = 1 / Math.sqrt(info);
        }
        int count = pilots * n;
        return new Fit(w, ChainWeights.withComplexStd(w, std), Math.toDegrees(Math.sqrt(res / count)),
                Math.toDegrees(Math.sqrt(noise / count)));
    }

    /** {@code G_n = mean_n · e^{+jk|q − e_n|}}. */
    private static double[] derotate(ElementArray rx, double k, double[] mean, double x, double y) {
        int n = rx.count();
        double[] g = new double[2 * n];
        for (int e = 0; e < n; e++) {
            double ph = k * Math.hypot(x - rx.xM(e), y - rx.yM(e));
            double c = Math.cos(ph);
            double s = Math.sin(ph);
            g[2 * e] = mean[2 * e] * c - mean[2 * e + 1] * s;
            g[2 * e + 1] = mean[2 * e] * s + mean[2 * e + 1] * c;
        }
        return g;
    }

    /** Weighted rank-one fit {@code G_pn ≈ α_p w_n}, alternating from the current {@code w}. */
    static void rankOne(double[][] g, double[][] var, double[] w, double[] alpha) {
        int pilots = g.length;
        int n = w.length / 2;
        for (int it = 0; it < ITERATIONS; it++) {
            gains(g, var, w, alpha);
            double change = 0;
            for (int e = 0; e < n; e++) {
                double nr = 0;
                double ni = 0;
                double d = 0;
                for (int p = 0; p < pilots; p++) {
                    double iv = 1 / var[p][e];
                    double ar = alpha[2 * p];
                    double ai = alpha[2 * p + 1];
                    nr += (ar * g[p][2 * e] + ai * g[p][2 * e + 1]) * iv;
                    ni += (ar * g[p][2 * e + 1] - ai * g[p][2 * e]) * iv;
                    d += (ar * ar + ai * ai) * iv;
                }
                double wr = nr / d;
                double wi = ni / d;
                change += (wr - w[2 * e]) * (wr - w[2 * e]) + (wi - w[2 * e + 1]) * (wi - w[2 * e + 1]);
                w[2 * e] = wr;
                w[2 * e + 1] = wi;
            }
            // fix the scale so that the alternation does not drift: mean |w|² = 1
            double norm = 0;
            for (int e = 0; e < n; e++) {
                norm += (w[2 * e] * w[2 * e] + w[2 * e + 1] * w[2 * e + 1]) / n;
            }
            double sc = 1 / Math.sqrt(norm);
            for (int i = 0; i < w.length; i++) {
                w[i] *= sc;
            }
            if (pilots == 1 || change / n < 1e-24) {
                break;
            }
        }
        gains(g, var, w, alpha);   // α matching the final w
    }

    /** {@code α_p = Σ_n w_n* G_pn / var_pn / Σ_n |w_n|² / var_pn} (weighted least squares given W). */
    private static void gains(double[][] g, double[][] var, double[] w, double[] alpha) {
        for (int p = 0; p < g.length; p++) {
            double nr = 0;
            double ni = 0;
            double d = 0;
            for (int e = 0; e < w.length / 2; e++) {
                double iv = 1 / var[p][e];
                nr += (w[2 * e] * g[p][2 * e] + w[2 * e + 1] * g[p][2 * e + 1]) * iv;
                ni += (w[2 * e] * g[p][2 * e + 1] - w[2 * e + 1] * g[p][2 * e]) * iv;
                d += (w[2 * e] * w[2 * e] + w[2 * e + 1] * w[2 * e + 1]) * iv;
            }
            alpha[2 * p] = nr / d;
            alpha[2 * p + 1] = ni / d;
        }
    }
}
