package org.nftb.linalg;

import org.ejml.data.DMatrixRMaj;

import java.util.Arrays;

/**
 * Small complex linear algebra on interleaved re/im double arrays (row-major matrices), for seed 003's kernels and
 * designs. Hermitian eigendecompositions go through the real embedding {@code [[A, −B], [B, A]]} of
 * {@code H = A + jB} (EJML's symmetric solver): every eigenvalue of H appears twice, and an eigenvector
 * {@code [x; y]} of the embedding is the complex eigenvector {@code x + jy}.
 */
public final class Cx {
    private Cx() {
    }

    /** Re of {@code xᴴ y} over n entries. */
    public static double dotRe(double[] x, double[] y, int n) {
        double s = 0;
        for (int i = 0; i < 2 * n; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    /** {@code xᴴ y} into {@code out[0..1]}. */
    public static void dot(double[] x, double[] y, int n, double[] out) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < n; i++) {
            double xr = x[2 * i];
            double xi = x[2 * i + 1];
            double yr = y[2 * i];
            double yi = y[2 * i + 1];
            re += xr * yr + xi * yi;
            im += xr * yi - xi * yr;
        }
        out[0] = re;
        out[1] = im;
    }

    /** ‖x‖² over n entries. */
    public static double norm2(double[] x, int n) {
        return dotRe(x, x, n);
    }

    /**
     * Hermitian eigendecomposition of the n×n matrix h (row-major interleaved): eigenvalues descending into
     * {@code values} (n) and the eigenvectors as the columns of {@code vectors} (n×n interleaved, unit norm).
     * Allocating form (a new {@link Eigh} each call); kernels keep an {@link Eigh}.
     */
    public static void eigh(double[] h, int n, double[] values, double[] vectors) {
        new Eigh(n).decompose(h, values, vectors);
    }

    /**
     * A reusable Hermitian eigensolver of one size through the real embedding (EJML's symmetric QR algorithm,
     * {@link SymmetricEig}): the embedding, the solver's arrays, the sort order and the scratch vector are allocated
     * once, so a decomposition allocates nothing. Not thread-safe.
     */
    public static final class Eigh {
        private final int n;
        private final DMatrixRMaj e;
        private final SymmetricEig eig;
        private final int[] order;
        private final double[] ev;
        private final double[] v;

        public Eigh(int n) {
            this.n = n;
            this.e = new DMatrixRMaj(2 * n, 2 * n);
            this.eig = new SymmetricEig(2 * n);
            this.order = new int[2 * n];
            this.ev = new double[2 * n];
            this.v = new double[2 * n];
        }

