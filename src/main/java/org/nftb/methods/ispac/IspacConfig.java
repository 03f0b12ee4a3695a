package org.nftb.methods.ispac;

import org.nftb.config.EstimatorConfig;

import java.io.Serializable;

/**
 * The {@code estimator:} section for seed 003 ({@code type: ispac}).
 *
 * @param link          downlink (arrays.tx is the MT and transmits X, arrays.rx is the AT) or uplink (arrays.tx is
 *                      the AT and transmits S_u, arrays.rx is the MT, combined by F in the estimator)
 * @param rfChains      N_RF, dividing the MT's element count
 * @param users         K users: downlink, their symbols share the MT's block; uplink, they exist only in the CRB
 *                      design (their SINR limits shape F and R_u); 0 for the uplink's random design
 * @param probingShare  fraction of the transmit power on probing (downlink; the rest on the users)
 * @param sectorRad     angles searched, ±sector
 * @param minRangeM     nearest range searched
 * @param maxRangeM     farthest range searched
 * @param rangePoints   downlink range grid points (uniform in 1/r)
 * @param seed          seed of the phase shifters, precoders, symbols and probing block
 * @param txGainDb      TX gain of the bursts (checked by the TX interlock)
 * @param design        {@code crb} (the default; downlink: Algorithm 2's design, uplink: Algorithm 6's) or
 *                      {@code random} (seeded phase shifters and precoders, {@code probingShare} on white probing)
 * @param userSinrDb    the users' SINR limit of the CRB design (eq. 26c)
 * @param designTargetXy where the CRB design expects the target ([x, y] m, the hw-config frame); null: the first
 *                      scene target's initial position
 */
public record IspacConfig(Link link, int rfChains, int users, double probingShare, double sectorRad,
                          double minRangeM, double maxRangeM, int rangePoints, long seed, double txGainDb,
                          Design design, double userSinrDb, double[] designTargetXy)
        implements EstimatorConfig, Serializable {
    /** The downlink transmit design. */
    public enum Design { CRB, RANDOM }

    public static final String TYPE = "ispac";

    /** Which way the double array works (seed 003 Fig. 1). */
    public enum Link { DOWNLINK, UPLINK }

    @Override
    public String type() {
        return TYPE;
    }
}
