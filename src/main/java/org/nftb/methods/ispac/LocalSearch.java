package org.nftb.methods.ispac;

import java.util.function.DoubleUnaryOperator;

/**
 * One- and two-dimensional local maximisation of a smooth objective, for seed 003's searches: golden-section
 * search on a bracket, alternating 1-D refinement and a Newton polish with central-difference derivatives.
 * Allocation-free; not thread-safe (holds the current point).
 */
final class LocalSearch {
    /** An objective of (θ, r) to maximise. */
    interface Objective {
        double value(double angleRad, double rangeM);
    }

    private static final double INV_PHI = (Math.sqrt(5) - 1) / 2;

    private LocalSearch() {
    }

    /** The index of the grid point where f is largest (the first on ties; 0 when f is nowhere above −1). */
    static int argmax(DoubleUnaryOperator f, double[] grid) {
        int best = 0;
        double bestV = -1;
        for (int i = 0; i < grid.length; i++) {
            double v = f.applyAsDouble(grid[i]);
            if (v > bestV) {
                bestV = v;
                best = i;
            }
        }
        return best;
    }

    /** Maximises f on [lo, hi] by golden section to width tol; returns the argument. */
    static double golden(DoubleUnaryOperator f, double lo, double hi, double tol) {
        double a = lo;
        double b = hi;
        double c = b - INV_PHI * (b - a);
        double d = a + INV_PHI * (b - a);
        double fc = f.applyAsDouble(c);
        double fd = f.applyAsDouble(d);
        while (b - a > tol) {
            if (fc > fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - INV_PHI * (b - a);
                fc = f.applyAsDouble(c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + INV_PHI * (b - a);
                fd = f.applyAsDouble(d);
            }
        }
        return fc > fd ? c : d;
    }

    /**
     * Newton's method on (θ, r) from {@code start} with central differences of steps (hθ, hr) and backtracking:
     * a step is taken only if it increases f; stops when the step is below (tolθ, tolr) or after 30 iterations.
     * Writes the maximiser into {@code out[0..1]}.
     */
    static void newton(Objective f, double theta0, double range0, double hTheta, double hRange, double tolTheta,
                       double tolRange, double[] out) {
        double th = theta0;
        double r = range0;
        double f0 = f.value(th, r);
        for (int it = 0; it < 30; it++) {
            double fpp = f.value(th + hTheta, r);
            double fmm = f.value(th - hTheta, r);
            double fp2 = f.value(th, r + hRange);
            double fm2 = f.value(th, r - hRange);
            double fpq = f.value(th + hTheta, r + hRange);
            double fmq = f.value(th - hTheta, r - hRange);
            double fpm = f.value(th + hTheta, r - hRange);
            double fmp = f.value(th - hTheta, r + hRange);
            double g1 = (fpp - fmm) / (2 * hTheta);
            double g2 = (fp2 - fm2) / (2 * hRange);
            double h11 = (fpp - 2 * f0 + fmm) / (hTheta * hTheta);
            double h22 = (fp2 - 2 * f0 + fm2) / (hRange * hRange);
            double h12 = (fpq - fpm - fmp + fmq) / (4 * hTheta * hRange);
            double det = h11 * h22 - h12 * h12;
            double s1;
            double s2;
            if (h11 < 0 && det > 0) {
                s1 = -(h22 * g1 - h12 * g2) / det;
                s2 = -(-h12 * g1 + h11 * g2) / det;
            } else {
                // not concave here: a gradient step of one difference step's size
                double n = Math.hypot(g1 * hTheta, g2 * hRange);
                if (n == 0) {
                    break;
                }
                s1 = g1 * hTheta * hTheta / n;
                s2 = g2 * hRange * hRange / n;
            }
            boolean moved = false;
            for (int half = 0; half < 20; half++) {
                double nt = th + s1;
                double nr = r + s2;
                double fn = nr > 0 ? f.value(nt, nr) : Double.NEGATIVE_INFINITY;
                if (fn >= f0) {
                    th = nt;
                    r = nr;
                    f0 = fn;
                    moved = true;
                    break;
                }
                s1 /= 2;
                s2 /= 2;
            }
            if (!moved || (Math.abs(s1) < tolTheta && Math.abs(s2) < tolRange)) {
                break;
            }
        }
        out[0] = th;
        out[1] = r;
    }
}
