package org.nftb.config;

import org.nftb.model.TargetState;

import java.util.List;

/**
 * What the simulated array sees.
 *
 * @param seed              seed of the noise (runs reproduce bit for bit)
 * @param motion            whether targets move between CPIs
 * @param realTime          pace the sample stream at the radio's sample rate (a live radio) or run flat out
 * @param targets           point targets
 * @param calibrationErrors the array's gain/phase errors W (seed 001 §II-A1), or null for a perfect array
 */
public record SceneConfig(long seed, Motion motion, boolean realTime, List<Target> targets,
                          CalibrationErrors calibrationErrors) {

    /** Target motion between CPIs. Within a CPI every path evolves linearly (seed 001 eq. 3). */
    public enum Motion {
        /** The state is held at its initial value every CPI (the paper's Monte Carlo setting). */
        FROZEN,
        /** The position advances with the velocity from CPI to CPI. */
        LINEAR
    }

    /**
     * A point target.
     *
     * @param initial          state at stream time zero
     * @param perSampleSnrDb   SNR of one sample on one element, dB (processed SNR minus 10·log10(N·M))
     */
    public record Target(TargetState initial, double perSampleSnrDb) {
    }

    /**
     * Random per-element errors {@code w_n = ρ_n e^{jφ_n}}: φ_n ~ U[0, phaseMaxRad], 20·log10 ρ_n ~ U[0, amplitudeMaxDb]
     * (seed 001 §V: U[0, π/36] and U[0, 1] dB).
     */
    public record CalibrationErrors(double phaseMaxRad, double amplitudeMaxDb, long seed) {
    }
}
