package org.nftb.device.uhd;

import org.bytedeco.javacpp.BoolPointer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.LongPointer;
import org.nftb.config.UhdConfig;
import org.nftb.device.DeviceException;
import org.nftb.device.uhd.capi.Uhd;
import org.nftb.device.uhd.capi.UhdErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;

/**
 * Set-up at open, in this order: subdevice specs; clock and time source of every motherboard; per RX channel
 * rate (must come out exact), LO source/export, frequency, gain, antenna, bandwidth; {@code ref_locked} (every
 * motherboard, when the clock is not internal) and {@code lo_locked} (every channel) until {@code lockTimeout} —
 * a sensor the device does not have is skipped with a logged note; device time per
 * {@link UhdConfig.TimeAlignment}.
 *
 * <p>Runs once, on the opening thread, before any stream exists. Throws {@link DeviceException} for a
 * configuration the device cannot meet and {@link org.nftb.device.uhd.capi.UhdException} for a failed libuhd
 * call; the caller frees the device.
 */
final class UhdSetup {
    private static final Logger LOG = LoggerFactory.getLogger(UhdRadio.class);   // one logger for the radio

    private final UhdDevice dev;
    private final UhdConfig cfg;
    private final String source;
    private final double rateHz;

    /**
     * @param source the hw-config file (named in messages)
     * @param rateHz the per-channel device rate, S/s
     */
    UhdSetup(UhdDevice dev, UhdConfig cfg, String source, double rateHz) {
        this.dev = dev;
        this.cfg = cfg;
        this.source = source;
        this.rateHz = rateHz;
    }

    /** Configures everything but the streamers for {@code channels}. */
    void configure(List<UhdConfig.RxChannel> channels) {
        Uhd.uhd_usrp usrp = dev.usrp();
        if (cfg.rxSubdev() != null) {
            applySubdev(cfg.rxSubdev(), true);
        }
        if (cfg.txSubdev() != null) {
            applySubdev(cfg.txSubdev(), false);
        }
        for (int m = 0; m < dev.mboards(); m++) {
            dev.check("uhd_usrp_set_clock_source", Uhd.uhd_usrp_set_clock_source(usrp, cfg.clockSource().uhdName(), m));
            dev.check("uhd_usrp_set_time_source", Uhd.uhd_usrp_set_time_source(usrp, cfg.timeSource().uhdName(), m));
        }
        long available = dev.sizeOut(n -> Uhd.uhd_usrp_get_rx_num_channels(usrp, n), "uhd_usrp_get_rx_num_channels");
        for (UhdConfig.RxChannel ch : channels) {
            if (ch.channel() >= available) {
                throw new DeviceException(source + ": radio.uhd.channels: channel " + ch.channel()
                        + " does not exist; " + dev.args() + " has " + available + " RX channels (0.."
                        + (available - 1) + ")");
            }
        }
        try (Uhd.uhd_tune_request_t req = new Uhd.uhd_tune_request_t();
             Uhd.uhd_tune_result_t res = new Uhd.uhd_tune_result_t();
             BytePointer empty = new BytePointer("");
             DoublePointer actual = new DoublePointer(1)) {
            req.rf_freq_policy(Uhd.UHD_TUNE_REQUEST_POLICY_AUTO).dsp_freq_policy(Uhd.UHD_TUNE_REQUEST_POLICY_AUTO)
                    .args(empty);
            for (UhdConfig.RxChannel ch : channels) {
                long c = ch.channel();
                dev.check("uhd_usrp_set_rx_rate", Uhd.uhd_usrp_set_rx_rate(usrp, rateHz, c));
                dev.check("uhd_usrp_get_rx_rate", Uhd.uhd_usrp_get_rx_rate(usrp, c, actual));
                if (Math.abs(actual.get() - rateHz) > 1e-6 * rateHz) {
                    throw new DeviceException(String.format(Locale.ROOT, "uhd: %s channel %d runs at %.3f S/s, not the "
                            + "%.3f S/s that %s asks for (radio.sampleRate; behind a switch times the cycle factor); "
                            + "choose a rate the device can make exactly", dev.args(), c, actual.get(), rateHz,
                            source));
                }
                if (ch.loSource() != null) {
                    dev.check("uhd_usrp_set_rx_lo_source",
                            Uhd.uhd_usrp_set_rx_lo_source(usrp, ch.loSource().uhdName(), "all", c));
                }
                if (ch.loExport()) {
                    dev.check("uhd_usrp_set_rx_lo_export_enabled",
                            Uhd.uhd_usrp_set_rx_lo_export_enabled(usrp, true, "all", c));
                }
                req.target_freq(ch.frequencyHz());
                dev.check("uhd_usrp_set_rx_freq", Uhd.uhd_usrp_set_rx_freq(usrp, req, c, res));
                dev.check("uhd_usrp_set_rx_gain", Uhd.uhd_usrp_set_rx_gain(usrp, ch.gainDb(), c, ""));
                if (ch.antenna() != null) {
                    dev.check("uhd_usrp_set_rx_antenna", Uhd.uhd_usrp_set_rx_antenna(usrp, ch.antenna(), c));
                }
                if (!Double.isNaN(ch.bandwidthHz())) {
                    dev.check("uhd_usrp_set_rx_bandwidth", Uhd.uhd_usrp_set_rx_bandwidth(usrp, ch.bandwidthHz(), c));
                }
                LOG.debug("uhd: RX channel {} -> element {}: {} Hz, {} dB, antenna {}", c, ch.element(),
                        res.actual_rf_freq() + res.actual_dsp_freq(), ch.gainDb(), ch.antenna());
            }
        }
        waitForLocks(channels);
        alignTime();
    }

