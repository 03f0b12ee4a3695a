package org.nftb.device;

import org.nftb.config.TxLimits;

import java.util.Locale;

/**
 * The TX safety interlock: every burst is checked against the hw-config's limits before any call reaches a
 * radio. Anything outside is refused with a {@link TxRefusedException} and nothing is transmitted.
 */
public final class TxInterlock {
    private final TxLimits limits;
    private final String configSource;

    public TxInterlock(TxLimits limits, String configSource) {
        this.limits = limits;
        this.configSource = configSource;
    }

    /** Throws when {@code burst} violates a limit; returns normally when it may be sent. */
    public void check(TxBurst burst) {
        check(burst.centerFrequencyHz(), burst.gainDb(), burst.sampleRateHz());
        double max2 = limits.maxAmplitude() * limits.maxAmplitude();
        float[][] samples = burst.samples();
        for (int c = 0; c < samples.length; c++) {
            float[] ch = samples[c];
            for (int i = 0; i < ch.length; i += 2) {
                if (!Float.isFinite(ch[i]) || !Float.isFinite(ch[i + 1])) {
                    throw new TxRefusedException("TX refused: waveform holds a non-finite sample; nothing transmitted");
                }
                double m2 = (double) ch[i] * ch[i] + (double) ch[i + 1] * ch[i + 1];
                if (m2 > max2) {
                    throw new TxRefusedException(String.format(Locale.ROOT, "TX refused: sample %d of channel %d "
                                    + "has magnitude %.4f > radio.txLimits.maxAmplitude %.4f of %s; nothing transmitted",
                            i / 2, c, Math.sqrt(m2), limits.maxAmplitude(), configSource));
                }
            }
        }
    }

    /** Throws when the settings violate a limit. */
    public void check(double centerFrequencyHz, double gainDb, double sampleRateHz) {
        if (!limits.enabled()) {
            throw new TxRefusedException("TX refused: transmitting is disabled because " + configSource
                    + " has no radio.txLimits (a receive-only configuration); add radio.txLimits to transmit");
        }
        if (!Double.isFinite(centerFrequencyHz) || !limits.allowsFrequency(centerFrequencyHz)) {
            throw new TxRefusedException(String.format(Locale.ROOT,
                    "TX refused: %.6f GHz is outside radio.txLimits.frequencyRanges of %s; nothing transmitted",
                    centerFrequencyHz / 1e9, configSource));
        }
        if (!Double.isFinite(gainDb) || gainDb > limits.maxGainDb()) {
            throw new TxRefusedException(String.format(Locale.ROOT,
                    "TX refused: gain %.1f dB exceeds radio.txLimits.maxGain %.1f dB of %s; nothing transmitted",
                    gainDb, limits.maxGainDb(), configSource));
        }
        if (!Double.isFinite(sampleRateHz) || sampleRateHz <= 0 || sampleRateHz > limits.maxSampleRateHz()) {
            throw new TxRefusedException(String.format(Locale.ROOT,
                    "TX refused: sample rate %.1f Hz exceeds radio.txLimits.maxSampleRate %.1f Hz of %s; "
                            + "nothing transmitted", sampleRateHz, limits.maxSampleRateHz(), configSource));
        }
    }
}
