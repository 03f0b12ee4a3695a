package org.nftb.calibration;

import org.nftb.model.ElementArray;

import java.util.List;
import org.nftb.calibration.table.CalibrationException;
import org.nftb.calibration.table.ChainWeights;

/**
 * Element positions (geometry calibration) and W from a pilot at several known positions, for arrays whose element
 * placement is not known to a fraction of a wavelength. Pilot p gives {@code G_pn = α_p w_n e^{−jk|p_p − e_n|} + ν}
 * (the symbol mean of its {@link CpiStack}); unknown are the per-pilot gains α_p, the weights w_n and the element
 * positions e_n.
 *
 * <ol>
 *   <li><b>Start</b> without α: the ratios {@code G_pn G_p0*} do not depend on α_p; with element 0 at its nominal
 *       position each other element's position is found by a grid search over ±{@code searchM} in x and y
 *       (λ/40 steps) maximising {@code |Σ_p G_pn G_p0* e^{+jk(|p_p − e| − |p_p − e_0|)} / var|}, then refined.</li>
 *   <li><b>Alternate</b> ({@value #ROUNDS} rounds): α_p given W and the positions (weighted least squares), then
 *       each element's position by coordinate-wise parabolic steps on its concentrated likelihood
 *       {@code |Σ_p α_p* G_pn e^{+jk|p_p − e|}/var_pn|² / Σ_p |α_p|²/var_pn} (element 0 too), and w_n in closed form.</li>
 * </ol>
 * <p><b>Frame.</b> What this measures is the array's shape. Moving the whole array rigidly (a shift, a small rotation)
 * changes every pilot's phase pattern almost as a per-pilot gain and a ramp of W would, so it is barely observable
 * (only through the curvature of near-field pilots) and the alternation does not settle it: measured on a 16-element
 * array with 0.3 λ errors, the shape came out within λ/100 while the whole array sat 0.24 λ off. The result is
 * therefore moved rigidly onto the nominal positions (least squares, {@link #alignTo}) and W refitted there: the
 * positions are in the nominal array's frame, and a rigid error of the real array shows as a phase ramp in W (which
 * an estimator reads as an angle and range offset of every target, as it would the misplaced array). The grid search resolves errors up to {@code searchM}; errors along a
 * direction in which every pilot's path changes by a whole wavelength at once would alias, which pilots at widely
 * different angles rule out.
 *
 * <p>Allocates; thread-safe (no state).
 */
public final class GeometryFit {
    static final int ROUNDS = 8;

    private GeometryFit() {
    }

    /**
     * @param weights     W at the measured positions (normalized, with uncertainty)
     * @param positionsM  measured element positions, interleaved x, y
     */
    public record Result(ChainWeights weights, double[] positionsM) {
    }

    /**
     * @param nominal     the element positions believed so far
     * @param stacks      one stack per pilot position
     * @param pilotsM     pilot positions, interleaved x, y
     * @param searchM     half-width of the search around each nominal position, metres (e.g. λ/2)
     */
    public static Result fit(ElementArray nominal, double wavelengthM, List<CpiStack> stacks, double[] pilotsM,
                             double searchM) {
        int pilots = stacks.size();
        int n = nominal.count();
        if (pilots < 3) {
            throw new CalibrationException("geometry calibration needs pilots at 3 or more positions, got " + pilots);
        }
        double k = 2 * Math.PI / wavelengthM;
        double[][] g = new double[pilots][];
        double[][] var = new double[pilots][n];
        for (int p = 0; p < pilots; p++) {
            CpiStack s = stacks.get(p);
            g[p] = PilotFit.symbolMean(s.mean(), n, s.symbols());
            for (int e = 0; e < n; e++) {
                var[p][e] = s.noiseVariance(e) / ((double) s.count() * s.symbols());
            }
        }
        double[] pos = new double[2 * n];
        for (int e = 0; e < n; e++) {
            pos[2 * e] = nominal.xM(e);
            pos[2 * e + 1] = nominal.yM(e);
        }
        // 1. ratios to element 0: no per-pilot gain needed
        double[] alpha = new double[2 * pilots];   // α_p w_0 = G_p0 e^{+jk|p − e_0|} as the first gain estimate
        double[][] h = derotated(g, pilotsM, pos, k);
        for (int p = 0; p < pilots; p++) {
            alpha[2 * p] = h[p][0];
            alpha[2 * p + 1] = h[p][1];
        }
        for (int e = 1; e < n; e++) {
            double step = wavelengthM / 40;
            int half = (int) Math.ceil(searchM / step);
            double bx = pos[2 * e];
            double by = pos[2 * e + 1];
            double best = -1;
            for (int i = -half; i <= half; i++) {
                for (int j = -half; j <= half; j++) {
                    double x = pos[2 * e] + i * step;
                    double y = pos[2 * e + 1] + j * step;
                    double v = likelihood(g, var, alpha, pilotsM, e, x, y, k);
                    if (v > best) {
                        best = v;
                        bx = x;
                        by = y;
                    }
                }
            }
            pos[2 * e] = bx;
            pos[2 * e + 1] = by;
        }
        // 2. alternate gains and weights (the rank-one fit at the current positions) and positions
        double[] w = new double[2 * n];
        for (int e = 0; e < n; e++) {
            w[2 * e] = 1;
        }
        for (int round = 0; round < ROUNDS; round++) {
            PilotFit.rankOne(derotated(g, pilotsM, pos, k), var, w, alpha);
            for (int e = 0; e < n; e++) {
                refine(g, var, alpha, pilotsM, e, pos, k, wavelengthM);
            }
        }
        pos = alignTo(nominal, pos);
        PilotFit.rankOne(derotated(g, pilotsM, pos, k), var, w, alpha);   // gains and weights at the aligned positions
        double[] std = new double[n];
        for (int e = 0; e < n; e++) {
            double info = 0;
            for (int p = 0; p < pilots; p++) {
                info += (alpha[2 * p] * alpha[2 * p] + alpha[2 * p + 1] * alpha[2 * p + 1]) / var[p][e];
            }
            std[e] = 1 / Math.sqrt(info);
        }
        return new Result(ChainWeights.withComplexStd(w, std).normalized(), pos);
    }

