package org.nftb.methods.ispac;

import org.nftb.linalg.Cx;

/**
 * The sample covariance of an n × T snapshot whose echo is rank one (seed 003: {@code β b (aᵀx(t))} at the AT,
 * {@code β Fᴴa (bᵀs(t))} at the combined MT): {@code R = YYᴴ}, its principal eigenvector u (the signal subspace;
 * the MUSIC noise projector is {@code I − uuᴴ}), the noise variance per sample from the n − 1 smallest eigenvalues,
 * and ‖Y‖². Reuses its buffers and eigensolver; not thread-safe.
 */
final class RankOneSubspace {
    private final int n;
    private final int snapshots;
    private final double[] r;
    private final double[] values;
    private final double[] vectors;
    private final double[] u;
    private final Cx.Eigh eigh;
    private double energy;
    private double noise;

    RankOneSubspace(int n, int snapshots) {
        this.n = n;
        this.snapshots = snapshots;
        this.r = new double[2 * n * n];
        this.values = new double[n];
        this.vectors = new double[2 * n * n];
        this.u = new double[2 * n];
        this.eigh = new Cx.Eigh(n);
    }

    /**
     * Analyses {@code y} (n × T, row-major interleaved floats).
     *
     * @throws IllegalArgumentException when y holds no finite energy ({@code what} names the snapshot)
     */
    void analyse(float[] y, String what) {
        energy = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double re = 0;
                double im = 0;
                int oi = 2 * i * snapshots;
                int oj = 2 * j * snapshots;
                for (int t = 0; t < snapshots; t++) {
                    double ar = y[oi + 2 * t];
                    double ai = y[oi + 2 * t + 1];
                    double br = y[oj + 2 * t];
                    double bi = y[oj + 2 * t + 1];
                    re += ar * br + ai * bi;
                    im += ai * br - ar * bi;
                }
                r[2 * (i * n + j)] = re;
                r[2 * (i * n + j) + 1] = im;
                r[2 * (j * n + i)] = re;
                r[2 * (j * n + i) + 1] = -im;
            }
            energy += r[2 * (i * n + i)];
        }
        if (!(energy > 0) || !Double.isFinite(energy)) {
            throw new IllegalArgumentException(what + " holds no finite energy");
        }
        eigh.decompose(r, values, vectors);
        for (int i = 0; i < n; i++) {
            u[2 * i] = vectors[2 * (i * n)];
            u[2 * i + 1] = vectors[2 * (i * n) + 1];
        }
        double sum = 0;
        for (int i = 1; i < n; i++) {
            sum += values[i];
        }
        noise = n > 1 ? sum / ((n - 1.0) * snapshots) : Double.NaN;
    }

    /** ‖Y‖². */
    double energy() { return energy; }

    /** Noise variance per sample, from the n − 1 smallest eigenvalues of YYᴴ/T. */
    double noiseVariance() { return noise; }

    /** The principal eigenvector (unit norm, interleaved); read-only for callers. */
    double[] principal() { return u; }

    /** The share of ‖Y‖² a correct fit of the rank-one echo should explain: (E_s + σ²)/(E_s + nTσ²). */
    double expectedFit() {
        double signal = Math.max(energy - n * snapshots * noise, 0);
        return (signal + noise) / (signal + n * snapshots * noise);
    }
}
