package org.nftb.methods.seqbeam.design;

import org.nftb.methods.seqbeam.StageModel;

import java.util.Arrays;

/**
 * The design subspace: every FIM entry depends on the transmit covariance R only through the Hermitian forms
 * {@code v_xᴴ R v_y} on the transmit bank V = [t_k, ∂t_k/∂θ, ∂t_k/∂r]_k (the same for MS and BP: both use the BS's
 * vectors towards the same points), so projecting R onto span(V) keeps every FIM and lowers the power: an optimum
 * lies in that subspace (as in seed 003's design, {@code CovarianceStep}). With an orthonormal basis B of span(V)
 * (modified Gram–Schmidt, columns below 1e-9 of their norm dropped), {@code R = B Q Bᴴ} and
 * {@code G = Vᴴ R V = T Q Tᴴ}, {@code T = Vᴴ B}; d ≤ 3(K+1) instead of N_B. Immutable.
 */
public final class Basis {
    public final int elements;
    final int d;
    public final int dim;
    final double[] b;     // N_B × dim, column-major interleaved
    final double[] t;     // d × dim, row-major interleaved

    Basis(StageModel model) {
        double[] v = model.txBank();
        this.elements = model.system().bsElements();
        this.d = 3 * model.paths();
        int n = elements;
        double[] cols = new double[2 * n * d];
        int kept = 0;
        for (int c = 0; c < d; c++) {
            double[] x = new double[2 * n];
            System.arraycopy(v, 2 * n * c, x, 0, 2 * n);
            double norm0 = Math.sqrt(dot(x, x, n)[0]);
            for (int pass = 0; pass < 2; pass++) {
                for (int q = 0; q < kept; q++) {
                    double[] qc = new double[2 * n];
                    System.arraycopy(cols, 2 * n * q, qc, 0, 2 * n);
                    double[] p = dot(qc, x, n);
                    for (int i = 0; i < n; i++) {
                        x[2 * i] -= p[0] * qc[2 * i] - p[1] * qc[2 * i + 1];
                        x[2 * i + 1] -= p[0] * qc[2 * i + 1] + p[1] * qc[2 * i];
                    }
                }
            }
            double norm = Math.sqrt(dot(x, x, n)[0]);
            if (norm > 1e-9 * norm0 && kept < n) {
                for (int i = 0; i < 2 * n; i++) {
                    cols[2 * n * kept + i] = x[i] / norm;
                }
                kept++;
            }
        }
        this.dim = kept;
        this.b = Arrays.copyOf(cols, 2 * n * kept);
        this.t = new double[2 * d * dim];
        for (int x = 0; x < d; x++) {
            double[] vx = new double[2 * n];
            System.arraycopy(v, 2 * n * x, vx, 0, 2 * n);
            for (int a = 0; a < dim; a++) {
                double[] ba = new double[2 * n];
                System.arraycopy(b, 2 * n * a, ba, 0, 2 * n);
                double[] p = dot(vx, ba, n);
                t[2 * (x * dim + a)] = p[0];
                t[2 * (x * dim + a) + 1] = p[1];
            }
        }
    }

    /** xᴴ y. */
    static double[] dot(double[] x, double[] y, int n) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < n; i++) {
            re += x[2 * i] * y[2 * i] + x[2 * i + 1] * y[2 * i + 1];
            im += x[2 * i] * y[2 * i + 1] - x[2 * i + 1] * y[2 * i];
        }
        return new double[] {re, im};
    }

    /** G = T Q Tᴴ (Q dim × dim interleaved row-major) into {@code out} (d × d). */
    void gram(double[] q, double[] out) {
        double[] tq = new double[2 * d * dim];
        mul(t, q, d, dim, dim, tq);
        for (int x = 0; x < d; x++) {
            for (int y = 0; y < d; y++) {
                double re = 0;
                double im = 0;
                for (int a = 0; a < dim; a++) {
                    double ar = tq[2 * (x * dim + a)];
                    double ai = tq[2 * (x * dim + a) + 1];
                    double br = t[2 * (y * dim + a)];
                    double bi = -t[2 * (y * dim + a) + 1];
                    re += ar * br - ai * bi;
                    im += ar * bi + ai * br;
                }
                out[2 * (x * d + y)] = re;
                out[2 * (x * d + y) + 1] = im;
            }
        }
    }

    /** Ψ with df = Re Σ Ψ_ab dQ_ab from Y with df = Re Σ Y_xy dG_xy: {@code Ψ_ab = Σ_xy T_xa Y_xy conj(T_yb)}. */
    void pullBack(double[] y, double[] psi) {
        // Ψ = Tᵀ Y conj(T)
        double[] yct = new double[2 * d * dim];
        for (int x = 0; x < d; x++) {
            for (int bb = 0; bb < dim; bb++) {
                double re = 0;
                double im = 0;
                for (int yy = 0; yy < d; yy++) {
                    double ar = y[2 * (x * d + yy)];
                    double ai = y[2 * (x * d + yy) + 1];
                    double br = t[2 * (yy * dim + bb)];
                    double bi = -t[2 * (yy * dim + bb) + 1];
                    re += ar * br - ai * bi;
                    im += ar * bi + ai * br;
                }
                yct[2 * (x * dim + bb)] = re;
                yct[2 * (x * dim + bb) + 1] = im;
            }
        }
        for (int a = 0; a < dim; a++) {
            for (int bb = 0; bb < dim; bb++) {
                double re = 0;
                double im = 0;
                for (int x = 0; x < d; x++) {
                    double ar = t[2 * (x * dim + a)];
                    double ai = t[2 * (x * dim + a) + 1];
                    double br = yct[2 * (x * dim + bb)];
                    double bi = yct[2 * (x * dim + bb) + 1];
                    re += ar * br - ai * bi;
                    im += ar * bi + ai * br;
                }
                psi[2 * (a * dim + bb)] = re;
                psi[2 * (a * dim + bb) + 1] = im;
            }
        }
    }

    /** out = A (m×k) B (k×n), interleaved row-major. */
    static void mul(double[] a, double[] bm, int m, int k, int n, double[] out) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double re = 0;
                double im = 0;
                for (int q = 0; q < k; q++) {
                    double ar = a[2 * (i * k + q)];
                    double ai = a[2 * (i * k + q) + 1];
                    double br = bm[2 * (q * n + j)];
                    double bi = bm[2 * (q * n + j) + 1];
                    re += ar * br - ai * bi;
                    im += ar * bi + ai * br;
                }
                out[2 * (i * n + j)] = re;
                out[2 * (i * n + j) + 1] = im;
            }
        }
    }

    /** The N_B-element vector B c for coordinates c (dim). */
    double[] expand(double[] c) {
        double[] out = new double[2 * elements];
        for (int a = 0; a < dim; a++) {
            double cr = c[2 * a];
            double ci = c[2 * a + 1];
            for (int i = 0; i < elements; i++) {
                double br = b[2 * (elements * a + i)];
                double bi = b[2 * (elements * a + i) + 1];
                out[2 * i] += br * cr - bi * ci;
                out[2 * i + 1] += br * ci + bi * cr;
            }
        }
        return out;
    }
}
