package org.nftb.methods.seqbeam.design;

import org.nftb.linalg.Cx;

import java.util.SplittableRandom;

/**
 * The design variable of {@link Designer}: x = (Re F, Im F) of F ∈ ℂ^{dim×r} (row-major), mapped to
 * {@code Q = c F Fᴴ}, {@code c = P/‖F‖²_F} (so {@code tr Q = P} exactly), and the chain rule back: for
 * {@code df = Re Σ Ψ_ab dQ_ab}, {@code df = Re Σ z_ai dF_ai} with {@code z = c (Ψ conj F + conj(Ψᵀ F))} plus the
 * normalization's term {@code −2P/‖F‖⁴ Re tr(Ψᵀ F Fᴴ)} along F; ∂f/∂Re F = Re z, ∂f/∂Im F = −Im z.
 */
final class Variables {
    private final Basis basis;
    private final int dim;
    private final int r;
    private final double power;

    Variables(Basis basis, int r, double power) {
        this.basis = basis;
        this.dim = basis.dim;
        this.r = r;
        this.power = power;
    }

    int length() {
        return 2 * dim * r;
    }

    double[] random(SplittableRandom rng) {
        double[] x = new double[length()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
        }
        return x;
    }

    /**
     * A factor x with {@code q(x) ∝ Q} for a covariance {@code Q} (dim × dim interleaved) of rank ≤ r: {@code F = U Λ^{1/2}}
     * over its r largest eigenvalues (a covariance of higher rank is truncated to its best rank-r part). The start of a
     * solve from a given design.
     */
    double[] factorOf(double[] q) {
        double[] values = new double[dim];
        double[] vectors = new double[2 * dim * dim];
        Cx.eigh(q, dim, values, vectors);
        double[] x = new double[length()];
        int half = dim * r;
        for (int i = 0; i < r; i++) {
            double s = Math.sqrt(Math.max(values[i], 0));
            for (int a = 0; a < dim; a++) {
                x[a * r + i] = s * vectors[2 * (a * dim + i)];
                x[half + a * r + i] = s * vectors[2 * (a * dim + i) + 1];
            }
        }
        if (norm2(x) == 0) {
            throw new IllegalArgumentException("a start covariance of zero power");
        }
        return x;
    }

    private double norm2(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return s;
    }

    /** Q (dim × dim interleaved). */
    double[] q(double[] x) {
        double c = power / norm2(x);
        int half = dim * r;
        double[] q = new double[2 * dim * dim];
        for (int a = 0; a < dim; a++) {
            for (int b = 0; b < dim; b++) {
                double re = 0;
                double im = 0;
                for (int i = 0; i < r; i++) {
                    double fr = x[a * r + i];
                    double fi = x[half + a * r + i];
                    double gr = x[b * r + i];
                    double gi = -x[half + b * r + i];
                    re += fr * gr - fi * gi;
                    im += fr * gi + fi * gr;
                }
                q[2 * (a * dim + b)] = c * re;
                q[2 * (a * dim + b) + 1] = c * im;
            }
        }
        return q;
    }

    /** Gradient in x for Y = ∂f/∂G (df = Re Σ Y_xy dG_xy) into g. */
    void gradient(double[] x, double[] y, double[] g) {
        double[] psi = new double[2 * dim * dim];
        basis.pullBack(y, psi);
        double n2 = norm2(x);
        double c = power / n2;
        int half = dim * r;
        // t = Re Σ_ab Ψ_ab (F Fᴴ)_ab
        double t = 0;
        double[] q0 = q(x);
        for (int i = 0; i < dim * dim; i++) {
            t += (psi[2 * i] * q0[2 * i] - psi[2 * i + 1] * q0[2 * i + 1]) / c;
        }
        double radial = -2 * power / (n2 * n2) * t;
        for (int a = 0; a < dim; a++) {
            for (int i = 0; i < r; i++) {
                // (Ψ conj F)_ai + conj((Ψᵀ F)_ai)
                double zr = 0;
                double zi = 0;
                for (int b = 0; b < dim; b++) {
                    double pr = psi[2 * (a * dim + b)];
                    double pi = psi[2 * (a * dim + b) + 1];
                    double fr = x[b * r + i];
                    double fi = -x[half + b * r + i];
                    zr += pr * fr - pi * fi;
                    zi += pr * fi + pi * fr;
                    double qr = psi[2 * (b * dim + a)];
                    double qi = psi[2 * (b * dim + a) + 1];
                    double hr = x[b * r + i];
                    double hi = x[half + b * r + i];
                    zr += qr * hr - qi * hi;
                    zi -= qr * hi + qi * hr;
                }
                g[a * r + i] = c * zr + radial * x[a * r + i];
                g[half + a * r + i] = -c * zi + radial * x[half + a * r + i];
            }
        }
    }
}