        /** Decomposes h (n×n, Hermitian part used) into descending values and unit eigenvector columns. */
        public void decompose(double[] h, double[] values, double[] vectors) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double a = 0.5 * (h[2 * (i * n + j)] + h[2 * (j * n + i)]);
                    double b = 0.5 * (h[2 * (i * n + j) + 1] - h[2 * (j * n + i) + 1]);
                    e.set(i, j, a);
                    e.set(i + n, j + n, a);
                    e.set(i, j + n, -b);
                    e.set(i + n, j, b);
                }
            }
            if (!eig.decompose(e)) {
                throw new IllegalStateException("Hermitian eigendecomposition failed (n = " + n + ")");
            }
            int m = 2 * n;
            for (int i = 0; i < m; i++) {
                ev[i] = eig.value(i);
                // insertion sort, descending (m ≤ 2·64: no allocation, cheap next to the decomposition)
                int p = i;
                while (p > 0 && ev[order[p - 1]] < ev[i]) {
                    order[p] = order[p - 1];
                    p--;
                }
                order[p] = i;
            }
            // each complex eigenvector appears as [x; y] and [−y; x]; complex Gram-Schmidt keeps one of each pair
            // (and a full basis within repeated eigenvalues)
            int found = 0;
            for (int idx = 0; idx < m && found < n; idx++) {
                DMatrixRMaj vec = eig.vector(order[idx]);
                for (int i = 0; i < n; i++) {
                    v[2 * i] = vec.get(i, 0);
                    v[2 * i + 1] = vec.get(i + n, 0);
                }
                for (int c = 0; c < found; c++) {
                    double pr = 0;
                    double pi = 0;
                    for (int i = 0; i < n; i++) {
                        double ur = vectors[2 * (i * n + c)];
                        double ui = vectors[2 * (i * n + c) + 1];
                        pr += ur * v[2 * i] + ui * v[2 * i + 1];
                        pi += ur * v[2 * i + 1] - ui * v[2 * i];
                    }
                    for (int i = 0; i < n; i++) {
                        double ur = vectors[2 * (i * n + c)];
                        double ui = vectors[2 * (i * n + c) + 1];
                        v[2 * i] -= pr * ur - pi * ui;
                        v[2 * i + 1] -= pr * ui + pi * ur;
                    }
                }
                double nv = Math.sqrt(norm2(v, n));
                if (nv < 1e-6) {
                    continue;
                }
                values[found] = ev[order[idx]];
                for (int i = 0; i < n; i++) {
                    vectors[2 * (i * n + found)] = v[2 * i] / nv;
                    vectors[2 * (i * n + found) + 1] = v[2 * i + 1] / nv;
                }
                found++;
            }
            if (found < n) {
                throw new IllegalStateException("Hermitian eigendecomposition found " + found + " of " + n
                        + " vectors");
            }
        }
    }

    /** {@code out = A B} for A (m×k) and B (k×n), interleaved row-major. */
    public static void mul(double[] a, double[] b, int m, int k, int n, double[] out) {
        Arrays.fill(out, 0, 2 * m * n, 0);
        for (int i = 0; i < m; i++) {
            for (int l = 0; l < k; l++) {
                double ar = a[2 * (i * k + l)];
                double ai = a[2 * (i * k + l) + 1];
                if (ar == 0 && ai == 0) {
                    continue;
                }
                int bo = 2 * l * n;
                int oo = 2 * i * n;
                for (int j = 0; j < n; j++) {
                    double br = b[bo + 2 * j];
                    double bi = b[bo + 2 * j + 1];
                    out[oo + 2 * j] += ar * br - ai * bi;
                    out[oo + 2 * j + 1] += ar * bi + ai * br;
                }
            }
        }
    }

    /** {@code out = A Bᴴ} for A (m×k) and B (n×k): the Gram form, interleaved row-major. */
    public static void mulAdjoint(double[] a, double[] b, int m, int k, int n, double[] out) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double re = 0;
                double im = 0;
                int ao = 2 * i * k;
                int bo = 2 * j * k;
                for (int l = 0; l < k; l++) {
                    double ar = a[ao + 2 * l];
                    double ai = a[ao + 2 * l + 1];
                    double br = b[bo + 2 * l];
                    double bi = -b[bo + 2 * l + 1];
                    re += ar * br - ai * bi;
                    im += ar * bi + ai * br;
                }
                out[2 * (i * n + j)] = re;
                out[2 * (i * n + j) + 1] = im;
            }
        }
    }

    /** Hermitian form {@code xᴴ H y} (H n×n) into out[0..1]. */
    public static void form(double[] x, double[] h, double[] y, int n, double[] out) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < n; i++) {
            double tr = 0;
            double ti = 0;
            for (int j = 0; j < n; j++) {
                double hr = h[2 * (i * n + j)];
                double hi = h[2 * (i * n + j) + 1];
                tr += hr * y[2 * j] - hi * y[2 * j + 1];
                ti += hr * y[2 * j + 1] + hi * y[2 * j];
            }
            double xr = x[2 * i];
            double xi = -x[2 * i + 1];
            re += xr * tr - xi * ti;
            im += xr * ti + xi * tr;
        }
        out[0] = re;
        out[1] = im;
    }

    /**
     * Transposed form {@code xᵀ H y*} (H n×n) into out[0..1]: the conjugate of {@code xᴴ H* y}, used where a
     * Fisher information pairs an un-conjugated derivative with a conjugated one (seed 003's CRB, eqs. 35-36).
     */
    public static void transposedForm(double[] x, double[] h, double[] y, int n, double[] out) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < n; i++) {
            double tr = 0;
            double ti = 0;
            for (int j = 0; j < n; j++) {
                double hr = h[2 * (i * n + j)];
                double hi = h[2 * (i * n + j) + 1];
                tr += hr * y[2 * j] + hi * y[2 * j + 1];
                ti += -hr * y[2 * j + 1] + hi * y[2 * j];
            }
            double xr = x[2 * i];
            double xi = x[2 * i + 1];
            re += xr * tr - xi * ti;
            im += xr * ti + xi * tr;
        }
        out[0] = re;
        out[1] = im;
    }

    /** Complex conjugate of x (n entries) into out. */
    public static void conj(double[] x, int n, double[] out) {
        for (int i = 0; i < n; i++) {
            out[2 * i] = x[2 * i];
            out[2 * i + 1] = -x[2 * i + 1];
        }
    }
}
