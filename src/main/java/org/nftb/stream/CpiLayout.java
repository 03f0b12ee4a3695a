package org.nftb.stream;

/**
 * The shape of the raw samples in a {@link CpiFrame}: {@code channels} receive channels, each holding
 * {@code pulses × samplesPerPulse} consecutive radio samples (pulse = slow-time symbol). A front end reads this
 * to turn the frame into what its estimator needs (integrate-and-dump for seed 001, a MIMO matched filter for
 * seed 000), so frames of every estimator share one ring.
 *
 * @param channels        receive channels (one per receive element)
 * @param pulses          slow-time pulses (symbols) per CPI, M or L
 * @param samplesPerPulse radio samples per pulse, S ≥ 1
 */
public record CpiLayout(int channels, int pulses, int samplesPerPulse) {
    public CpiLayout {
        if (channels < 1 || pulses < 1 || samplesPerPulse < 1) {
            throw new IllegalArgumentException("CPI layout needs channels, pulses and samples per pulse >= 1, got "
                    + channels + " x " + pulses + " x " + samplesPerPulse);
        }
        if ((long) channels * pulses * samplesPerPulse * 2 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("CPI of " + channels + " x " + pulses + " x " + samplesPerPulse
                    + " samples does not fit one Java array");
        }
    }

    /** Radio samples per channel in one CPI. */
    public int samplesPerChannel() {
        return pulses * samplesPerPulse;
    }

    /** Complex samples in one CPI. */
    public int samples() {
        return channels * samplesPerChannel();
    }
}
