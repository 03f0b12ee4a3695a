package org.nftb.methods.ispac;

import org.nftb.model.DoubleArrayModel;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nftb.linalg.Cx;
import org.nftb.methods.ispac.design.HybridArray;

/**
 * Seed 003's signals at the model level (eqs. 9-19), for tests, benchmarks and the transmit plan: the downlink
 * block {@code X = F(W C + S_d)} (eq. 9), the AT's echo {@code Y = β G̃ᵀX + N} (eq. 13 after perfect SI
 * cancellation), the uplink echo after analog combining {@code Y = β FᴴG̃ S_u + Ñ} (eq. 19 after SIC), with exact
 * steering on both arrays ({@link DoubleArrayModel}). Complex matrices are row-major interleaved doubles; the
 * echoes are floats in the snapshot layout (row n holds the T values of channel n). Noise and symbols come from a
 * seeded {@link SplittableRandom}: the same seed reproduces the same block bit for bit. Stateless.
 */
public final class IspacSignals {
    private IspacSignals() {
    }

    /**
     * The downlink block (eq. 9): {@code x(t) = F (W c(t) + s(t))}, c(t) unit-power QPSK per user, s(t) =
     * R_d^{1/2} z(t) with z ~ CN(0, I).
     *
     * @param w     digital precoders W, N_RF × K
     * @param rd    probing covariance R_d, N_RF × N_RF (Hermitian PSD)
     * @return X, N_a × T
     */
    public static double[] downlinkBlock(HybridArray f, double[] w, int users, double[] rd, int snapshots, long seed) {
        int nrf = f.chains();
        int na = f.elements();
        double[] root = sqrtPsd(rd, nrf);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] z = new double[2 * nrf];
        double[] zz = new double[2 * nrf];
        double[] x = new double[2 * na];
        double[] out = new double[2 * na * snapshots];
        double h = Math.sqrt(0.5);
        for (int t = 0; t < snapshots; t++) {
            Arrays.fill(z, 0);
            for (int k = 0; k < users; k++) {
                double cr = rng.nextBoolean() ? h : -h;
                double ci = rng.nextBoolean() ? h : -h;
                for (int i = 0; i < nrf; i++) {
                    double wr = w[2 * (i * users + k)];
                    double wi = w[2 * (i * users + k) + 1];
                    z[2 * i] += wr * cr - wi * ci;
                    z[2 * i + 1] += wr * ci + wi * cr;
                }
            }
            for (int i = 0; i < nrf; i++) {
                zz[2 * i] = gaussian(rng) * h;
                zz[2 * i + 1] = gaussian(rng) * h;
            }
            for (int i = 0; i < nrf; i++) {
                for (int j = 0; j < nrf; j++) {
                    double rr = root[2 * (i * nrf + j)];
                    double ri = root[2 * (i * nrf + j) + 1];
                    z[2 * i] += rr * zz[2 * j] - ri * zz[2 * j + 1];
                    z[2 * i + 1] += rr * zz[2 * j + 1] + ri * zz[2 * j];
                }
            }
            f.times(z, x);
            for (int n = 0; n < na; n++) {
                out[2 * (n * snapshots + t)] = x[2 * n];
                out[2 * (n * snapshots + t) + 1] = x[2 * n + 1];
            }
        }
        return out;
    }

    /** A probing block S_u (N_b × T) with covariance R_u: {@code s(t) = R_u^{1/2} z(t)}, z ~ CN(0, I). */
    public static double[] probingBlock(double[] ru, int nb, int snapshots, long seed) {
        double[] root = sqrtPsd(ru, nb);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] out = new double[2 * nb * snapshots];
        double[] z = new double[2 * nb];
        double h = Math.sqrt(0.5);
        for (int t = 0; t < snapshots; t++) {
            for (int i = 0; i < nb; i++) {
                z[2 * i] = gaussian(rng) * h;
                z[2 * i + 1] = gaussian(rng) * h;
            }
            for (int i = 0; i < nb; i++) {
                double re = 0;
                double im = 0;
                for (int j = 0; j < nb; j++) {
                    double rr = root[2 * (i * nb + j)];
                    double ri = root[2 * (i * nb + j) + 1];
                    re += rr * z[2 * j] - ri * z[2 * j + 1];
                    im += rr * z[2 * j + 1] + ri * z[2 * j];
                }
                out[2 * (i * snapshots + t)] = re;
                out[2 * (i * snapshots + t) + 1] = im;
            }
        }
        return out;
    }

    /**
     * The AT's downlink echo (eq. 13, perfect SIC): {@code y_n(t) = β b_n (aᵀx(t)) + n_n(t)}, n ~ CN(0, σ²).
     *
     * @return Y, N_b × T, floats in the snapshot layout
     */
    public static float[] downlinkEcho(DoubleArrayModel model, double angleRad, double rangeM, double betaRe,
                                       double betaIm, double[] x, int snapshots, double noiseVariance, long seed) {
        int na = model.mtCount();
        int nb = model.atCount();
        double[] a = new double[2 * na];
        double[] b = new double[2 * nb];
        model.mtSteering(angleRad, rangeM, a, null, null);
        model.atSteering(angleRad, rangeM, b, null, null);
        float[] y = new float[2 * nb * snapshots];
        SplittableRandom rng = new SplittableRandom(seed);
        double s = Math.sqrt(noiseVariance / 2);
        for (int t = 0; t < snapshots; t++) {
            double sr = 0;
            double si = 0;
            for (int j = 0; j < na; j++) {
                double xr = x[2 * (j * snapshots + t)];
                double xi = x[2 * (j * snapshots + t) + 1];
                sr += a[2 * j] * xr - a[2 * j + 1] * xi;
                si += a[2 * j] * xi + a[2 * j + 1] * xr;
            }
            double gr = betaRe * sr - betaIm * si;
            double gi = betaRe * si + betaIm * sr;
            for (int n = 0; n < nb; n++) {
                double re = b[2 * n] * gr - b[2 * n + 1] * gi;
                double im = b[2 * n] * gi + b[2 * n + 1] * gr;
                y[2 * (n * snapshots + t)] = (float) (re + s * gaussian(rng));
                y[2 * (n * snapshots + t) + 1] = (float) (im + s * gaussian(rng));
            }
        }
        return y;
    }

    /**
     * The MT's uplink echo after analog combining and SIC (eq. 19): {@code y(t) = β Fᴴa (bᵀs(t)) + ñ(t)},
     * ñ ~ CN(0, σ² I_{N_RF}).
     *
     * @return Y, N_RF × T, floats in the snapshot layout
     */
    public static float[] uplinkEcho(DoubleArrayModel model, HybridArray f, double angleRad, double rangeM,
                                     double betaRe, double betaIm, double[] s, int snapshots, double noiseVariance,
                                     long seed) {
        int na = model.mtCount();
        int nb = model.atCount();
        int nrf = f.chains();
        double[] a = new double[2 * na];
        double[] b = new double[2 * nb];
        double[] fa = new double[2 * nrf];
        model.mtSteering(angleRad, rangeM, a, null, null);
        model.atSteering(angleRad, rangeM, b, null, null);
        f.adjointTimes(a, fa);
        float[] y = new float[2 * nrf * snapshots];
        SplittableRandom rng = new SplittableRandom(seed);
        double sd = Math.sqrt(noiseVariance / 2);
        for (int t = 0; t < snapshots; t++) {
            double sr = 0;
            double si = 0;
            for (int j = 0; j < nb; j++) {
                double xr = s[2 * (j * snapshots + t)];
                double xi = s[2 * (j * snapshots + t) + 1];
                sr += b[2 * j] * xr - b[2 * j + 1] * xi;
                si += b[2 * j] * xi + b[2 * j + 1] * xr;
            }
            double gr = betaRe * sr - betaIm * si;
            double gi = betaRe * si + betaIm * sr;
            for (int i = 0; i < nrf; i++) {
                double re = fa[2 * i] * gr - fa[2 * i + 1] * gi;
                double im = fa[2 * i] * gi + fa[2 * i + 1] * gr;
                y[2 * (i * snapshots + t)] = (float) (re + sd * gaussian(rng));
                y[2 * (i * snapshots + t) + 1] = (float) (im + sd * gaussian(rng));
            }
        }
        return y;
    }

    /** Sample covariance {@code ZZᴴ/T} of an n × T block. */
    public static double[] covariance(double[] z, int n, int snapshots) {
        double[] out = new double[2 * n * n];
        Cx.mulAdjoint(z, z, n, snapshots, n, out);
        for (int i = 0; i < out.length; i++) {
            out[i] /= snapshots;
        }
        return out;
    }

    /** Hermitian PSD square root through {@link Cx#eigh} (negative eigenvalues, from rounding, clipped to 0). */
    public static double[] sqrtPsd(double[] h, int n) {
        double[] ev = new double[n];
        double[] v = new double[2 * n * n];
        Cx.eigh(h, n, ev, v);
        double[] out = new double[2 * n * n];
        for (int c = 0; c < n; c++) {
            double s = Math.sqrt(Math.max(ev[c], 0));
            if (s == 0) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                double ar = v[2 * (i * n + c)] * s;
                double ai = v[2 * (i * n + c) + 1] * s;
                for (int j = 0; j < n; j++) {
                    double br = v[2 * (j * n + c)];
                    double bi = -v[2 * (j * n + c) + 1];
                    out[2 * (i * n + j)] += ar * br - ai * bi;
                    out[2 * (i * n + j) + 1] += ar * bi + ai * br;
                }
            }
        }
        return out;
    }

    /** A standard normal draw (Box-Muller on two uniforms; one value per call, reproducible). */
    static double gaussian(SplittableRandom rng) {
        double u1 = 1 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
