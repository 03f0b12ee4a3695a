package org.nftb.config;

import java.util.List;
import java.util.Locale;

/**
 * Transmit safety limits of a hardware configuration. Nothing may be transmitted outside them.
 *
 * @param frequencyRangesHz allowed carrier ranges, each {@code [lowHz, highHz]} inclusive
 * @param maxGainDb         largest TX gain allowed, dB
 * @param maxSampleRateHz   largest TX sample rate allowed, Hz
 * @param maxAmplitude      largest magnitude |x| of a complex baseband sample (1 is the DAC's full scale), or +∞
 *                          when the configuration sets none ({@code radio.txLimits.maxAmplitude})
 */
public record TxLimits(List<double[]> frequencyRangesHz, double maxGainDb, double maxSampleRateHz,
                       double maxAmplitude) {

    /** No limits given (a receive-only configuration): transmitting is disabled. */
    public static final TxLimits DISABLED = new TxLimits(List.of(), Double.NEGATIVE_INFINITY, 0);

    /** Limits without an amplitude limit. */
    public TxLimits(List<double[]> frequencyRangesHz, double maxGainDb, double maxSampleRateHz) {
        this(frequencyRangesHz, maxGainDb, maxSampleRateHz, Double.POSITIVE_INFINITY);
    }

    /** False for {@link #DISABLED}: nothing may be transmitted at all. */
    public boolean enabled() {
        return !frequencyRangesHz.isEmpty();
    }

    /** One line for operators and the {@code start} record. */
    public String describe() {
        if (!enabled()) {
            return "disabled (no radio.txLimits in the configuration)";
        }
        StringBuilder sb = new StringBuilder("enabled within ");
        for (int i = 0; i < frequencyRangesHz.size(); i++) {
            double[] r = frequencyRangesHz.get(i);
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "[%.6f, %.6f] GHz",
                    r[0] / 1e9, r[1] / 1e9));
        }
        sb.append(String.format(Locale.ROOT, ", gain <= %.1f dB, sample rate <= %.3f MS/s",
                maxGainDb, maxSampleRateHz / 1e6));
        if (Double.isFinite(maxAmplitude)) {
            sb.append(String.format(Locale.ROOT, ", |sample| <= %.3f", maxAmplitude));
        }
        return sb.toString();
    }

    /** True when {@code frequencyHz} lies inside one of the allowed ranges. */
    public boolean allowsFrequency(double frequencyHz) {
        for (double[] r : frequencyRangesHz) {
            if (frequencyHz >= r[0] && frequencyHz <= r[1]) {
                return true;
            }
        }
        return false;
    }
}
