package org.nftb.methods.seqbeam.design;

/**
 * Limited-memory BFGS (Nocedal & Wright, Numerical Optimization, Alg. 7.4/7.5: two-loop recursion, memory m,
 * initial scaling {@code sᵀy/yᵀy}) with a backtracking line search on the Armijo condition (c₁ = 1e-4, halving;
 * a step that leaves the domain, f = +∞, is halved too) and the curvature pair skipped when {@code sᵀy ≤ 0}.
 * Hand-written because no maintained Java library on Maven Central offers L-BFGS (Commons Math / Hipparchus have
 * nonlinear CG and derivative-free methods only); 100 lines, checked in {@code LbfgsTest} on the Rosenbrock
 * function and a convex quadratic against their known minima.
 * Stops when the relative decrease over {@link #PATIENCE} iterations is below {@code relTol}, the gradient vanishes,
 * or after {@code maxIterations}. Allocates its buffers per call; not thread-safe.
 */
public final class Lbfgs {
    /** f(x) and its gradient into g (overwritten); +∞ outside the domain. */
    public interface Function {
        double value(double[] x, double[] g);
    }

    /** Minimum found. */
    public record Result(double[] x, double value, int iterations, int evaluations) {
    }

    static final int MEMORY = 10;
    static final int PATIENCE = 5;

    private Lbfgs() {
    }

    public static Result minimize(Function fn, double[] x0, double relTol, int maxIterations) {
        int n = x0.length;
        double[] x = x0.clone();
        double[] g = new double[n];
        double f = fn.value(x, g);
        int evals = 1;
        if (!Double.isFinite(f)) {
            throw new IllegalArgumentException("L-BFGS: the start point lies outside the domain (f = " + f + ")");
        }
        double[][] s = new double[MEMORY][n];
        double[][] y = new double[MEMORY][n];
        double[] rho = new double[MEMORY];
        double[] alpha = new double[MEMORY];
        double[] d = new double[n];
        double[] xn = new double[n];
        double[] gn = new double[n];
        int stored = 0;
        int head = 0;
        double[] history = new double[PATIENCE + 1];
        int it = 0;
        for (; it < maxIterations; it++) {
            history[it % (PATIENCE + 1)] = f;
            // d = −H g (two-loop recursion)
            for (int i = 0; i < n; i++) {
                d[i] = -g[i];
            }
            for (int k = 0; k < stored; k++) {
                int j = Math.floorMod(head - 1 - k, MEMORY);
                alpha[j] = rho[j] * dot(s[j], d);
                axpy(-alpha[j], y[j], d);
            }
            double gamma = 1;
            if (stored > 0) {
                int j = Math.floorMod(head - 1, MEMORY);
                gamma = dot(s[j], y[j]) / dot(y[j], y[j]);
            } else {
                double gn2 = Math.sqrt(dot(g, g));
                gamma = gn2 > 0 ? 1 / gn2 : 1;
            }
            for (int i = 0; i < n; i++) {
                d[i] *= gamma;
            }
            for (int k = stored - 1; k >= 0; k--) {
                int j = Math.floorMod(head - 1 - k, MEMORY);
                double beta = rho[j] * dot(y[j], d);
                axpy(alpha[j] - beta, s[j], d);
            }
            double slope = dot(g, d);
            if (!(slope < 0)) {
                for (int i = 0; i < n; i++) {
                    d[i] = -g[i];
                }
                slope = -dot(g, g);
                stored = 0;
            }
            if (slope == 0) {
                break;
            }
            double step = 1;
            double fn2 = Double.NaN;
            for (int tries = 0; tries < 60; tries++, step /= 2) {
                for (int i = 0; i < n; i++) {
                    xn[i] = x[i] + step * d[i];
                }
                fn2 = fn.value(xn, gn);
                evals++;
                if (fn2 <= f + 1e-4 * step * slope) {
                    break;
                }
            }
            if (!(fn2 <= f)) {
                break;
            }
            int j = head;
            double sy = 0;
            for (int i = 0; i < n; i++) {
                s[j][i] = xn[i] - x[i];
                y[j][i] = gn[i] - g[i];
                sy += s[j][i] * y[j][i];
            }
            if (sy > 0) {
                rho[j] = 1 / sy;
                head = (head + 1) % MEMORY;
                stored = Math.min(stored + 1, MEMORY);
            }
            System.arraycopy(xn, 0, x, 0, n);
            System.arraycopy(gn, 0, g, 0, n);
            double old = history[(it + 1) % (PATIENCE + 1)];
            f = fn2;
            if (it >= PATIENCE && old - f <= relTol * Math.abs(f)) {
                it++;
                break;
            }
        }
        return new Result(x, f, it, evals);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }
}
