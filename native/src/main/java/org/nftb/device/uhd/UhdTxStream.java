package org.nftb.device.uhd;

import org.bytedeco.javacpp.BoolPointer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.nftb.config.UhdConfig;
import org.nftb.device.DeviceException;
import org.nftb.device.TxBurst;
import org.nftb.device.TxInterlock;
import org.nftb.device.uhd.UhdRadio.TxEvent;
import org.nftb.device.uhd.capi.Uhd;
import org.nftb.device.uhd.capi.UhdErrors;
import org.nftb.device.uhd.capi.UhdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The TX stream of a {@link UhdRadio} ({@code radio.uhd.tx}): the TX streamer and the burst path.
 *
 * <p>{@link TxInterlock} checks every burst before any TX call reaches libuhd and again on the values the device
 * actually applied; a burst goes out as one {@code send} with start- and end-of-burst (timed when
 * {@link TxBurst#timeNanos()} ≥ 0); async messages (ack, underflow, sequence and time errors) are counted: for a
 * burst sent now they are read until its ack or the timeout; a timed burst returns once its samples are handed to
 * libuhd, and the messages already waiting are read without waiting (the pipeline queues bursts a lead ahead of
 * their time, so waiting for the ack would stall the receive thread until the burst had been sent).
 *
 * <p>Threading: one thread transmits; every call that touches the streamer holds {@code lock}, so
 * {@link #close()} waits for a burst in progress. The applied-settings cache is read and written only under
 * {@code lock}; the event counts are written by the transmitting thread and readable from any thread
 * ({@link #events}).
 */
final class UhdTxStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UhdRadio.class);   // one logger for the radio
    private static final long NANOS = UhdDevice.NANOS;

    private final UhdDevice dev;
    private final String args;
    private final TxInterlock interlock;
    private final long[] channels;

    private final Uhd.uhd_tx_streamer tx = new Uhd.uhd_tx_streamer();
    private final Uhd.uhd_async_metadata_t asyncMd = new Uhd.uhd_async_metadata_t();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;

    private final UhdStreamBuffers buffers;
    private double freqHz = Double.NaN;
    private double gainDb = Double.NaN;
    private double rateHz = Double.NaN;
    private final UhdFaultCounter<TxEvent> events;

    /**
     * Makes the TX streamer over {@code tx.channels()} and sets their antenna.
     *
     * @throws UhdException when libuhd refuses (what was made is freed)
     */
    UhdTxStream(UhdDevice dev, UhdConfig cfg, TxInterlock interlock) {
        this.dev = dev;
        this.args = dev.args();
        this.interlock = interlock;
        this.channels = cfg.tx().channels().stream().mapToLong(i -> i).toArray();
        this.buffers = new UhdStreamBuffers(channels.length);
        String channelText = Arrays.toString(channels);
        this.events = new UhdFaultCounter<>(TxEvent.values(), e -> switch (e) {
            case BURST_ACK, USER_PAYLOAD -> null;
            case ACK_MISSING -> Level.INFO;
            default -> Level.WARN;
        }, e -> e == TxEvent.ACK_MISSING ? "no burst ack from " + args + " before the transmit timeout"
                : "TX " + e.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " on " + args + " channels "
                        + channelText);
        boolean ok = false;
        try {
            UhdErrors.check("uhd_tx_streamer_make", Uhd.uhd_tx_streamer_make(tx));
            dev.check("uhd_usrp_get_tx_stream", UhdStreamBuffers.makeStreamer(cfg, channels,
                    sa -> Uhd.uhd_usrp_get_tx_stream(dev.usrp(), sa, tx)));
            UhdErrors.check("uhd_async_metadata_make", Uhd.uhd_async_metadata_make(asyncMd));
            if (cfg.tx().antenna() != null) {
                for (long c : channels) {
                    dev.check("uhd_usrp_set_tx_antenna", Uhd.uhd_usrp_set_tx_antenna(dev.usrp(), cfg.tx().antenna(), c));
                }
            }
            ok = true;
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    /** See {@link org.nftb.device.RadioDevice#transmit}. */
    void transmit(TxBurst burst, long timeoutNanos) {
        if (burst.samples().length != channels.length) {
            throw new DeviceException("uhd: burst has " + burst.samples().length + " channels, radio.uhd.tx has "
                    + channels.length + "; nothing transmitted");
        }
        int n = burst.length();
        for (float[] ch : burst.samples()) {
            if (ch.length != 2 * n) {
                throw new DeviceException("uhd: burst channels differ in length; nothing transmitted");
            }
        }
        lock.lock();
        try {
            ensureOpen();
            tune(burst);
            buffers.ensureCapacity(n);
            for (int c = 0; c < channels.length; c++) {
                buffers.channel(c).put(0, burst.samples()[c], 0, 2 * n);
            }
            boolean timed = burst.timeNanos() >= 0;
            Uhd.uhd_tx_metadata_t md = new Uhd.uhd_tx_metadata_t();
            UhdErrors.check("uhd_tx_metadata_make", Uhd.uhd_tx_metadata_make(md, timed,
                    timed ? Math.floorDiv(burst.timeNanos(), NANOS) : 0,
                    timed ? Math.floorMod(burst.timeNanos(), NANOS) / 1e9 : 0.0, true, true));
            long sent;
            long deadline = System.nanoTime() + timeoutNanos;
            try (SizeTPointer out = new SizeTPointer(1)) {
                UhdErrors.check("uhd_tx_streamer_send",
                        Uhd.uhd_tx_streamer_send(tx, buffers.array(), n, md, timeoutNanos / 1e9, out), tx);
                sent = out.get();
            } finally {
                Uhd.uhd_tx_metadata_free(md);
            }
            if (sent < n) {
                throw new DeviceException("uhd: transmit on " + args + " timed out after " + sent + " of " + n
                        + " samples");
            }
            LOG.debug("uhd: sent a {}-sample burst on {}", n, Arrays.toString(channels));
            readAsync(deadline, !timed);
        } catch (UhdException e) {
            throw new DeviceException("uhd: transmit on " + args + " failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Sets TX rate, frequency and gain when they change, then re-checks what the device applied. */
    private void tune(TxBurst burst) {
        if (burst.sampleRateHz() == rateHz && burst.centerFrequencyHz() == freqHz && burst.gainDb() == gainDb) {
            return;
        }
        Uhd.uhd_usrp usrp = dev.usrp();
        dev.control().lock();
        try (Uhd.uhd_tune_request_t req = new Uhd.uhd_tune_request_t();
             Uhd.uhd_tune_result_t res = new Uhd.uhd_tune_result_t();
             BytePointer empty = new BytePointer("");
             DoublePointer rate = new DoublePointer(1);
             DoublePointer freq = new DoublePointer(1);
             DoublePointer gain = new DoublePointer(1)) {
            req.target_freq(burst.centerFrequencyHz()).rf_freq_policy(Uhd.UHD_TUNE_REQUEST_POLICY_AUTO)
                    .dsp_freq_policy(Uhd.UHD_TUNE_REQUEST_POLICY_AUTO).args(empty);
            for (long c : channels) {
                dev.check("uhd_usrp_set_tx_rate", Uhd.uhd_usrp_set_tx_rate(usrp, burst.sampleRateHz(), c));
                dev.check("uhd_usrp_set_tx_freq", Uhd.uhd_usrp_set_tx_freq(usrp, req, c, res));
                dev.check("uhd_usrp_set_tx_gain", Uhd.uhd_usrp_set_tx_gain(usrp, burst.gainDb(), c, ""));
                dev.check("uhd_usrp_get_tx_rate", Uhd.uhd_usrp_get_tx_rate(usrp, c, rate));
                dev.check("uhd_usrp_get_tx_freq", Uhd.uhd_usrp_get_tx_freq(usrp, c, freq));
                dev.check("uhd_usrp_get_tx_gain", Uhd.uhd_usrp_get_tx_gain(usrp, c, "", gain));
                interlock.check(freq.get(), gain.get(), rate.get());   // the values the device really uses
            }
        } catch (UhdException e) {
            rateHz = Double.NaN;
            throw new DeviceException("uhd: cannot set up TX on " + args + ": " + e.getMessage() + "; nothing "
                    + "transmitted", e);
        } finally {
            dev.control().unlock();
        }
        rateHz = burst.sampleRateHz();
        freqHz = burst.centerFrequencyHz();
        gainDb = burst.gainDb();
    }

    /**
     * Reads async TX messages, counting every event: until a burst's ack or the deadline ({@code untilAck}), else
     * only those already waiting.
     */
    private void readAsync(long deadlineNanos, boolean untilAck) {
        try (BoolPointer valid = new BoolPointer(1); IntPointer event = new IntPointer(1)) {
            while (true) {
                double wait = untilAck ? Math.max(0, (deadlineNanos - System.nanoTime()) / 1e9) : 0;
                UhdErrors.check("uhd_tx_streamer_recv_async_msg",
                        Uhd.uhd_tx_streamer_recv_async_msg(tx, asyncMd, wait, valid), tx);
                if (!valid.get()) {
                    if (untilAck) {
                        events.count(TxEvent.ACK_MISSING);
                    }
                    return;
                }
                UhdErrors.check("uhd_async_metadata_event_code", Uhd.uhd_async_metadata_event_code(asyncMd, event));
                int e = event.get();
                if ((e & Uhd.UHD_ASYNC_METADATA_EVENT_CODE_BURST_ACK) != 0) {
                    events.count(TxEvent.BURST_ACK);
                }
                if ((e & (Uhd.UHD_ASYNC_METADATA_EVENT_CODE_UNDERFLOW
                        | Uhd.UHD_ASYNC_METADATA_EVENT_CODE_UNDERFLOW_IN_PACKET)) != 0) {
                    events.count(TxEvent.UNDERFLOW);
                }
                if ((e & (Uhd.UHD_ASYNC_METADATA_EVENT_CODE_SEQ_ERROR
                        | Uhd.UHD_ASYNC_METADATA_EVENT_CODE_SEQ_ERROR_IN_BURST)) != 0) {
                    events.count(TxEvent.SEQUENCE_ERROR);
                }
                if ((e & Uhd.UHD_ASYNC_METADATA_EVENT_CODE_TIME_ERROR) != 0) {
                    events.count(TxEvent.TIME_ERROR);
                    long late = events.get(TxEvent.TIME_ERROR);
                    if (Long.bitCount(late) == 1) {   // 1, 2, 4, …: seen, never a flood
                        LOG.warn("uhd: {} timed TX burst(s) on {} reached the radio after their time and were not "
                                + "sent (TIME_ERROR); raise pipeline.transmitLead", late, args);
                    }
                }
                if ((e & Uhd.UHD_ASYNC_METADATA_EVENT_CODE_USER_PAYLOAD) != 0) {
                    events.count(TxEvent.USER_PAYLOAD);
                }
                if ((e & Uhd.UHD_ASYNC_METADATA_EVENT_CODE_BURST_ACK) != 0 && untilAck) {
                    return;
                }
            }
        }
    }

    /**
     * Runs {@code action} while no burst is in progress and none can start (holding the TX lock): the RX retune
     * uses it so that a TX chain sharing the LO is never moved under a burst.
     */
    <T> T whileIdle(Supplier<T> action) {
        lock.lock();
        try {
            ensureOpen();
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** TX frequency each TX channel is tuned to now ({@code uhd_usrp_get_tx_freq}); call inside {@link #whileIdle}. */
    double[] appliedFrequencies() {
        double[] out = new double[channels.length];
        try (DoublePointer freq = new DoublePointer(1)) {
            for (int i = 0; i < channels.length; i++) {
                dev.check("uhd_usrp_get_tx_freq", Uhd.uhd_usrp_get_tx_freq(dev.usrp(), channels[i], freq));
                out[i] = freq.get();
            }
        }
        return out;
    }

    /**
     * Forgets the applied TX settings, so the next burst sets rate, frequency and gain again and the interlock
     * re-checks what the device applied; call inside {@link #whileIdle}.
     */
    void retuneBeforeNextBurst() {
        rateHz = Double.NaN;
    }

    /** Multi-USRP TX channels, in burst channel order. */
    long[] channels() {
        return channels.clone();
    }

    /** Asynchronous TX events counted so far. */
    long events(TxEvent event) {
        return events.get(event);
    }

    /** Frees the streamer, async metadata and buffers; waits for a burst in progress. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (!asyncMd.isNull()) {
                Uhd.uhd_async_metadata_free(asyncMd);
            }
            if (!tx.isNull()) {
                Uhd.uhd_tx_streamer_free(tx);
            }
            buffers.close();
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new DeviceException("uhd: device " + args + " is closed");
        }
    }
}
