package org.nftb.methods.ispac.design;

import org.nftb.model.DoubleArrayModel;

import java.util.Arrays;

/**
 * One instance of seed 003's downlink transmit design (problem 26): the double array and the target it positions
 * (the objective {@code tr CRB(θ, r)}, eqs. 25, 33-35, with |β|, the AT's noise σ_d² and T snapshots), the users'
 * channels h_k as the design knows them (near-field eq. 6, or far-field eq. 72 for the baseline), their SINR limits
 * γ_k (eq. 26c, noise σ_0²) and the MT's power budget P (eq. 26d). Channels: K rows of 2 N_a interleaved doubles.
 *
 * @param sinrDb per-user SINR limits, dB
 */
public record DownlinkProblem(DoubleArrayModel model, double angleRad, double rangeM, double betaAbs,
                              double sensingNoise, int snapshots, double[][] channels, double[] sinrDb,
                              double userNoise, double powerBudget) {
    public DownlinkProblem {
        checkChannels(model, channels, sinrDb);
        if (!(powerBudget > 0) || !(userNoise > 0) || !(sensingNoise > 0) || !(betaAbs > 0)) {
            throw new IllegalArgumentException("power budget, noise powers and |β| must be positive: P = "
                    + powerBudget + ", σ0² = " + userNoise + ", σd² = " + sensingNoise + ", |β| = " + betaAbs);
        }
    }

    /** K channel rows of 2 N_a doubles and K SINR limits (shared with {@link UplinkProblem}). */
    static void checkChannels(DoubleArrayModel model, double[][] channels, double[] sinrDb) {
        if (channels.length != sinrDb.length) {
            throw new IllegalArgumentException(channels.length + " user channels but " + sinrDb.length
                    + " SINR limits");
        }
        for (double[] h : channels) {
            if (h.length != 2 * model.mtCount()) {
                throw new IllegalArgumentException("a user channel has " + h.length / 2 + " entries, the MT "
                        + model.mtCount() + " elements");
            }
        }
    }

    int users() {
        return channels.length;
    }

    double gamma(int k) {
        return Math.pow(10, sinrDb[k] / 10);
    }

    /** The same problem with other channels (the far-field baseline designs with its own CSI). */
    public DownlinkProblem withChannels(double[][] h) {
        return new DownlinkProblem(model, angleRad, rangeM, betaAbs, sensingNoise, snapshots, h, sinrDb, userNoise,
                powerBudget);
    }

    /** The same problem with every SINR limit at {@code db}. */
    public DownlinkProblem withSinrDb(double db) {
        double[] s = new double[sinrDb.length];
        Arrays.fill(s, db);
        return new DownlinkProblem(model, angleRad, rangeM, betaAbs, sensingNoise, snapshots, channels, s, userNoise,
                powerBudget);
    }
}
