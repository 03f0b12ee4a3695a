package org.nftb.linalg;

import java.util.Arrays;


/**
 * Hermitian d×d matrices as d² real parameters, the variables of the transmit-design solvers: parameter i < d is
 * the real diagonal entry X_ii, then for every pair i < j (row order) Re X_ij and Im X_ij. With the basis E_p of that
 * parametrisation, {@code X = Σ x_p E_p} and a real-linear functional of X is {@code tr(A X) = Σ x_p tr(A E_p)}.
 * Complex matrices are row-major interleaved doubles ({@link Cx}). Stateless.
 */
public final class Herm {
    private Herm() {
    }

    /** X from its parameters {@code x[off … off+d²)} into {@code out} (2d², overwritten). */
    public static void toMatrix(double[] x, int off, int d, double[] out) {
        Arrays.fill(out, 0, 2 * d * d, 0);
        for (int i = 0; i < d; i++) {
            out[2 * (i * d + i)] = x[off + i];
        }
        int p = off + d;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double re = x[p++];
                double im = x[p++];
                out[2 * (i * d + j)] = re;
                out[2 * (i * d + j) + 1] = im;
                out[2 * (j * d + i)] = re;
                out[2 * (j * d + i) + 1] = -im;
            }
        }
    }

    /** The parameters of a Hermitian X (2d²) into {@code x[off …]}. */
    public static void fromMatrix(double[] h, int d, double[] x, int off) {
        for (int i = 0; i < d; i++) {
            x[off + i] = h[2 * (i * d + i)];
        }
        int p = off + d;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                x[p++] = h[2 * (i * d + j)];
                x[p++] = h[2 * (i * d + j) + 1];
            }
        }
    }

    /**
     * {@code tr(A E_p)} for every p of a general complex A (2d²): diagonal A_ii; pair (i, j): A_ij + A_ji for the
     * real part and j(A_ji − A_ij) for the imaginary part. Real and imaginary parts into {@code re}, {@code im}.
     */
    public static void traceCoefficients(double[] a, int d, double[] re, double[] im) {
        for (int i = 0; i < d; i++) {
            re[i] = a[2 * (i * d + i)];
            im[i] = a[2 * (i * d + i) + 1];
        }
        int p = d;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double ijr = a[2 * (i * d + j)];
                double iji = a[2 * (i * d + j) + 1];
                double jir = a[2 * (j * d + i)];
                double jii = a[2 * (j * d + i) + 1];
                re[p] = ijr + jir;
                im[p] = iji + jii;
                // j (A_ji − A_ij)
                re[p + 1] = -(jii - iji);
                im[p + 1] = jir - ijr;
                p += 2;
            }
        }
    }

    /** {@code out = v wᴴ} (2d²). */
    public static void outer(double[] v, double[] w, int d, double[] out) {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double ar = v[2 * i];
                double ai = v[2 * i + 1];
                double br = w[2 * j];
                double bi = -w[2 * j + 1];
                out[2 * (i * d + j)] = ar * br - ai * bi;
                out[2 * (i * d + j) + 1] = ar * bi + ai * br;
            }
        }
    }

    /**
     * The log-det barrier of X ≻ 0: returns {@code −log det X} and adds its gradient {@code −tr(Y E_p)} to
     * {@code grad[off …]} (Y = X⁻¹, through the complex Cholesky factor); its Hessian {@code tr(Y E_p Y E_q)} is applied
     * inverted by {@link #solveLogDetHessian}. Returns +∞ (and adds nothing) when X is not positive definite;
     * {@code grad} may be null (value only).
     */
    public static double logDetBarrier(double[] x, int off, int d, double[] grad) {
        double[] m = new double[2 * d * d];
        toMatrix(x, off, d, m);
        double[] l = new double[2 * d * d];
        if (!cholesky(m, d, l)) {
            return Double.POSITIVE_INFINITY;
        }
        double value = 0;
        for (int i = 0; i < d; i++) {
            value -= 2 * Math.log(l[2 * (i * d + i)]);
        }
        if (grad == null) {
            return value;
        }
        double[] y = inverseFromCholesky(l, d);
        int np = d * d;
        double[] re = new double[np];
        double[] im = new double[np];
        traceCoefficients(y, d, re, im);
        for (int p = 0; p < np; p++) {
            grad[off + p] -= re[p];
        }
        return value;
    }

    /** {@code X⁻¹} of a Hermitian positive definite X (2d²); null when X is not positive definite. */
    public static double[] inverse(double[] x, int d) {
        double[] l = new double[2 * d * d];
        return cholesky(x, d, l) ? inverseFromCholesky(l, d) : null;
    }

    /** {@code X⁻¹ = L⁻ᴴ L⁻¹} from the Cholesky factor L of X. */
    private static double[] inverseFromCholesky(double[] l, int d) {
        // columns of L⁻¹ by forward substitution, then Y = (L⁻¹)ᴴ L⁻¹
        double[] li = new double[2 * d * d];
        for (int c = 0; c < d; c++) {
            for (int i = c; i < d; i++) {
                double re = i == c ? 1 : 0;
                double im = 0;
                for (int k = c; k < i; k++) {
                    double ar = l[2 * (i * d + k)];
                    double ai = l[2 * (i * d + k) + 1];
                    double br = li[2 * (k * d + c)];
                    double bi = li[2 * (k * d + c) + 1];
                    re -= ar * br - ai * bi;
                    im -= ar * bi + ai * br;
                }
                double dg = l[2 * (i * d + i)];
                li[2 * (i * d + c)] = re / dg;
                li[2 * (i * d + c) + 1] = im / dg;
            }
        }
        double[] y = new double[2 * d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double sr = 0;
                double si = 0;
                for (int k = Math.max(i, j); k < d; k++) {          // Σ_k conj(Li_ki) Li_kj
                    double ar = li[2 * (k * d + i)];
                    double ai = -li[2 * (k * d + i) + 1];
                    double br = li[2 * (k * d + j)];
                    double bi = li[2 * (k * d + j) + 1];
                    sr += ar * br - ai * bi;
                    si += ar * bi + ai * br;
                }
                y[2 * (i * d + j)] = sr;
                y[2 * (i * d + j) + 1] = si;
            }
        }
        return y;
    }

    /** Complex Cholesky {@code X = L Lᴴ} (L lower, real positive diagonal) into l; false unless X ≻ 0. */
    public static boolean cholesky(double[] a, int d, double[] l) {
        Arrays.fill(l, 0);
        for (int j = 0; j < d; j++) {
            double s = a[2 * (j * d + j)];
            for (int k = 0; k < j; k++) {
                s -= l[2 * (j * d + k)] * l[2 * (j * d + k)] + l[2 * (j * d + k) + 1] * l[2 * (j * d + k) + 1];
            }
            if (!(s > 0)) {
                return false;
            }
            double dj = Math.sqrt(s);
            l[2 * (j * d + j)] = dj;
            for (int i = j + 1; i < d; i++) {
                double re = a[2 * (i * d + j)];
                double im = a[2 * (i * d + j) + 1];
                for (int k = 0; k < j; k++) {                         // − L_ik conj(L_jk)
                    double ar = l[2 * (i * d + k)];
                    double ai = l[2 * (i * d + k) + 1];
                    double br = l[2 * (j * d + k)];
                    double bi = -l[2 * (j * d + k) + 1];
                    re -= ar * br - ai * bi;
                    im -= ar * bi + ai * br;
                }
                l[2 * (i * d + j)] = re / dj;
                l[2 * (i * d + j) + 1] = im / dj;
            }
        }
        return true;
    }

    /**
     * Solves {@code Σ_p v_p tr(Y E_p Y E_q) = r_q} (the log-det Hessian at X, Y = X⁻¹) in closed form: with A the
     * Hermitian matrix whose coefficients {@code tr(A E_q)} are r (A_ii = r_i, off-diagonal halves), the equations
     * say {@code Y V Y = A}, so {@code V = X A X}. x holds X's parameters at {@code off}; r and out are d² long.
     */
    public static void solveLogDetHessian(double[] x, int off, int d, double[] r, double[] out) {
        double[] xm = new double[2 * d * d];
        toMatrix(x, off, d, xm);
        double[] half = r.clone();
        for (int p = d; p < d * d; p++) {
            half[p] *= 0.5;
        }
        double[] a = new double[2 * d * d];
        toMatrix(half, 0, d, a);
        double[] t = new double[2 * d * d];
        double[] v = new double[2 * d * d];
        Cx.mul(xm, a, d, d, d, t);
        Cx.mul(t, xm, d, d, d, v);
        fromMatrix(v, d, out, 0);
    }

    /**
     * An orthonormal basis (Gram-Schmidt, in order) of the span of complex n-vectors; a vector whose residual
     * falls below 1e-10 of its norm (1e-20 in energy) is dependent and dropped. Returns the basis vectors.
     */
    public static double[][] orthonormalBasis(double[][] vectors, int n) {
        double[][] basis = new double[vectors.length][];
        int d = 0;
        double[] t = new double[2];
        for (double[] v : vectors) {
            double[] r = v.clone();
            double n0 = Cx.norm2(r, n);
            for (int b = 0; b < d; b++) {
                Cx.dot(basis[b], r, n, t);
                for (int i = 0; i < n; i++) {
                    r[2 * i] -= t[0] * basis[b][2 * i] - t[1] * basis[b][2 * i + 1];
                    r[2 * i + 1] -= t[0] * basis[b][2 * i + 1] + t[1] * basis[b][2 * i];
                }
            }
            double n1 = Cx.norm2(r, n);
            if (n1 > 1e-20 * n0 && n1 > 0) {
                double s = 1 / Math.sqrt(n1);
                for (int i = 0; i < 2 * n; i++) {
                    r[i] *= s;
                }
                basis[d++] = r;
            }
        }
        return Arrays.copyOf(basis, d);
    }

    /** The coordinates {@code Bᴴ v} of each vector in an orthonormal basis (n-vectors in, basis.length out). */
    public static double[][] coordinates(double[][] vectors, double[][] basis, int n) {
        int d = basis.length;
        double[][] out = new double[vectors.length][2 * d];
        double[] t = new double[2];
        for (int k = 0; k < vectors.length; k++) {
            for (int b = 0; b < d; b++) {
                Cx.dot(basis[b], vectors[k], n, t);
                out[k][2 * b] = t[0];
                out[k][2 * b + 1] = t[1];
            }
        }
        return out;
    }

    /** {@code out = scale · B x}: coordinates back to n-vectors. */
    public static void expand(double[] x, double[][] basis, int n, double scale, double[] out) {
        Arrays.fill(out, 0, 2 * n, 0);
        for (int b = 0; b < basis.length; b++) {
            double xr = x[2 * b] * scale;
            double xi = x[2 * b + 1] * scale;
            for (int i = 0; i < n; i++) {
                out[2 * i] += xr * basis[b][2 * i] - xi * basis[b][2 * i + 1];
                out[2 * i + 1] += xr * basis[b][2 * i + 1] + xi * basis[b][2 * i];
            }
        }
    }

    /** Solves {@code L Lᴴ x = b} for the complex Cholesky factor L of {@link #cholesky} (d; b, out 2d). */
    public static void cholSolve(double[] l, int d, double[] b, double[] out) {
        double[] y = new double[2 * d];
        for (int i = 0; i < d; i++) {                                // L y = b
            double re = b[2 * i];
            double im = b[2 * i + 1];
            for (int k = 0; k < i; k++) {
                double lr = l[2 * (i * d + k)];
                double li = l[2 * (i * d + k) + 1];
                re -= lr * y[2 * k] - li * y[2 * k + 1];
                im -= lr * y[2 * k + 1] + li * y[2 * k];
            }
            double dd = l[2 * (i * d + i)];
            y[2 * i] = re / dd;
            y[2 * i + 1] = im / dd;
        }
        for (int i = d - 1; i >= 0; i--) {                           // Lᴴ x = y
            double re = y[2 * i];
            double im = y[2 * i + 1];
            for (int k = i + 1; k < d; k++) {
                double lr = l[2 * (k * d + i)];
                double li = -l[2 * (k * d + i) + 1];
                re -= lr * out[2 * k] - li * out[2 * k + 1];
                im -= lr * out[2 * k + 1] + li * out[2 * k];
            }
            double dd = l[2 * (i * d + i)];
            out[2 * i] = re / dd;
            out[2 * i + 1] = im / dd;
        }
    }
}
