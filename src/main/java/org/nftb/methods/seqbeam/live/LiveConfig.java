package org.nftb.methods.seqbeam.live;

import org.nftb.config.EstimatorConfig;
import org.nftb.methods.seqbeam.SeqBeamScene;
import org.nftb.methods.seqbeam.SystemParams;

import java.io.Serializable;

/**
 * Seed 002's live loop, {@code estimator.type: seqbeam} (read by {@link SeqBeamProvider}): the system of the block
 * (N_B from the receive array, B the sample rate over R, M subcarriers with a cyclic prefix, L slots of P symbols filling
 * the CPI), the MS/BP split ρ_MS, the design of every block, the prior the first block is designed for, and the MS
 * estimator's search domain.
 *
 * @param sys          the block's system (SEQUENTIAL layout, T_sym = (M + cp)/B, κ_MS-BP = 0: the control
 *                     message to the UE is not part of this testbed)
 * @param oversampling R: the radio samples at R·B (the band fills 1/R of it)
 * @param cyclicPrefix cp, samples per symbol at R·B
 * @param rhoMs        ρ_MS in (0, 1]: the MS phase's share of the block (the live loop needs MS symbols)
 * @param design       the design of every block
 * @param prior        the scene the first block is designed for (UE position and velocity, PT positions)
 * @param minRangeM    MS search: nearest range
 * @param maxRangeM    MS search: farthest range
 * @param sectorRad    MS search: |θ| at most
 * @param thresholdDb  MS detection threshold on a target's integrated SNR
 * @param txGainDb     TX gain of the bursts (checked by the interlock)
 * @param seed         the designs' random starts
 */
public record LiveConfig(SystemParams sys, int oversampling, int cyclicPrefix, double rhoMs, Kind design, SeqBeamScene prior,
                         double minRangeM, double maxRangeM, double sectorRad, double thresholdDb, double txGainDb,
                         long seed) implements EstimatorConfig, Serializable {
    public static final String TYPE = "seqbeam";

    /** Which design each block gets. */
    public enum Kind {
        /** Eq. 21: F_MS for the MS cost alone, then F_BP for the posterior. */
        SEPARATE,
        /** P3 (eq. 22): one beam set for both stages, warm-started from the separate design ({@code Designer.sharedMultiStart}). */
        SHARED
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Samples per symbol, R·M + cp. */
    public int samplesPerSymbol() {
        return oversampling * sys.subcarriers() + cyclicPrefix;
    }

    /** Most targets per CPI: the UE and the prior's PTs, plus one. */
    public int maxTargets() {
        return prior.ptCount() + 2;
    }
}