    private void applySubdev(String markup, boolean rxSide) {
        Uhd.uhd_subdev_spec_t spec = new Uhd.uhd_subdev_spec_t();
        UhdErrors.check("uhd_subdev_spec_make", Uhd.uhd_subdev_spec_make(spec, markup));
        try {
            for (int m = 0; m < dev.mboards(); m++) {
                if (rxSide) {
                    dev.check("uhd_usrp_set_rx_subdev_spec", Uhd.uhd_usrp_set_rx_subdev_spec(dev.usrp(), spec, m));
                } else {
                    dev.check("uhd_usrp_set_tx_subdev_spec", Uhd.uhd_usrp_set_tx_subdev_spec(dev.usrp(), spec, m));
                }
            }
        } finally {
            Uhd.uhd_subdev_spec_free(spec);
        }
    }

    /** ref_locked on every motherboard (external/GPSDO clock) and lo_locked on every channel, until lockTimeout. */
    private void waitForLocks(List<UhdConfig.RxChannel> channels) {
        Uhd.uhd_usrp usrp = dev.usrp();
        long deadline = System.nanoTime() + cfg.lockTimeoutNanos();
        if (cfg.clockSource() != UhdConfig.ReferenceSource.INTERNAL) {
            for (int m = 0; m < dev.mboards(); m++) {
                final int mb = m;
                waitForSensor("ref_locked", "motherboard " + m, deadline,
                        v -> Uhd.uhd_usrp_get_mboard_sensor_names(usrp, mb, v),
                        s -> Uhd.uhd_usrp_get_mboard_sensor(usrp, "ref_locked", mb, s));
            }
        }
        for (UhdConfig.RxChannel ch : channels) {
            long c = ch.channel();
            waitForSensor("lo_locked", "RX channel " + c, deadline,
                    v -> Uhd.uhd_usrp_get_rx_sensor_names(usrp, c, v),
                    s -> Uhd.uhd_usrp_get_rx_sensor(usrp, "lo_locked", c, s));
        }
    }

    private interface NamesCall {
        int call(Uhd.uhd_string_vector_t out);
    }

    private interface SensorCall {
        int call(Uhd.uhd_sensor_value_t out);
    }

    private void waitForSensor(String name, String where, long deadline, NamesCall names, SensorCall read) {
        List<String> list;
        try (UhdStrings v = new UhdStrings()) {
            dev.check("get sensor names of " + where, names.call(v.handle));
            list = v.toList();
        }
        if (!list.contains(name)) {
            LOG.info("uhd: {} has no {} sensor ({} has {}); lock not checked", where, name, dev.args(), list);
            return;
        }
        Uhd.uhd_sensor_value_t sensor = new Uhd.uhd_sensor_value_t();
        UhdErrors.check("uhd_sensor_value_make", Uhd.uhd_sensor_value_make(sensor));
        try (BoolPointer flag = new BoolPointer(1)) {
            while (true) {
                dev.check("read sensor " + name + " of " + where, read.call(sensor));
                UhdErrors.check("uhd_sensor_value_to_bool", Uhd.uhd_sensor_value_to_bool(sensor, flag));
                if (flag.get()) {
                    LOG.info("uhd: {} {}: locked", where, name);
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new DeviceException(String.format(Locale.ROOT, "uhd: %s of %s reports %s = false after %.1f s"
                                    + " (radio.uhd.lockTimeout); check the %s reference cabling", where, dev.args(),
                            name, cfg.lockTimeoutNanos() / 1e9, name.startsWith("ref") ? "10 MHz" : "LO"));
                }
                sleepMillis(50);
            }
        } finally {
            Uhd.uhd_sensor_value_free(sensor);
        }
    }

    private void alignTime() {
        Uhd.uhd_usrp usrp = dev.usrp();
        switch (cfg.timeAlignment()) {
            case NOW -> dev.check("uhd_usrp_set_time_now",
                    Uhd.uhd_usrp_set_time_now(usrp, 0, 0.0, UhdDevice.ALL_MBOARDS));
            case UNKNOWN_PPS -> {
                LOG.info("uhd: aligning device time on an unknown PPS edge (takes about 2 s)");
                dev.check("uhd_usrp_set_time_unknown_pps", Uhd.uhd_usrp_set_time_unknown_pps(usrp, 0, 0.0));
            }
            case NEXT_PPS -> {
                LOG.info("uhd: waiting for a PPS edge to set device time to 0 at the next one");
                try (LongPointer fullSecs = new LongPointer(1); DoublePointer fracSecs = new DoublePointer(1)) {
                    dev.check("uhd_usrp_get_time_last_pps",
                            Uhd.uhd_usrp_get_time_last_pps(usrp, 0, fullSecs, fracSecs));
                    long lastFull = fullSecs.get();
                    double lastFrac = fracSecs.get();
                    long deadline = System.nanoTime() + 2 * UhdDevice.NANOS;
                    do {
                        if (System.nanoTime() > deadline) {
                            throw new DeviceException("uhd: no PPS edge seen on " + dev.args() + " within 2 s "
                                    + "(radio.uhd.timeSource " + cfg.timeSource().uhdName() + "); check the PPS input");
                        }
                        sleepMillis(10);
                        dev.check("uhd_usrp_get_time_last_pps",
                                Uhd.uhd_usrp_get_time_last_pps(usrp, 0, fullSecs, fracSecs));
                    } while (fullSecs.get() == lastFull && fracSecs.get() == lastFrac);
                }
                dev.check("uhd_usrp_set_time_next_pps",
                        Uhd.uhd_usrp_set_time_next_pps(usrp, 0, 0.0, UhdDevice.ALL_MBOARDS));
                sleepMillis(1100);
            }
        }
    }

    static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException("uhd: interrupted while waiting for the device");
        }
    }
}
