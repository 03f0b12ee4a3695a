package org.nftb.methods.ispac.design;

import org.nftb.model.DoubleArrayModel;

import java.util.Arrays;

/**
 * One instance of seed 003's uplink design (problem 53): the double array and the target (the objective
 * {@code tr CRB(θ, r)}, eq. 52 with Appendix B, |β|, the MT's noise σ_u² and T snapshots), the users' uplink channels
 * h_k to the MT (eq. 6 near-field, or eq. 72 far-field for the baseline; K rows of 2 N_a interleaved doubles), their
 * SINR limits γ_k (53c), every user's transmit power P_u (eq. 14) and the AT's probing budget P_s (53d).
 *
 * @param sinrDb per-user SINR limits, dB
 */
public record UplinkProblem(DoubleArrayModel model, double angleRad, double rangeM, double betaAbs, double noise,
                            int snapshots, double[][] channels, double[] sinrDb, double userPower,
                            double probingBudget) {
    public UplinkProblem {
        DownlinkProblem.checkChannels(model, channels, sinrDb);
        if (!(probingBudget > 0) || !(userPower > 0) || !(noise > 0) || !(betaAbs > 0)) {
            throw new IllegalArgumentException("probing budget, user power, noise and |β| must be positive: P_s = "
                    + probingBudget + ", P_u = " + userPower + ", σ_u² = " + noise + ", |β| = " + betaAbs);
        }
    }

    int users() {
        return channels.length;
    }

    double gamma(int k) {
        return Math.pow(10, sinrDb[k] / 10);
    }

    /** The same problem with other channels (the far-field baseline designs with its own CSI). */
    public UplinkProblem withChannels(double[][] h) {
        return new UplinkProblem(model, angleRad, rangeM, betaAbs, noise, snapshots, h, sinrDb, userPower,
                probingBudget);
    }

    /** The same problem with every SINR limit at {@code db}. */
    public UplinkProblem withSinrDb(double db) {
        double[] s = new double[sinrDb.length];
        Arrays.fill(s, db);
        return new UplinkProblem(model, angleRad, rangeM, betaAbs, noise, snapshots, channels, s, userPower,
                probingBudget);
    }
}
