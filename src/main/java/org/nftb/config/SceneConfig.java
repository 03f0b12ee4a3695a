package org.nftb.config;

import org.nftb.model.TargetState;

import java.util.List;

/**
 * What the simulated array sees.
 *
 * @param seed              seed of the noise and of the LO phase jumps (runs reproduce bit for bit)
 * @param motion            whether targets move between CPIs
 * @param realTime          pace the sample stream at the radio's sample rate (a live radio) or run flat out
 * @param targets           point targets
 * @param calibrationErrors the array's gain/phase errors W (seed 001 §II-A1), or null for a perfect array
 * @param loPhaseJumps      what a retune or a restart of streaming does to each receive channel's LO phase
 * @param transmitPath      how transmitted bursts reach the receive chains, or null: then nothing transmitted is
 *                          heard and every target echoes an implicit unit pulse each symbol (the default)
 * @param faults            faults injected into what the simulated array delivers ({@code scene.faults},
 *                          {@link FaultsReader}); {@link FaultPlan#NONE} for none
 */
public record SceneConfig(long seed, Motion motion, boolean realTime, List<Target> targets,
                          CalibrationErrors calibrationErrors, LoPhaseJumps loPhaseJumps,
                          TransmitPath transmitPath, FaultPlan faults) {

    public SceneConfig {
        targets = List.copyOf(targets);
        if (loPhaseJumps == null) {
            throw new IllegalArgumentException("loPhaseJumps must not be null (use LoPhaseJumps.NONE)");
        }
        if (faults == null) {
            throw new IllegalArgumentException("faults must not be null (use FaultPlan.NONE)");
        }
    }

    /** A scene without injected faults. */
    public SceneConfig(long seed, Motion motion, boolean realTime, List<Target> targets,
                       CalibrationErrors calibrationErrors, LoPhaseJumps loPhaseJumps, TransmitPath transmitPath) {
        this(seed, motion, realTime, targets, calibrationErrors, loPhaseJumps, transmitPath, FaultPlan.NONE);
    }

    /** A scene without LO phase jumps and without a transmit path (the implicit echo). */
    public SceneConfig(long seed, Motion motion, boolean realTime, List<Target> targets,
                       CalibrationErrors calibrationErrors) {
        this(seed, motion, realTime, targets, calibrationErrors, LoPhaseJumps.NONE, null);
    }

    public SceneConfig withSeed(long newSeed) {
        return new SceneConfig(newSeed, motion, realTime, targets, calibrationErrors, loPhaseJumps, transmitPath,
                faults);
    }

    public SceneConfig withMotion(Motion newMotion) {
        return new SceneConfig(seed, newMotion, realTime, targets, calibrationErrors, loPhaseJumps, transmitPath,
                faults);
    }

    public SceneConfig withRealTime(boolean paced) {
        return new SceneConfig(seed, motion, paced, targets, calibrationErrors, loPhaseJumps, transmitPath,
                faults);
    }

    public SceneConfig withTargets(List<Target> newTargets) {
        return new SceneConfig(seed, motion, realTime, newTargets, calibrationErrors, loPhaseJumps, transmitPath,
                faults);
    }

    public SceneConfig withCalibrationErrors(CalibrationErrors errors) {
        return new SceneConfig(seed, motion, realTime, targets, errors, loPhaseJumps, transmitPath,
                faults);
    }

    public SceneConfig withLoPhaseJumps(LoPhaseJumps jumps) {
        return new SceneConfig(seed, motion, realTime, targets, calibrationErrors, jumps, transmitPath, faults);
    }

    public SceneConfig withFaults(FaultPlan plan) {
        return new SceneConfig(seed, motion, realTime, targets, calibrationErrors, loPhaseJumps, transmitPath, plan);
    }

    public SceneConfig withTransmitPath(TransmitPath path) {
        return new SceneConfig(seed, motion, realTime, targets, calibrationErrors, loPhaseJumps, path, faults);
    }

    /** Target motion between CPIs. Within a CPI every path evolves linearly (seed 001 eq. 3). */
    public enum Motion {
        /** The state is held at its initial value every CPI (the paper's Monte Carlo setting). */
        FROZEN,
        /** The position advances with the velocity from CPI to CPI. */
        LINEAR
    }

    /** LO phase behaviour at a retune or a restart of streaming. */
    public enum LoPhaseJumps {
        /** The LO phase is continuous: a retune to the same frequency changes nothing. */
        NONE,
        /**
         * Each retune and each start of streaming gives every affected channel a phase offset k·90°, k ∈ {0..3}
         * drawn from (seed, retune count, channel), as TwinRX daughterboards show (their LO dividers come up in
         * one of four states).
         */
        QUARTER_TURNS
    }

    /**
     * How transmitted bursts reach the receive chains.
     *
     * @param mode            reflect or inject
     * @param splitterGainDb  inject only: amplitude gain g of the splitter path, dB (0 for reflect)
     * @param delaySamples    inject only: delay d_n of the reference into receive channel n, in samples (integer
     *                        and fractional, ≥ 0), one per channel; empty for reflect
     * @param twoWay          reflect only: the echo carries the whole two-way propagation — the burst arrives the
     *                        round-trip delay {@code (|p − t̄| + |p − r̄|)/c} late (fractional samples; what OFDM
     *                        ranging measures) and the transmit leg from the transmit array's reference point t̄
     *                        evolves over the CPI like the receive leg (so a monostatic echo has the two-way Doppler).
     *                        False (the default, and every narrowband seed's model): no envelope delay and, for a
     *                        monostatic array, only the receive leg moves (seed 001's model)
     */
    public record TransmitPath(Mode mode, double splitterGainDb, List<Double> delaySamples, boolean twoWay) {
        public TransmitPath {
            delaySamples = List.copyOf(delaySamples);
            if (twoWay && mode != Mode.REFLECT) {
                throw new IllegalArgumentException("twoWay belongs to the reflect path");
            }
        }

        /** A path without the two-way propagation (see {@link #twoWay}). */
        public TransmitPath(Mode mode, double splitterGainDb, List<Double> delaySamples) {
            this(mode, splitterGainDb, delaySamples, false);
        }

        /** The reflect path: the bursts illuminate the scene. */
        public static TransmitPath reflect() {
            return new TransmitPath(Mode.REFLECT, 0, List.of());
        }

        /** The reflect path with the two-way propagation (delay and transmit leg; wideband waveforms). */
        public static TransmitPath reflectTwoWay() {
            return new TransmitPath(Mode.REFLECT, 0, List.of(), true);
        }

        /** The inject path with splitter gain and per-channel delays. */
        public static TransmitPath inject(double splitterGainDb, List<Double> delaySamples) {
            return new TransmitPath(Mode.INJECT, splitterGainDb, delaySamples);
        }

        public enum Mode {
            /** The burst is what illuminates the scene: each target echoes it (no implicit echo). */
            REFLECT,
            /** The burst reaches every receive chain through a splitter (a calibration network): no echo. */
            INJECT
        }
    }

    /**
     * A point target.
     *
     * @param initial          state at device time zero (the first sample of a stream started now)
     * @param perSampleSnrDb   SNR of one sample on one element, dB (processed SNR minus 10·log10(N·M)); with
     *                         {@code transmitPath: reflect} the SNR of the echo of a unit-amplitude burst
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
