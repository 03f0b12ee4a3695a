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
        for (float[] ch : burst.samples()) {
            for (float v : ch) {
                if (!Float.isFinite(v)) {
                    throw new TxRefusedException("TX refused: waveform holds a non-finite sample; nothing transmitted");
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
