package org.nftb.device;

/**
 * A waveform to transmit as one burst.
 *
 * @param samples            per-channel interleaved cf32 samples (all channels the same length)
 * @param centerFrequencyHz  carrier, Hz
 * @param gainDb             TX gain, dB
 * @param sampleRateHz       sample rate, Hz
 * @param timeNanos          device time of the first sample, or -1 for now
 */
public record TxBurst(float[][] samples, double centerFrequencyHz, double gainDb, double sampleRateHz,
                      long timeNanos) {

    /** Complex samples per channel. */
    public int length() {
        return samples.length == 0 ? 0 : samples[0].length / 2;
    }
}
