package org.nftb.record;

import org.nftb.config.RunConfig;
import org.nftb.config.UhdConfig;
import org.nftb.device.DeviceException;
import org.nftb.device.RadioDevice;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * The per-channel frequency and gain a recording notes in each capture segment: what the device reports it applied,
 * read after every receive buffer (a change starts a new segment), or — for a device that cannot report it — what
 * the configuration asks for: the uhd channel's frequency and gain (behind a switch, the one chain's), else the
 * carrier and an unknown gain (NaN, recorded as absent). Not thread-safe (the receiving thread).
 */
final class Tuning {
    final double[] frequencyHz;
    final double[] gainDb;
    private final RadioDevice device;
    private final RunConfig config;
    private boolean fromDevice = true;

    Tuning(RadioDevice device, RunConfig config) {
        this.device = device;
        this.config = config;
        this.frequencyHz = new double[device.channelCount()];
        this.gainDb = new double[device.channelCount()];
        read(true);
    }

    /** Reads the device's tuning again; true when it changed. */
    boolean changed() {
        return read(false);
    }

    private boolean read(boolean first) {
        if (!fromDevice) {
            return false;
        }
        boolean changed = false;
        try {
            for (int c = 0; c < frequencyHz.length; c++) {
                double f = device.rxFrequencyHz(c);
                double g = device.rxGainDb(c);
                changed |= Double.compare(f, frequencyHz[c]) != 0 || Double.compare(g, gainDb[c]) != 0;
                frequencyHz[c] = f;
                gainDb[c] = g;
            }
        } catch (DeviceException e) {
            fromDevice = false;
            configured(config, frequencyHz, gainDb);
            if (first) {
                LoggerFactory.getLogger(Recorder.class).info("{} does not report its applied tuning ({}); recording "
                        + "the configured frequency and gain", device.description(), e.getMessage());
            }
            return false;
        }
        return changed && !first;
    }

    private static void configured(RunConfig config, double[] frequencyHz, double[] gainDb) {
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
