package org.nftb.methods.seqbeam;

import java.util.Arrays;

/**
 * Small dense real symmetric helpers (row-major {@code double[]}) for the FIM algebra: Cholesky, inverse, Schur
 * complement, congruence. Sizes are tens, so plain loops beat a library's call overhead; callers pass scratch
 * where they run in loops. Stateless.
 */
public final class Dense {
    private Dense() {
    }

    /** In-place Cholesky of the n×n SPD matrix a (lower factor in the lower triangle); false unless positive definite. */
    public static boolean cholesky(double[] a, int n) {
        for (int j = 0; j < n; j++) {
            double s = a[j * n + j];
            for (int k = 0; k < j; k++) {
                s -= a[j * n + k] * a[j * n + k];
            }
            if (!(s > 0)) {
                return false;
            }
            double d = Math.sqrt(s);
            a[j * n + j] = d;
            for (int i = j + 1; i < n; i++) {
                double t = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    t -= a[i * n + k] * a[j * n + k];
                }
                a[i * n + j] = t / d;
            }
        }
        return true;
    }

    /** Solves L Lᵀ X = B in place for the m columns of b (n×m row-major), l from {@link #cholesky}. */
    public static void cholSolve(double[] l, int n, double[] b, int m) {
        for (int c = 0; c < m; c++) {
            for (int i = 0; i < n; i++) {
                double s = b[i * m + c];
                for (int k = 0; k < i; k++) {
                    s -= l[i * n + k] * b[k * m + c];
                }
                b[i * m + c] = s / l[i * n + i];
            }
            for (int i = n - 1; i >= 0; i--) {
                double s = b[i * m + c];
                for (int k = i + 1; k < n; k++) {
                    s -= l[k * n + i] * b[k * m + c];
                }
                b[i * m + c] = s / l[i * n + i];
            }
        }
    }

    /**
     * Inverse of the SPD matrix a (n×n) by Cholesky after symmetric diagonal scaling (the FIMs mix units across
     * twenty orders of magnitude); null when not positive definite.
     */
    public static double[] inverse(double[] a, int n) {
        double[] inv = new double[n * n];
        return inverseInto(a, n, inv, new double[n * n], new double[n]) ? inv : null;
    }

    /**
     * {@link #inverse} into caller-owned {@code inv} (n×n) with scratch {@code c} (n×n) and {@code s} (n),
     * allocation-free; false (inv undefined) when a is not positive definite.
     */
    public static boolean inverseInto(double[] a, int n, double[] inv, double[] c, double[] s) {
        for (int i = 0; i < n; i++) {
            s[i] = a[i * n + i] > 0 ? 1 / Math.sqrt(a[i * n + i]) : 1;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                c[i * n + j] = a[i * n + j] * s[i] * s[j];
            }
        }
        if (!cholesky(c, n)) {
            return false;
        }
        Arrays.fill(inv, 0, n * n, 0);
        for (int i = 0; i < n; i++) {
            inv[i * n + i] = 1;
        }
        cholSolve(c, n, inv, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                inv[i * n + j] *= s[i] * s[j];
            }
        }
        return true;
    }

    /**
     * Schur complement of the indices {@code drop} in the symmetric n×n matrix a: {@code A_kk − A_kd A_dd⁻¹ A_dk}
     * over the kept indices (in order); null when A_dd is not positive definite.
     */
    public static double[] schur(double[] a, int n, int[] keep, int[] drop) {
        int k = keep.length;
        int m = drop.length;
        double[] out = new double[k * k];
        return schurInto(a, n, keep, k, drop, m, out, new double[m * m], new double[m * m], new double[m * m],
                new double[m], new double[m]) ? out : null;
    }

    /**
     * {@link #schur} over {@code keep[0..k)} and {@code drop[0..m)} into caller-owned {@code out} (k×k), with scratch
     * {@code add}, {@code inv}, {@code c} (m×m each) and {@code s}, {@code t} (m each): allocation-free, the same
     * arithmetic; false when A_dd is not positive definite.
     */
    public static boolean schurInto(double[] a, int n, int[] keep, int k, int[] drop, int m, double[] out,
                                    double[] add, double[] inv, double[] c, double[] s, double[] t) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                add[i * m + j] = a[drop[i] * n + drop[j]];
            }
        }
        if (!inverseInto(add, m, inv, c, s)) {
            return false;
        }
        for (int i = 0; i < k; i++) {
            for (int q = 0; q < m; q++) {
                double v = 0;
                for (int r = 0; r < m; r++) {
                    v += a[keep[i] * n + drop[r]] * inv[r * m + q];
                }
                t[q] = v;
            }
            for (int j = 0; j < k; j++) {
                double v = a[keep[i] * n + keep[j]];
                for (int q = 0; q < m; q++) {
                    v -= t[q] * a[drop[q] * n + keep[j]];
                }
                out[i * k + j] = v;
            }
        }
        return true;
    }

    /** {@code Jᵀ A J} for A (r×r) and J (r×c row-major). */
    public static double[] congruence(double[] a, int r, double[] j, int c) {
        double[] aj = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int k = 0; k < r; k++) {
                double v = a[i * r + k];
                if (v == 0) {
                    continue;
                }
                for (int q = 0; q < c; q++) {
                    aj[i * c + q] += v * j[k * c + q];
                }
            }
        }
        double[] out = new double[c * c];
        for (int k = 0; k < r; k++) {
            for (int p = 0; p < c; p++) {
                double v = j[k * c + p];
                if (v == 0) {
                    continue;
                }
                for (int q = 0; q < c; q++) {
                    out[p * c + q] += v * aj[k * c + q];
                }
            }
        }
        return out;
    }

    public static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
