package org.nftb.record;

import org.nftb.config.RunConfig;
import org.nftb.config.UhdConfig;

import java.util.Arrays;

/** The tuning a configuration asks for, recorded when a device cannot report what it applied. */
final class ConfiguredTuning {
    private ConfiguredTuning() {
    }

    /**
     * Per element: the uhd channel's frequency and gain (behind a switch, the one chain's), else the carrier and an
     * unknown gain (NaN, recorded as null).
     */
    static void fill(RunConfig config, double[] frequencyHz, double[] gainDb) {
        Arrays.fill(frequencyHz, config.carrierFrequencyHz());
        Arrays.fill(gainDb, Double.NaN);
        UhdConfig uhd = config.radio().uhd();
        if (uhd == null) {
            return;
        }
        for (UhdConfig.RxChannel ch : uhd.rxChannels()) {
            if (config.radio().switched() != null) {
                Arrays.fill(frequencyHz, ch.frequencyHz());
                Arrays.fill(gainDb, ch.gainDb());
            } else if (ch.element() >= 0 && ch.element() < frequencyHz.length) {
                frequencyHz[ch.element()] = ch.frequencyHz();
                gainDb[ch.element()] = ch.gainDb();
            }
        }
    }
}
