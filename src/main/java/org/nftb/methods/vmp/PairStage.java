package org.nftb.methods.vmp;

import org.nftb.model.SubarrayLayout;

/**
 * The per-pair part of {@link VmpEstimator}: for each transmit-receive subarray pair in a range, the pair's block of
 * the decimated data ({@link VmpDecimator}'s layout) gathered into Algorithm 1's order, then Algorithm 1
 * ({@link SubarrayVbi}), written into the owner's {@link PairPosteriors} at the pair's index. Pairs are
 * independent (the paper runs them in parallel, Sec. V-D), so a caller may run disjoint ranges on several threads,
 * each with its own stage from {@link VmpEstimator#newPairStage()}, once the decimated data are complete and before
 * {@link VmpEstimator#fuse}.
 *
 * <p>A kernel: allocates nothing per CPI, no threads or locks; not thread-safe (one per thread).
 */
public final class PairStage {
    private final VmpEstimator owner;
    private final SubarrayLayout layout;
    private final VmpConfig config;
    private final SubarrayVbi vbi;
    private final double[] y;
    private final int b;
    private final int blocks;
    private final int nt;

    PairStage(VmpEstimator owner) {
        this.owner = owner;
        this.layout = owner.pairLayout();
        this.config = owner.config();
        this.b = owner.decimation();
        this.blocks = owner.blocks();
        this.nt = owner.shape().tx();
        int m = layout.subarraySize();
        this.vbi = new SubarrayVbi(m, blocks);
        this.y = new double[2 * m * m * blocks];
    }

    /** Pairs {@code fromPair} (inclusive) to {@code toPair} (exclusive) of the owner's decimated data. */
    public void run(int fromPair, int toPair) {
        PairPosteriors post = owner.posteriors();
        double blockPeriodS = owner.blockPeriodS();
        float[] z = owner.decimatedData();
        for (int k = fromPair; k < toPair; k++) {
            gather(z, k / layout.rxSubarrays(), k % layout.rxSubarrays());
            vbi.run(y, config.maxIterations(), config.tolerance());
            post.psiT[k] = vbi.psiT();
            post.kappaT[k] = vbi.kappaT();
            post.psiR[k] = vbi.psiR();
            post.kappaR[k] = vbi.kappaR();
            post.dopplerHz[k] = owner.coarseDopplerHz() + vbi.dopplerX() / (2 * Math.PI * blockPeriodS);
            post.kappaX[k] = vbi.kappaX();
            post.snr[k] = (vbi.betaRe() * vbi.betaRe() + vbi.betaIm() * vbi.betaIm()) / vbi.sigma() / b;
            post.iterations[k] = vbi.iterations();
        }
    }

    /**
     * Pair (mt, nr)'s values into {@link #y}, Algorithm 1's order: each (k_r, b) row of M transmit elements is
     * contiguous in the decimated data and in y, so the gather copies rows.
     */
    private void gather(float[] z, int mt, int nr) {
        int m = layout.subarraySize();
        int o = 0;
        for (int kr = 0; kr < m; kr++) {
            int src = 2 * ((nr * m + kr) * blocks * nt + mt * m);
            for (int blk = 0; blk < blocks; blk++, src += 2 * nt) {
                for (int q = 0; q < 2 * m; q++) {
                    y[o++] = z[src + q];
                }
            }
        }
    }
}
