package org.nftb.device.uhd;

import org.nftb.config.RunConfig;
import org.nftb.config.UhdConfig;
import org.nftb.device.CommandTime;
import org.nftb.device.DeviceException;
import org.nftb.device.RadioDevice;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;
import org.nftb.device.StreamStart;
import org.nftb.device.TxBurst;
import org.nftb.device.TxInterlock;
import org.nftb.device.uhd.capi.UhdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A multi-USRP through libuhd's C API: the {@code radio.uhd} block of a hw-config made real. This class is the
 * {@link RadioDevice} facade over its parts:
 * <ul>
 *   <li>{@link UhdDevice} — the {@code uhd_usrp} handle (open/close);</li>
 *   <li>{@link UhdSetup} — subdevices, clock/time sources, per-channel rate/LO/frequency/gain/antenna/bandwidth,
 *       lock checks and device time, once at open;</li>
 *   <li>{@link UhdRxStream} — the RX streamer and the receive loop;</li>
 *   <li>{@link UhdTxStream} — the TX streamer and the burst path behind {@link TxInterlock};</li>
 *   <li>{@link UhdRxTuning} — RX frequency and gain of the running device, now or as timed commands;</li>
 *   <li>{@link UhdFaultCounter} — stream faults counted per kind and logged sparingly.</li>
 * </ul>
 *
 * <p><b>Opening</b> makes one {@code uhd_usrp} from {@code args} (several devices with {@code addr0=…,addr1=…}),
 * runs the set-up and creates the RX streamer with device channel {@code c} = array element {@code c} (or the one
 * RF chain of a switched array), plus the TX streamer when {@code radio.uhd.tx} is given. Any failure frees what was
 * made and throws {@link DeviceException} carrying UHD's own message.
 *
 * <p><b>Channels.</b> RadioDevice channel {@code c} is receive element {@code c}: the multi-USRP channel that
 * {@code radio.uhd.channels} maps to it (the one RF chain behind a switch). {@link #ALL_CHANNELS} addresses all.
 *
 * <p><b>Threading.</b> One thread receives, one transmits; tuning, gain, device time and {@link #close()} may
 * come from any thread, also while another receives. {@code close()} waits for a receive in progress (at most
 * its timeout), a burst and a control call in progress before freeing the handles (streamers before the device).
 * {@code close()} is idempotent.
 */
public final class UhdRadio implements RadioDevice {
    private static final Logger LOG = LoggerFactory.getLogger(UhdRadio.class);

    static {
        UhdBackendProvider.loadLibuhd();   // before any JavaCPP pointer field is made
    }

    private final String args;
    private final TxInterlock interlock;
    private final double rateHz;
    private final long[] rxChannels;       // multi-USRP channel of device channel c
    private final String description;
    private final UhdDevice device;
    private final UhdRxStream rx;
    private final UhdTxStream tx;          // null without radio.uhd.tx
    private final UhdRxTuning tuning;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Asynchronous TX events, as counted by {@link UhdRadio#txEvents(TxEvent)}. */
    public enum TxEvent { BURST_ACK, UNDERFLOW, SEQUENCE_ERROR, TIME_ERROR, USER_PAYLOAD, ACK_MISSING }

    /** Time spent inside libuhd's recv, in the copy to the RxBuffers, and the samples copied (per channel). */
    public record RxCost(long recvNanos, long copyNanos, long samples) {
    }

    /** Opens and configures the device of {@code config.radio().uhd()}. */
    public UhdRadio(RunConfig config) {
        UhdConfig cfg = config.radio().uhd();
        if (cfg == null) {
            throw new DeviceException(config.source() + ": radio.uhd is missing");
        }
        this.args = cfg.args();
        this.interlock = new TxInterlock(config.radio().txLimits(), config.source());
        this.rateHz = config.radio().deviceSampleRateHz();
        List<UhdConfig.RxChannel> ordered = new ArrayList<>(cfg.rxChannels());
        ordered.sort(Comparator.comparingInt(UhdConfig.RxChannel::element));
        this.rxChannels = ordered.stream().mapToLong(UhdConfig.RxChannel::channel).toArray();
        int[] elements = ordered.stream().mapToInt(UhdConfig.RxChannel::element).toArray();
        String channelText = Arrays.toString(rxChannels);
        UhdDevice d = null;
        UhdRxStream r = null;
        UhdTxStream t = null;
        try {
            d = new UhdDevice(args);
            LOG.info("uhd: opened {} ({} motherboard{})", d.names(), d.mboards(), d.mboards() == 1 ? "" : "s");
            new UhdSetup(d, cfg, config.source(), rateHz).configure(ordered);
            r = new UhdRxStream(d, cfg, rxChannels, rateHz, channelText);
            if (cfg.tx() != null && !cfg.tx().channels().isEmpty()) {
                t = new UhdTxStream(d, cfg, interlock);
            }
        } catch (RuntimeException e) {
            closeAll(t, r, d);
            if (e instanceof UhdException) {
                throw new DeviceException("uhd: cannot open device '" + args + "' (" + config.source() + "): "
                        + e.getMessage(), e);
            }
            throw e;
        }
        this.device = d;
        this.rx = r;
        this.tx = t;
        this.tuning = new UhdRxTuning(d, rxChannels, elements, t, config.radio().txLimits(), config.source());
        this.description = String.format(Locale.ROOT, "uhd: %s (args %s), RX channel%s %s at %.1f kS/s", d.names(),
                args, rxChannels.length == 1 ? "" : "s", channelText, rateHz / 1e3);
    }

    private static void closeAll(AutoCloseable... parts) {
        for (AutoCloseable p : parts) {
            if (p != null) {
                try {
                    p.close();
                } catch (Exception e) {
                    LOG.debug("uhd: freeing a partly opened device: {}", e.toString());
                }
            }
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public int channelCount() {
        return rxChannels.length;
    }

    @Override
    public double sampleRateHz() {
        return rateHz;
    }

    /**
     * Starts continuous streaming on all channels with one stream command: timed at {@code start.timeNanos()}, or
     * — for {@link StreamStart#NOW} — at device time now + {@code startDelay} when there are several channels
     * (libuhd aligns several channels only on a timed start), at once for one channel.
     */
    @Override
    public void startStreaming(StreamStart start) {
        ensureOpen();
        rx.start(start);
    }

    /**
     * Receives into {@code buffer}; see {@link UhdRxStream} for the sample index, fault statuses and the
     * {@code deviceLostTimeout} probe.
     */
    @Override
    public void receive(RxBuffer buffer, long timeoutNanos) {
        ensureOpen();
        rx.receive(buffer, timeoutNanos);
    }

    /** Receive calls per status since opening. */
    public long statusCount(RxStatus status) {
        return rx.statusCount(status);
    }

    public RxCost rxCost() {
        return rx.cost();
    }

    @Override
    public void stopStreaming() {
        if (closed.get()) {
            return;
        }
        rx.stop();
    }

    /**
     * Transmits a burst: {@link TxInterlock} checks it before any libuhd call and again on the frequency, gain and
     * rate the device applied; see {@link UhdTxStream}.
     */
    @Override
    public void transmit(TxBurst burst, long timeoutNanos) {
        interlock.check(burst);                    // before anything reaches libuhd
        ensureOpen();
        if (tx == null) {
            throw new DeviceException("uhd: " + args + " has no TX channels configured (radio.uhd.tx); nothing "
                    + "transmitted");
        }
        tx.transmit(burst, timeoutNanos);
    }

    /** Asynchronous TX events counted so far. */
    public long txEvents(TxEvent event) {
        return tx == null ? 0 : tx.events(event);
    }

    /**
     * Retunes the channel(s), checked first against the range the device reports (an out-of-range frequency is
     * refused, naming the range; libuhd would coerce it); timed through {@code uhd_usrp_set_command_time}. With a
     * TX stream, runs while no burst is in progress and makes the next burst set TX up again (see
     * {@link UhdRxTuning}).
     */
    @Override
    public void setRxFrequency(double frequencyHz, int channel, CommandTime when) {
        ensureOpen();
        tuning.setFrequency(frequencyHz, channel, when);
    }

    @Override
    public double rxFrequencyHz(int channel) {
        ensureOpen();
        return tuning.frequencyHz(channel);
    }

    /** Sets the overall RX gain of the channel(s), checked against the device's gain range, now or timed. */
    @Override
    public void setRxGain(double gainDb, int channel, CommandTime when) {
        ensureOpen();
        tuning.setGain(gainDb, channel, when);
    }

    @Override
    public double rxGainDb(int channel) {
        ensureOpen();
        return tuning.gainDb(channel);
    }

    /** Time of motherboard 0 ({@code uhd_usrp_get_time_now}), ns; all motherboards share it once aligned. */
    @Override
    public long deviceTimeNanos() {
        ensureOpen();
        try {
            return device.timeNanos();
        } catch (UhdException e) {
            throw new DeviceException("uhd: cannot read the device time of " + args + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        rx.close();             // waits for a receive in progress (it returns within its timeout)
        if (tx != null) {
            tx.close();         // waits for a burst in progress
        }
        device.close();         // streamers before the device
        LOG.info("uhd: released {}", args);
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new DeviceException("uhd: device " + args + " is closed");
        }
    }
}