    /**
     * {@code pos} moved rigidly (translation and rotation, least squares) onto the nominal positions: the frame of
     * the result is the nominal array's.
     */
    public static double[] alignTo(ElementArray nominal, double[] pos) {
        int n = nominal.count();
        double cx = 0;
        double cy = 0;
        double nx = 0;
        double ny = 0;
        for (int e = 0; e < n; e++) {
            cx += pos[2 * e] / n;
            cy += pos[2 * e + 1] / n;
            nx += nominal.xM(e) / n;
            ny += nominal.yM(e) / n;
        }
        double cross = 0;
        double dot = 0;
        for (int e = 0; e < n; e++) {
            double ax = pos[2 * e] - cx;
            double ay = pos[2 * e + 1] - cy;
            double bx = nominal.xM(e) - nx;
            double by = nominal.yM(e) - ny;
            cross += ax * by - ay * bx;
            dot += ax * bx + ay * by;
        }
        double th = Math.atan2(cross, dot);
        double c = Math.cos(th);
        double s = Math.sin(th);
        double[] out = new double[2 * n];
        for (int e = 0; e < n; e++) {
            double ax = pos[2 * e] - cx;
            double ay = pos[2 * e + 1] - cy;
            out[2 * e] = nx + c * ax - s * ay;
            out[2 * e + 1] = ny + s * ax + c * ay;
        }
        return out;
    }

    /** {@code |Σ_p α_p* G_pn e^{+jk|p − (x, y)|}/var|² / Σ_p |α_p|²/var}. */
    private static double likelihood(double[][] g, double[][] var, double[] alpha, double[] pilotsM, int e,
                                     double x, double y, double k) {
        double re = 0;
        double im = 0;
        double d = 0;
        for (int p = 0; p < g.length; p++) {
            double ph = k * Math.hypot(pilotsM[2 * p] - x, pilotsM[2 * p + 1] - y);
            double c = Math.cos(ph);
            double s = Math.sin(ph);
            double gr = g[p][2 * e] * c - g[p][2 * e + 1] * s;
            double gi = g[p][2 * e] * s + g[p][2 * e + 1] * c;
            double iv = 1 / var[p][e];
            double ar = alpha[2 * p];
            double ai = alpha[2 * p + 1];
            re += (ar * gr + ai * gi) * iv;
            im += (ar * gi - ai * gr) * iv;
            d += (ar * ar + ai * ai) * iv;
        }
        return (re * re + im * im) / d;
    }

    /** {@code H_pn = G_pn e^{+jk|p_p − e_n|}} at element positions {@code pos}. */
    private static double[][] derotated(double[][] g, double[] pilotsM, double[] pos, double k) {
        double[][] h = new double[g.length][g[0].length];
        for (int p = 0; p < g.length; p++) {
            for (int e = 0; e < pos.length / 2; e++) {
                double ph = k * Math.hypot(pilotsM[2 * p] - pos[2 * e], pilotsM[2 * p + 1] - pos[2 * e + 1]);
                double c = Math.cos(ph);
                double s = Math.sin(ph);
                h[p][2 * e] = g[p][2 * e] * c - g[p][2 * e + 1] * s;
                h[p][2 * e + 1] = g[p][2 * e] * s + g[p][2 * e + 1] * c;
            }
        }
        return h;
    }

    private static void refine(double[][] g, double[][] var, double[] alpha, double[] pilotsM, int e, double[] pos,
                               double k, double wavelengthM) {
        double h = wavelengthM / 80;
        for (int sweep = 0; sweep < 10; sweep++) {
            for (int axis = 0; axis < 2; axis++) {
                double x = pos[2 * e];
                double y = pos[2 * e + 1];
                double dx = axis == 0 ? h : 0;
                double dy = axis == 1 ? h : 0;
                double f0 = likelihood(g, var, alpha, pilotsM, e, x, y, k);
                double fm = likelihood(g, var, alpha, pilotsM, e, x - dx, y - dy, k);
                double fp = likelihood(g, var, alpha, pilotsM, e, x + dx, y + dy, k);
                double curv = fp - 2 * f0 + fm;
                double t = curv < 0 ? 0.5 * (fm - fp) / curv : (fp > fm ? 1 : -1);
                t = Math.max(-3, Math.min(3, t));
                if (likelihood(g, var, alpha, pilotsM, e, x + t * dx, y + t * dy, k) > f0) {
                    pos[2 * e] = x + t * dx;
                    pos[2 * e + 1] = y + t * dy;
                }
            }
            h *= 0.6;
        }
    }
}
