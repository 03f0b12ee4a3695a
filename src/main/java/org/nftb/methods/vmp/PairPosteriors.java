package org.nftb.methods.vmp;

/**
 * The posteriors of Algorithm 1 for every subarray pair k = m K_r + n, as arrays (one CPI; reused).
 * ψ in radians per element, Doppler in Hz (the coarse Doppler plus the pair's residual), κ of the normalized forms.
 */
public final class PairPosteriors {
    final double[] psiT;
    final double[] kappaT;
    final double[] psiR;
    final double[] kappaR;
    final double[] dopplerHz;
    final double[] kappaX;
    final double[] snr;
    final int[] iterations;

    public PairPosteriors(int pairs) {
        psiT = new double[pairs];
        kappaT = new double[pairs];
        psiR = new double[pairs];
        kappaR = new double[pairs];
        dopplerHz = new double[pairs];
        kappaX = new double[pairs];
        snr = new double[pairs];
        iterations = new int[pairs];
    }
}
