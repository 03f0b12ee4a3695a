package org.nftb.methods.vmp;

import org.nftb.frontend.SnapshotShape;
import org.nftb.model.SubarrayLayout;

/**
 * The per-pair part of {@link VmpEstimator}: for each transmit-receive subarray pair in a range, the Doppler
 * derotation and block decimation (see the estimator's class comment, step 2), then Algorithm 1
 * ({@link SubarrayVbi}), written into the owner's {@link PairPosteriors} at the pair's index. Pairs are
 * independent (the paper runs them in parallel, Sec. V-D), so a caller may run disjoint ranges on several threads,
 * each with its own stage from {@link VmpEstimator#newPairStage()}, after {@link VmpEstimator#prepare} and before
 * {@link VmpEstimator#fuse}.
 *
 * <p>A kernel: allocates nothing per CPI, no threads or locks; not thread-safe (one per thread).
 */
public final class PairStage {
    private final VmpEstimator owner;
    private final SubarrayLayout layout;
    private final SnapshotShape shape;
    private final VmpConfig config;
    private final SubarrayVbi vbi;
    private final double[] y;
    private final int b;
    private final int blocks;

    PairStage(VmpEstimator owner) {
        this.owner = owner;
        this.layout = owner.pairLayout();
        this.shape = owner.shape();
        this.config = owner.config();
        this.b = owner.decimation();
        this.blocks = owner.blocks();
        int m = layout.subarraySize();
        this.vbi = new SubarrayVbi(m, blocks);
        this.y = new double[2 * m * m * blocks];
    }

    /** Pairs {@code fromPair} (inclusive) to {@code toPair} (exclusive) of {@code data} (a snapshot's values). */
    public void run(float[] data, int fromPair, int toPair) {
        PairPosteriors post = owner.posteriors();
        double blockPeriodS = owner.blockPeriodS();
        for (int k = fromPair; k < toPair; k++) {
            decimate(data, k / layout.rxSubarrays(), k % layout.rxSubarrays());
            vbi.run(y, config.maxIterations(), config.tolerance());
            post.psiT[k] = vbi.psiT();
            post.kappaT[k] = vbi.kappaT();
            post.psiR[k] = vbi.psiR();
            post.kappaR[k] = vbi.kappaR();
            post.dopplerHz[k] = owner.coarseDopplerHz + vbi.dopplerX() / (2 * Math.PI * blockPeriodS);
            post.kappaX[k] = vbi.kappaX();
            post.snr[k] = (vbi.betaRe() * vbi.betaRe() + vbi.betaIm() * vbi.betaIm()) / vbi.sigma() / b;
            post.iterations[k] = vbi.iterations();
        }
    }

    /**
     * Pair (mt, nr)'s data derotated by f₀ and summed over blocks of B pulses into {@link #y}. Each block sum is
     * split into four real products over two interleaved halves (eight independent fused multiply-add chains), so
     * the loop is bound by throughput rather than by the latency of one accumulator: half the time of the plain
     * complex loop at Table II size ({@code nftb bench vmp}).
     */
    private void decimate(float[] data, int mt, int nr) {
        double[] rot = owner.derotation();
        int m = layout.subarraySize();
        int o = 0;
        int half = b / 2;
        for (int kt = 0; kt < m; kt++) {
            for (int kr = 0; kr < m; kr++) {
                int src = shape.index(mt * m + kt, nr * m + kr, 0);
                for (int blk = 0, l0 = 0; blk < blocks; blk++, l0 += b) {
                    double rr0 = 0, ii0 = 0, ri0 = 0, ir0 = 0, rr1 = 0, ii1 = 0, ri1 = 0, ir1 = 0;
                    int p = src + 2 * l0;
                    int q = 2 * l0;
                    for (int e = 0; e < half; e++, p += 4, q += 4) {
                        double zr0 = data[p], zi0 = data[p + 1], zr1 = data[p + 2], zi1 = data[p + 3];
                        double cr0 = rot[q], ci0 = rot[q + 1], cr1 = rot[q + 2], ci1 = rot[q + 3];
                        rr0 = Math.fma(zr0, cr0, rr0);
                        ii0 = Math.fma(zi0, ci0, ii0);
                        ri0 = Math.fma(zr0, ci0, ri0);
                        ir0 = Math.fma(zi0, cr0, ir0);
                        rr1 = Math.fma(zr1, cr1, rr1);
                        ii1 = Math.fma(zi1, ci1, ii1);
                        ri1 = Math.fma(zr1, ci1, ri1);
                        ir1 = Math.fma(zi1, cr1, ir1);
                    }
                    if ((b & 1) != 0) {
                        double zr = data[p], zi = data[p + 1];
                        rr0 = Math.fma(zr, rot[q], rr0);
                        ii0 = Math.fma(zi, rot[q + 1], ii0);
                        ri0 = Math.fma(zr, rot[q + 1], ri0);
                        ir0 = Math.fma(zi, rot[q], ir0);
                    }
                    y[o++] = (rr0 + rr1) - (ii0 + ii1);
                    y[o++] = (ri0 + ri1) + (ir0 + ir1);
                }
            }
        }
    }
}
