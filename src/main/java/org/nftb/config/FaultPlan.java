package org.nftb.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Faults to inject into a receive stream, as real radios produce them: one description shared by {@code nftb replay
 * CAPTURE --inject SPEC} and {@code scene.faults} of a hw-config (read by {@link FaultsReader}, applied by
 * {@code device/fault/FaultInjectingDevice}). Times are stream time: sample index / sample rate, from the first sample
 * of the stream. Everything random (a dead channel's noise, a tone's phase) is drawn from {@link #seed}, so the same
 * plan on the same input gives the same samples bit for bit.
 *
 * @param source where the plan was written (a file, {@code --inject}), for messages
 * @param seed   seed of the random parts
 * @param faults the faults, applied in this order
 */
public record FaultPlan(String source, long seed, List<Fault> faults) {
    /** No faults. */
    public static final FaultPlan NONE = new FaultPlan("", 1, List.of());

    public FaultPlan {
        faults = List.copyOf(faults);
    }

    public boolean isEmpty() {
        return faults.isEmpty();
    }

    /** What goes wrong. */
    public enum Kind {
        /** Samples lost on every channel (an overflow): the stream index jumps, status OVERFLOW. */
        LOSS("s"),
        /** No samples for a while (a receive timeout), then the stream resumes past the gap. */
        TIMEOUT("s"),
        /** A late timed command: the samples of the gap are lost, status LATE_COMMAND. */
        LATE("s"),
        /** Channels slip {@code size} samples late against the others. */
        SLIP("samples"),
        /** Channels' phases jump by {@code size} (k·90° after a retune on TwinRX/X410). */
        PHASE("rad"),
        /** Channels' gain steps by {@code size} dB (an AGC, a temperature change). */
        GAIN("dB"),
        /** Channels deliver zeros or noise only ({@code mode}); {@code size}: the noise power, dB. */
        DEAD("dB"),
        /** Channels saturate: every component clipped at ±{@code size} (linear amplitude). */
        CLIP("amplitude"),
        /** A burst of NaN or Inf samples ({@code mode}) from a broken driver. */
        NAN(""),
        /** The channels' sample clock runs {@code size} ppm slow: samples are taken later and later. */
        CLOCK("ppm"),
        /** An interfering tone of power {@code size} dB per sample at {@code frequencyHz}, from {@code angleRad}. */
        TONE("dB");

        private final String unit;

        Kind(String unit) {
            this.unit = unit;
        }

        /** The name in a SPEC and in {@code inject} records. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Unit of {@link Fault#size()} in {@code inject} records. */
        public String unit() {
            return unit;
        }

        /** Whether the fault removes samples from the stream (loss, timeout, late). */
        public boolean isGap() {
            return this == LOSS || this == TIMEOUT || this == LATE;
        }
    }

    /**
     * One fault.
     *
     * @param item        where it was written in the plan ({@code faults[2]}), for messages and records
     * @param kind        what goes wrong
     * @param atS         start, seconds of stream time
     * @param durationS   how long, seconds; infinite: to the end of the stream
     * @param channels    the channels it affects, ascending, or null for every channel
     * @param size        the size in {@link Kind#unit()} (gaps: their duration; NaN: unused, 0)
     * @param mode        {@code zeros}/{@code noise} (dead), {@code nan}/{@code inf} (NaN bursts), else ""
     * @param frequencyHz a tone's frequency offset from the carrier, Hz (else 0)
     * @param angleRad    a tone's direction of arrival from broadside (else 0)
     */
    public record Fault(String item, Kind kind, double atS, double durationS, int[] channels, double size,
                        String mode, double frequencyHz, double angleRad) {

        /** First stream index affected at {@code sampleRateHz}. */
        public long startSample(double sampleRateHz) {
            return Math.round(atS * sampleRateHz);
        }

        /** Stream index past the last affected ({@link Long#MAX_VALUE} for a fault to the end); at least one sample. */
        public long endSample(double sampleRateHz) {
            return Double.isInfinite(durationS) ? Long.MAX_VALUE
                    : startSample(sampleRateHz) + Math.max(1, Math.round(durationS * sampleRateHz));
        }

        /** End, seconds of stream time (infinite for a fault that lasts to the end). */
        public double endS() {
            return atS + durationS;
        }

        /** Whether {@code channel} is affected. */
        public boolean affects(int channel) {
            if (channels == null) {
                return true;
            }
            for (int c : channels) {
                if (c == channel) {
                    return true;
                }
            }
            return false;
        }

        /** One line for logs: kind, time, channels, size. */
        public String describe() {
            return String.format(Locale.ROOT, "%s at %.6f s for %s on %s%s", kind.key(), atS,
                    Double.isInfinite(durationS) ? "the rest of the stream" : String.format(Locale.ROOT, "%.6f s",
                            durationS), channels == null ? "every channel" : "channels "
                            + Arrays.toString(channels), kind.unit().isEmpty() || kind.isGap() ? ""
                            : String.format(Locale.ROOT, ", size %g %s", size, kind.unit()));
        }
    }
}
