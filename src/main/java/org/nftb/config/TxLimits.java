package org.nftb.config;

import java.util.List;

/**
 * Transmit safety limits of a hardware configuration. Nothing may be transmitted outside them.
 *
 * @param frequencyRangesHz allowed carrier ranges, each {@code [lowHz, highHz]} inclusive
 * @param maxGainDb         largest TX gain allowed, dB
 * @param maxSampleRateHz   largest TX sample rate allowed, Hz
 */
public record TxLimits(List<double[]> frequencyRangesHz, double maxGainDb, double maxSampleRateHz) {

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
