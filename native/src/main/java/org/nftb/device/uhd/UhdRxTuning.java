package org.nftb.device.uhd;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.nftb.config.TxLimits;
import org.nftb.device.CommandTime;
import org.nftb.device.DeviceException;
import org.nftb.device.RadioDevice;
import org.nftb.device.uhd.capi.Uhd;
import org.nftb.device.uhd.capi.UhdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * RX frequency and gain of a running device ({@link RadioDevice#setRxFrequency}, {@link RadioDevice#setRxGain}),
 * now or as timed commands, with the applied values read back.
 *
 * <p><b>Channels.</b> RadioDevice channel {@code c} is receive element {@code c}, i.e. the multi-USRP channel that
 * {@code radio.uhd.channels} maps to element {@code c} (the one RF chain behind a switch);
 * {@link RadioDevice#ALL_CHANNELS} means every one of them.
 *
 * <p><b>Checks first.</b> The value is checked against the range every addressed channel reports
 * ({@code uhd_usrp_get_rx_freq_range}, {@code uhd_usrp_get_rx_gain_range}) before anything changes: libuhd itself
 * would coerce an out-of-range value silently (the E320 tunes 7 GHz to 6 GHz), so an out-of-range request is a
 * {@link DeviceException} naming the device, the channel and the range, and nothing is applied.
 *
 * <p><b>Timed commands.</b> {@code uhd_usrp_set_command_time(t)} on every motherboard, the setters, then
 * {@code uhd_usrp_clear_command_time} — all under the device's control lock, so no other control call lands in
 * the timed window. A device that cannot time commands ({@code UHD_ERROR_NOT_IMPLEMENTED}) gets the command at once,
 * noted at INFO the first time. A time already past is the device's business (RFNoC radios execute it late).
 *
 * <p><b>TX.</b> RX tuning does not transmit, but on a front end whose TX chain shares the LO an RX retune moves the
 * TX frequency too. So a retune runs while no burst is in progress ({@link UhdTxStream#whileIdle}), compares the TX
 * frequencies before and after, logs a warning when they moved (saying whether the new one is inside
 * {@code radio.txLimits}), and makes the next burst set up TX again, so the interlock re-checks the values the
 * device applied before anything is sent.
 *
 * <p>Threading: callable from any thread, also while another thread receives.
 */
final class UhdRxTuning {
    private static final Logger LOG = LoggerFactory.getLogger(UhdRadio.class);   // one logger for the radio

    private final UhdDevice dev;
    private final String args;
    private final long[] channels;         // multi-USRP channel of RadioDevice channel c
    private final int[] elements;          // element of RadioDevice channel c, -1 behind a switch
    private final UhdTxStream tx;          // null without radio.uhd.tx
    private final TxLimits txLimits;
    private final String source;
    private final AtomicBoolean untimedNoted = new AtomicBoolean();

    /**
     * @param channels multi-USRP channel of each RadioDevice channel
     * @param elements element of each RadioDevice channel (-1 for the switched RF chain)
     * @param tx       the TX stream, or null
     * @param source   the hw-config file (named in messages)
     */
    UhdRxTuning(UhdDevice dev, long[] channels, int[] elements, UhdTxStream tx, TxLimits txLimits, String source) {
        this.dev = dev;
        this.args = dev.args();
        this.channels = channels.clone();
        this.elements = elements.clone();
        this.tx = tx;
        this.txLimits = txLimits;
        this.source = source;
    }

    /** See {@link RadioDevice#setRxFrequency}. */
    void setFrequency(double frequencyHz, int channel, CommandTime when) {
        int[] targets = targets(channel);
        if (!Double.isFinite(frequencyHz)) {
            throw new DeviceException("uhd: RX frequency " + frequencyHz + " Hz for " + args + " is not a number");
        }
        try {
            if (tx == null) {
                retune(targets, frequencyHz, when);
            } else {
                tx.whileIdle(() -> {
                    double[] before = controlled(tx::appliedFrequencies);
                    retune(targets, frequencyHz, when);
                    noteTxLo(before, controlled(tx::appliedFrequencies));
                    tx.retuneBeforeNextBurst();
                    return null;
                });
            }
            for (int c : targets) {
                LOG.info("uhd: {} {} tuned to {} (asked {}{})", args, label(c), ghz(read(c, true)), ghz(frequencyHz),
                        at(when));
            }
        } catch (UhdException e) {
            throw new DeviceException("uhd: cannot tune " + args + " " + which(channel) + " to " + ghz(frequencyHz)
                    + ": " + e.getMessage(), e);
        }
    }

    /** See {@link RadioDevice#setRxGain}. */
    void setGain(double gainDb, int channel, CommandTime when) {
        int[] targets = targets(channel);
        if (!Double.isFinite(gainDb)) {
            throw new DeviceException("uhd: RX gain " + gainDb + " dB for " + args + " is not a number");
        }
        try {
            checkRange(targets, gainDb, false);
            timed(when, targets, c -> dev.check("uhd_usrp_set_rx_gain",
                    Uhd.uhd_usrp_set_rx_gain(dev.usrp(), gainDb, c, "")));
            for (int c : targets) {
                LOG.info("uhd: {} {} gain {} dB (asked {} dB{})", args, label(c), read(c, false), gainDb, at(when));
            }
        } catch (UhdException e) {
            throw new DeviceException("uhd: cannot set the gain of " + args + " " + which(channel) + " to " + gainDb
                    + " dB: " + e.getMessage(), e);
        }
    }

    /** See {@link RadioDevice#rxFrequencyHz}: what the device applied ({@code uhd_usrp_get_rx_freq}). */
    double frequencyHz(int channel) {
        return applied(channel, true);
    }

    /** See {@link RadioDevice#rxGainDb}: what the device applied ({@code uhd_usrp_get_rx_gain}, overall gain). */
    double gainDb(int channel) {
        return applied(channel, false);
    }

    // --- channels ------------------------------------------------------------------------------------------

    private int[] targets(int channel) {
        if (channel == RadioDevice.ALL_CHANNELS) {
            int[] all = new int[channels.length];
            Arrays.setAll(all, i -> i);
            return all;
        }
        if (channel < 0 || channel >= channels.length) {
            throw new DeviceException("uhd: " + args + " has RX channels 0.." + (channels.length - 1)
                    + " (one per receive element, " + source + " radio.uhd.channels) or RadioDevice.ALL_CHANNELS; "
                    + "not " + channel);
        }
        return new int[] {channel};
    }

    private static String which(int channel) {
        return channel == RadioDevice.ALL_CHANNELS ? "RX channels (all)" : "RX channel " + channel;
    }

    private String label(int c) {
        return elements[c] < 0 ? "RX channel " + channels[c] + " (the switched RF chain)"
                : "RX channel " + channels[c] + " (element " + elements[c] + ")";
    }

    private static String ghz(double hz) {
        return String.format(Locale.ROOT, "%.6f GHz", hz / 1e9);
    }

    private static String at(CommandTime when) {
        return when.now() ? "" : String.format(Locale.ROOT, ", from device time %.9f s", when.timeNanos() / 1e9);
    }

    // --- libuhd --------------------------------------------------------------------------------------------

    /** Runs {@code action} holding the device's control lock on an open device. */
    private <T> T controlled(Supplier<T> action) {
        dev.control().lock();
        try {
            dev.ensureOpen();
            return action.get();
        } finally {
            dev.control().unlock();
        }
    }

    private void retune(int[] targets, double frequencyHz, CommandTime when) {
        checkRange(targets, frequencyHz, true);
        timed(when, targets, c -> tune(c, frequencyHz));
    }

    /** Refuses {@code value} unless every target channel's range holds it; changes nothing. */
    private void checkRange(int[] targets, double value, boolean frequency) {
        controlled(() -> {
            Uhd.uhd_meta_range_t range = new Uhd.uhd_meta_range_t();
            dev.check("uhd_meta_range_make", Uhd.uhd_meta_range_make(range));
            try (DoublePointer start = new DoublePointer(1); DoublePointer stop = new DoublePointer(1);
                 DoublePointer clipped = new DoublePointer(1)) {
                for (int c : targets) {
                    long ch = channels[c];
                    if (frequency) {
                        dev.check("uhd_usrp_get_rx_freq_range", Uhd.uhd_usrp_get_rx_freq_range(dev.usrp(), ch, range));
                    } else {
                        dev.check("uhd_usrp_get_rx_gain_range",
                                Uhd.uhd_usrp_get_rx_gain_range(dev.usrp(), "", ch, range));
                    }
                    dev.check("uhd_meta_range_clip", Uhd.uhd_meta_range_clip(range, value, false, clipped));
                    if (clipped.get() == value) {
                        continue;
                    }
                    dev.check("uhd_meta_range_start", Uhd.uhd_meta_range_start(range, start));
                    dev.check("uhd_meta_range_stop", Uhd.uhd_meta_range_stop(range, stop));
                    throw new DeviceException(frequency
                            ? String.format(Locale.ROOT, "uhd: %s %s cannot tune to %s: the device's range is %s to "
                                    + "%s (uhd_usrp_get_rx_freq_range); nothing changed", args, label(c), ghz(value),
                            ghz(start.get()), ghz(stop.get()))
                            : String.format(Locale.ROOT, "uhd: %s %s cannot set gain %.2f dB: the device's range is "
                                    + "%.2f to %.2f dB (uhd_usrp_get_rx_gain_range); nothing changed", args, label(c),
                            value, start.get(), stop.get()));
                }
            } finally {
                Uhd.uhd_meta_range_free(range);
            }
            return null;
        });
    }

    private void tune(long channel, double frequencyHz) {
        try (Uhd.uhd_tune_request_t req = new Uhd.uhd_tune_request_t();
             Uhd.uhd_tune_result_t res = new Uhd.uhd_tune_result_t();
             BytePointer empty = new BytePointer("")) {
            req.target_freq(frequencyHz).rf_freq_policy(Uhd.UHD_TUNE_REQUEST_POLICY_AUTO)
                    .dsp_freq_policy(Uhd.UHD_TUNE_REQUEST_POLICY_AUTO).args(empty);
            dev.check("uhd_usrp_set_rx_freq", Uhd.uhd_usrp_set_rx_freq(dev.usrp(), req, channel, res));
        }
    }

    private interface ChannelCall {
        void call(long channel);
    }

    /**
     * Runs {@code call} on the multi-USRP channel of every target, as commands timed at {@code when} (or now), under
     * the control lock: set_command_time, the calls, clear_command_time (also when a call failed).
     */
    private void timed(CommandTime when, int[] targets, ChannelCall call) {
        controlled(() -> {
            boolean timedSet = setCommandTime(when);
            RuntimeException failure = null;
            try {
                for (int c : targets) {
                    call.call(channels[c]);
                }
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            } finally {
                if (timedSet) {
                    try {
                        dev.check("uhd_usrp_clear_command_time",
                                Uhd.uhd_usrp_clear_command_time(dev.usrp(), UhdDevice.ALL_MBOARDS));
                    } catch (UhdException e) {
                        if (failure == null) {
                            throw e;
                        }
                        failure.addSuppressed(e);
                    }
                }
            }
            return null;
        });
    }

    /** Sets the command time for a timed command; false for {@code now} or a device that cannot time commands. */
    private boolean setCommandTime(CommandTime when) {
        if (when.now()) {
            return false;
        }
        try {
            dev.check("uhd_usrp_set_command_time", Uhd.uhd_usrp_set_command_time(dev.usrp(),
                    Math.floorDiv(when.timeNanos(), UhdDevice.NANOS),
                    Math.floorMod(when.timeNanos(), UhdDevice.NANOS) / 1e9, UhdDevice.ALL_MBOARDS));
            return true;
        } catch (UhdException e) {
            if (e.errorCode() != Uhd.UHD_ERROR_NOT_IMPLEMENTED) {
                throw e;
            }
            if (untimedNoted.compareAndSet(false, true)) {
                LOG.info("uhd: {} cannot time commands ({}); timed retunes and gain steps are applied at once",
                        args, e.uhdMessage());
            }
            return false;
        }
    }

    /** Applied frequency (Hz) or gain (dB) of RadioDevice channel {@code c}. */
    private double read(int c, boolean frequency) {
        return controlled(() -> {
            try (DoublePointer out = new DoublePointer(1)) {
                if (frequency) {
                    dev.check("uhd_usrp_get_rx_freq", Uhd.uhd_usrp_get_rx_freq(dev.usrp(), channels[c], out));
                } else {
                    dev.check("uhd_usrp_get_rx_gain", Uhd.uhd_usrp_get_rx_gain(dev.usrp(), channels[c], "", out));
                }
                return out.get();
            }
        });
    }

    /** The applied value of one channel; for ALL_CHANNELS the common value, refused when the channels differ. */
    private double applied(int channel, boolean frequency) {
        int[] targets = targets(channel);
        double[] values = new double[targets.length];
        try {
            for (int i = 0; i < targets.length; i++) {
                values[i] = read(targets[i], frequency);
            }
        } catch (UhdException e) {
            throw new DeviceException("uhd: cannot read the RX " + (frequency ? "frequency" : "gain") + " of " + args
                    + " " + which(channel) + ": " + e.getMessage(), e);
        }
        for (double v : values) {
            if (v != values[0]) {
                throw new DeviceException("uhd: the RX " + (frequency ? "frequencies" : "gains") + " of " + args
                        + " differ by channel, " + Arrays.toString(values) + "; ask for one channel");
            }
        }
        return values[0];
    }

    /** After an RX retune: a TX chain whose frequency moved shares the LO; say so (nothing is transmitting). */
    private void noteTxLo(double[] before, double[] after) {
        long[] txChannels = tx.channels();
        for (int i = 0; i < after.length; i++) {
            if (after[i] != before[i]) {
                LOG.warn("uhd: retuning RX on {} moved TX channel {} from {} to {}: its TX chain shares the LO. "
                                + "Nothing is being transmitted; {} is {} radio.txLimits of {}; the next burst sets TX "
                                + "up again and the interlock re-checks the values the device applies", args,
                        txChannels[i], ghz(before[i]), ghz(after[i]), ghz(after[i]),
                        txLimits.allowsFrequency(after[i]) ? "inside" : "OUTSIDE", source);
            }
        }
    }
}
