package org.nftb.device.uhd;

import org.bytedeco.javacpp.BoolPointer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;
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
import org.nftb.device.uhd.capi.Uhd;
import org.nftb.device.uhd.capi.UhdErrors;
import org.nftb.device.uhd.capi.UhdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A multi-USRP through libuhd's C API: the {@code radio.uhd} block of a hw-config made real.
 *
 * <p><b>Opening</b> makes one {@code uhd_usrp} from {@code args} (several devices with {@code addr0=…,addr1=…}),
 * applies subdevice specs, clock and time sources, then per RX channel rate, frequency, gain, antenna, bandwidth
 * and LO source/export; checks {@code ref_locked} (every motherboard, when the clock is not internal) and
 * {@code lo_locked} (every channel) — a sensor the device does not have is skipped with a logged note; sets device
 * time ({@link UhdConfig.TimeAlignment}); and creates the RX streamer (fc32 on the host, sc16/sc8 on the wire)
 * with device channel {@code c} = array element {@code c} (or the one RF chain of a switched array), plus the TX
 * streamer when {@code radio.uhd.tx} is given. Any failure frees what was made and throws
 * {@link DeviceException} carrying UHD's own message.
 *
 * <p><b>Receiving.</b> libuhd writes into direct (native) float buffers allocated once for the caller's
 * {@link RxBuffer} capacity; one bulk copy per channel moves them into the RxBuffer's arrays (RxBuffer holds Java
 * arrays, which libuhd cannot address). Nothing allocates per call. The sample index comes from the RX time spec
 * ({@code round((t − t_start)·rate)}) whenever it is present and not behind the count, so an overflow shows as a
 * jump; without a time spec the count is used, and after an overflow the loss is estimated from the host clock
 * (at least one sample). Every metadata error code is mapped to {@link RxStatus}, counted per status, and logged
 * with the device and channels (first occurrence, then at powers of two). Silence longer than
 * {@code deviceLostTimeout} makes the radio ask the device for its time; if that fails, the device is gone and
 * {@link #receive} throws.
 *
 * <p><b>Transmitting.</b> {@link TxInterlock} checks every burst before any TX call reaches libuhd and again on the
 * values the device actually applied; a burst goes out as one {@code send} with start- and end-of-burst (timed when
 * {@link TxBurst#timeNanos()} ≥ 0); async messages (ack, underflow, sequence and time errors) are read until the
 * burst's ack or the timeout and counted ({@link #txEvents(TxEvent)}).
 *
 * <p><b>Threading.</b> One thread receives, one transmits; {@link #close()} may come from any thread: it waits
 * for a receive in progress (at most its timeout) before freeing the handles. {@code close()} is idempotent.
 */
public final class UhdRadio implements RadioDevice {
    private static final Logger LOG = LoggerFactory.getLogger(UhdRadio.class);
    /** {@code multi_usrp::ALL_MBOARDS}: size_t(~0). */
    private static final long ALL_MBOARDS = -1L;
    private static final long NANOS = 1_000_000_000L;

    static {
        UhdBackendProvider.loadLibuhd();   // before any JavaCPP pointer field is made
    }

    private final UhdConfig cfg;
    private final String args;
    private final TxInterlock interlock;
    private final double rateHz;
    private final long[] rxChannels;       // multi-USRP channel of device channel c
    private final long[] txChannels;
    private final String description;
    private final String channelText;
    private final int mboards;

    private final Uhd.uhd_usrp usrp = new Uhd.uhd_usrp();
    private final Uhd.uhd_rx_streamer rx = new Uhd.uhd_rx_streamer();
    private final Uhd.uhd_rx_metadata_t rxMd = new Uhd.uhd_rx_metadata_t();
    private final Uhd.uhd_tx_streamer tx = new Uhd.uhd_tx_streamer();
    private final Uhd.uhd_async_metadata_t asyncMd = new Uhd.uhd_async_metadata_t();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantLock rxLock = new ReentrantLock();
    private final ReentrantLock txLock = new ReentrantLock();

    // RX scratch, made once (buffers sized on the first receive)
    private final SizeTPointer received = new SizeTPointer(1);
    private final IntPointer errorCode = new IntPointer(1);
    private final BoolPointer flag = new BoolPointer(1);
    private final LongPointer fullSecs = new LongPointer(1);
    private final DoublePointer fracSecs = new DoublePointer(1);
    private final PointerPointer<FloatPointer> rxBuffs;
    private FloatBuffer[] rxDirect;
    private FloatPointer[] rxPointers;
    private int rxCapacity;
    private final long[] statusCounts = new long[RxStatus.values().length];
    private final String[] statusDetail = new String[RxStatus.values().length];

    private volatile boolean streaming;
    private long startFull;
    private double startFrac;
    private long nextIndex;
    private boolean overflowPending;
    private long lastSampleWallNanos;
    private long silentSinceNanos = -1;
    private boolean timeSpecNoted;
    private long copyNanos;
    private long recvNanos;
    private long samplesCopied;

    // TX
    private FloatBuffer[] txDirect;
    private FloatPointer[] txPointers;
    private PointerPointer<FloatPointer> txBuffs;
    private int txCapacity;
    private double txFreqHz = Double.NaN;
    private double txGainDb = Double.NaN;
    private double txRateHz = Double.NaN;
    private final long[] txEventCounts = new long[TxEvent.values().length];

    /** Asynchronous TX events, as counted by {@link UhdRadio#txEvents(TxEvent)}. */
    public enum TxEvent { BURST_ACK, UNDERFLOW, SEQUENCE_ERROR, TIME_ERROR, USER_PAYLOAD, ACK_MISSING }

    /** Opens and configures the device of {@code config.radio().uhd()}. */
    public UhdRadio(RunConfig config) {
        this.cfg = config.radio().uhd();
        if (cfg == null) {
            throw new DeviceException(config.source() + ": radio.uhd is missing");
        }
        this.args = cfg.args();
        this.interlock = new TxInterlock(config.radio().txLimits(), config.source());
        this.rateHz = config.radio().deviceSampleRateHz();
        List<UhdConfig.RxChannel> ordered = new ArrayList<>(cfg.rxChannels());
        ordered.sort(Comparator.comparingInt(UhdConfig.RxChannel::element));
        this.rxChannels = ordered.stream().mapToLong(UhdConfig.RxChannel::channel).toArray();
        this.txChannels = cfg.tx() == null ? new long[0] : cfg.tx().channels().stream().mapToLong(i -> i).toArray();
        this.channelText = Arrays.toString(rxChannels);
        this.rxBuffs = new PointerPointer<>(rxChannels.length);
        boolean ok = false;
        try {
            UhdErrors.check("uhd_usrp_make", Uhd.uhd_usrp_make(usrp, args));
            this.mboards = (int) sizeOut(n -> Uhd.uhd_usrp_get_num_mboards(usrp, n), "uhd_usrp_get_num_mboards");
            String names = mboardNames();
            this.description = String.format(Locale.ROOT, "uhd: %s (args %s), RX channel%s %s at %.1f kS/s", names, args,
                    rxChannels.length == 1 ? "" : "s", channelText, rateHz / 1e3);
            for (RxStatus s : RxStatus.values()) {
                statusDetail[s.ordinal()] = s.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " on " + args
                        + " channels " + channelText;
            }
            LOG.info("uhd: opened {} ({} motherboard{})", names, mboards, mboards == 1 ? "" : "s");
            configure(ordered, config);
            ok = true;
        } catch (UhdException e) {
            throw new DeviceException("uhd: cannot open device '" + args + "' (" + config.source() + "): "
                    + e.getMessage(), e);
        } finally {
            if (!ok) {
                release();
            }
        }
    }

    private interface SizeCall {
        int call(SizeTPointer out);
    }

    private static long sizeOut(SizeCall call, String name) {
        try (SizeTPointer p = new SizeTPointer(1)) {
            UhdErrors.check(name, call.call(p));
            return p.get();
        }
    }

    private String mboardNames() {
        List<String> names = new ArrayList<>();
        byte[] buf = new byte[UhdErrors.STRING_BUFFER_BYTES];
        for (int m = 0; m < mboards; m++) {
            check("uhd_usrp_get_mboard_name", Uhd.uhd_usrp_get_mboard_name(usrp, m, buf, buf.length));
            names.add(UhdErrors.cString(buf));
        }
        return String.join(" + ", names);
    }

    private void check(String call, int code) {
        UhdErrors.check(call, code, usrp);
    }

    private void configure(List<UhdConfig.RxChannel> channels, RunConfig config) {
        if (cfg.rxSubdev() != null) {
            applySubdev(cfg.rxSubdev(), true);
        }
        if (cfg.txSubdev() != null) {
            applySubdev(cfg.txSubdev(), false);
        }
        for (int m = 0; m < mboards; m++) {
            check("uhd_usrp_set_clock_source", Uhd.uhd_usrp_set_clock_source(usrp, cfg.clockSource().uhdName(), m));
            check("uhd_usrp_set_time_source", Uhd.uhd_usrp_set_time_source(usrp, cfg.timeSource().uhdName(), m));
        }
        long available = sizeOut(n -> Uhd.uhd_usrp_get_rx_num_channels(usrp, n), "uhd_usrp_get_rx_num_channels");
        for (UhdConfig.RxChannel ch : channels) {
            if (ch.channel() >= available) {
                throw new DeviceException(config.source() + ": radio.uhd.channels: channel " + ch.channel()
                        + " does not exist; " + args + " has " + available + " RX channels (0.." + (available - 1) + ")");
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
                check("uhd_usrp_set_rx_rate", Uhd.uhd_usrp_set_rx_rate(usrp, rateHz, c));
                check("uhd_usrp_get_rx_rate", Uhd.uhd_usrp_get_rx_rate(usrp, c, actual));
                if (Math.abs(actual.get() - rateHz) > 1e-6 * rateHz) {
                    throw new DeviceException(String.format(Locale.ROOT, "uhd: %s channel %d runs at %.3f S/s, not the "
                            + "%.3f S/s that %s asks for (radio.sampleRate; behind a switch times the cycle factor); "
                            + "choose a rate the device can make exactly", args, c, actual.get(), rateHz,
                            config.source()));
                }
                if (ch.loSource() != null) {
                    check("uhd_usrp_set_rx_lo_source",
                            Uhd.uhd_usrp_set_rx_lo_source(usrp, ch.loSource().uhdName(), "all", c));
                }
                if (ch.loExport()) {
                    check("uhd_usrp_set_rx_lo_export_enabled",
                            Uhd.uhd_usrp_set_rx_lo_export_enabled(usrp, true, "all", c));
                }
                req.target_freq(ch.frequencyHz());
                check("uhd_usrp_set_rx_freq", Uhd.uhd_usrp_set_rx_freq(usrp, req, c, res));
                check("uhd_usrp_set_rx_gain", Uhd.uhd_usrp_set_rx_gain(usrp, ch.gainDb(), c, ""));
                if (ch.antenna() != null) {
                    check("uhd_usrp_set_rx_antenna", Uhd.uhd_usrp_set_rx_antenna(usrp, ch.antenna(), c));
                }
                if (!Double.isNaN(ch.bandwidthHz())) {
                    check("uhd_usrp_set_rx_bandwidth", Uhd.uhd_usrp_set_rx_bandwidth(usrp, ch.bandwidthHz(), c));
                }
                LOG.debug("uhd: RX channel {} -> element {}: {} Hz, {} dB, antenna {}", c, ch.element(),
                        res.actual_rf_freq() + res.actual_dsp_freq(), ch.gainDb(), ch.antenna());
            }
        }
        waitForLocks(channels);
        alignTime();
        makeRxStreamer();
        if (txChannels.length > 0) {
            makeTxStreamer();
        }
    }

    private void applySubdev(String markup, boolean rxSide) {
        Uhd.uhd_subdev_spec_t spec = new Uhd.uhd_subdev_spec_t();
        UhdErrors.check("uhd_subdev_spec_make", Uhd.uhd_subdev_spec_make(spec, markup));
        try {
            for (int m = 0; m < mboards; m++) {
                if (rxSide) {
                    check("uhd_usrp_set_rx_subdev_spec", Uhd.uhd_usrp_set_rx_subdev_spec(usrp, spec, m));
                } else {
                    check("uhd_usrp_set_tx_subdev_spec", Uhd.uhd_usrp_set_tx_subdev_spec(usrp, spec, m));
                }
            }
        } finally {
            Uhd.uhd_subdev_spec_free(spec);
        }
    }

    /** ref_locked on every motherboard (external/GPSDO clock) and lo_locked on every channel, until lockTimeout. */
    private void waitForLocks(List<UhdConfig.RxChannel> channels) {
        long deadline = System.nanoTime() + cfg.lockTimeoutNanos();
        if (cfg.clockSource() != UhdConfig.ReferenceSource.INTERNAL) {
            for (int m = 0; m < mboards; m++) {
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
            check("get sensor names of " + where, names.call(v.handle));
            list = v.toList();
        }
        if (!list.contains(name)) {
            LOG.info("uhd: {} has no {} sensor ({} has {}); lock not checked", where, name, args, list);
            return;
        }
        Uhd.uhd_sensor_value_t sensor = new Uhd.uhd_sensor_value_t();
        UhdErrors.check("uhd_sensor_value_make", Uhd.uhd_sensor_value_make(sensor));
        try {
            while (true) {
                check("read sensor " + name + " of " + where, read.call(sensor));
                UhdErrors.check("uhd_sensor_value_to_bool", Uhd.uhd_sensor_value_to_bool(sensor, flag));
                if (flag.get()) {
                    LOG.info("uhd: {} {}: locked", where, name);
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new DeviceException(String.format(Locale.ROOT, "uhd: %s of %s reports %s = false after %.1f s"
                                    + " (radio.uhd.lockTimeout); check the %s reference cabling", where, args, name,
                            cfg.lockTimeoutNanos() / 1e9, name.startsWith("ref") ? "10 MHz" : "LO"));
                }
                sleepMillis(50);
            }
        } finally {
            Uhd.uhd_sensor_value_free(sensor);
        }
    }

    private void alignTime() {
        switch (cfg.timeAlignment()) {
            case NOW -> check("uhd_usrp_set_time_now", Uhd.uhd_usrp_set_time_now(usrp, 0, 0.0, ALL_MBOARDS));
            case UNKNOWN_PPS -> {
                LOG.info("uhd: aligning device time on an unknown PPS edge (takes about 2 s)");
                check("uhd_usrp_set_time_unknown_pps", Uhd.uhd_usrp_set_time_unknown_pps(usrp, 0, 0.0));
            }
            case NEXT_PPS -> {
                LOG.info("uhd: waiting for a PPS edge to set device time to 0 at the next one");
                check("uhd_usrp_get_time_last_pps", Uhd.uhd_usrp_get_time_last_pps(usrp, 0, fullSecs, fracSecs));
                long lastFull = fullSecs.get();
                double lastFrac = fracSecs.get();
                long deadline = System.nanoTime() + 2 * NANOS;
                do {
                    if (System.nanoTime() > deadline) {
                        throw new DeviceException("uhd: no PPS edge seen on " + args + " within 2 s "
                                + "(radio.uhd.timeSource " + cfg.timeSource().uhdName() + "); check the PPS input");
                    }
                    sleepMillis(10);
                    check("uhd_usrp_get_time_last_pps", Uhd.uhd_usrp_get_time_last_pps(usrp, 0, fullSecs, fracSecs));
                } while (fullSecs.get() == lastFull && fracSecs.get() == lastFrac);
                check("uhd_usrp_set_time_next_pps", Uhd.uhd_usrp_set_time_next_pps(usrp, 0, 0.0, ALL_MBOARDS));
                sleepMillis(1100);
            }
        }
    }

    private void makeRxStreamer() {
        UhdErrors.check("uhd_rx_streamer_make", Uhd.uhd_rx_streamer_make(rx));
        try (Uhd.uhd_stream_args_t sa = new Uhd.uhd_stream_args_t();
             BytePointer cpu = new BytePointer("fc32");
             BytePointer otw = new BytePointer(cfg.wireFormat().uhdName());
             BytePointer empty = new BytePointer("");
             SizeTPointer list = new SizeTPointer(rxChannels.length)) {
            for (int i = 0; i < rxChannels.length; i++) {
                list.put(i, rxChannels[i]);
            }
            sa.cpu_format(cpu).otw_format(otw).args(empty).channel_list(list).n_channels(rxChannels.length);
            check("uhd_usrp_get_rx_stream", Uhd.uhd_usrp_get_rx_stream(usrp, sa, rx));
        }
        UhdErrors.check("uhd_rx_metadata_make", Uhd.uhd_rx_metadata_make(rxMd));
    }

    private void makeTxStreamer() {
        UhdErrors.check("uhd_tx_streamer_make", Uhd.uhd_tx_streamer_make(tx));
        try (Uhd.uhd_stream_args_t sa = new Uhd.uhd_stream_args_t();
             BytePointer cpu = new BytePointer("fc32");
             BytePointer otw = new BytePointer(cfg.wireFormat().uhdName());
             BytePointer empty = new BytePointer("");
             SizeTPointer list = new SizeTPointer(txChannels.length)) {
            for (int i = 0; i < txChannels.length; i++) {
                list.put(i, txChannels[i]);
            }
            sa.cpu_format(cpu).otw_format(otw).args(empty).channel_list(list).n_channels(txChannels.length);
            check("uhd_usrp_get_tx_stream", Uhd.uhd_usrp_get_tx_stream(usrp, sa, tx));
        }
        UhdErrors.check("uhd_async_metadata_make", Uhd.uhd_async_metadata_make(asyncMd));
        txBuffs = new PointerPointer<>(txChannels.length);
        if (cfg.tx().antenna() != null) {
            for (long c : txChannels) {
                check("uhd_usrp_set_tx_antenna", Uhd.uhd_usrp_set_tx_antenna(usrp, cfg.tx().antenna(), c));
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
        rxLock.lock();
        try {
            ensureOpen();
            boolean now = start.now() && rxChannels.length == 1;
            long startNanos;
            if (start.now()) {
                check("uhd_usrp_get_time_now", Uhd.uhd_usrp_get_time_now(usrp, 0, fullSecs, fracSecs));
                startNanos = fullSecs.get() * NANOS + Math.round(fracSecs.get() * 1e9)
                        + (now ? 0 : cfg.startDelayNanos());
            } else {
                startNanos = start.timeNanos();
            }
            startFull = Math.floorDiv(startNanos, NANOS);
            startFrac = Math.floorMod(startNanos, NANOS) / 1e9;
            try (Uhd.uhd_stream_cmd_t cmd = new Uhd.uhd_stream_cmd_t()) {
                cmd.stream_mode(Uhd.UHD_STREAM_MODE_START_CONTINUOUS).num_samps(0).stream_now(now)
                        .time_spec_full_secs(startFull).time_spec_frac_secs(startFrac);
                UhdErrors.check("uhd_rx_streamer_issue_stream_cmd", Uhd.uhd_rx_streamer_issue_stream_cmd(rx, cmd), rx);
            } catch (UhdException e) {
                throw new DeviceException("uhd: cannot start streaming on " + args + ": " + e.getMessage(), e);
            }
            nextIndex = 0;
            overflowPending = false;
            silentSinceNanos = -1;
            lastSampleWallNanos = System.nanoTime();
            streaming = true;
            LOG.info("uhd: streaming {} channel{} {} at {} kS/s, {}", rxChannels.length,
                    rxChannels.length == 1 ? "" : "s", channelText, rateHz / 1e3,
                    now ? "now" : String.format(Locale.ROOT, "from device time %.6f s", startFull + startFrac));
        } finally {
            rxLock.unlock();
        }
    }

    @Override
    public void receive(RxBuffer buffer, long timeoutNanos) {
        ensureOpen();
        if (buffer.channelCount() != rxChannels.length) {
            throw new DeviceException("uhd: RxBuffer has " + buffer.channelCount() + " channels, " + args + " streams "
                    + rxChannels.length);
        }
        rxLock.lock();
        try {
            ensureOpen();
            if (!streaming) {
                throw new DeviceException("uhd: receive() on " + args + " before startStreaming()");
            }
            if (rxCapacity < buffer.capacity()) {
                allocateRx(buffer.capacity());
            }
            long t0 = System.nanoTime();
            int code = Uhd.uhd_rx_streamer_recv(rx, rxBuffs, buffer.capacity(), rxMd, timeoutNanos / 1e9, false,
                    received);
            long t1 = System.nanoTime();
            recvNanos += t1 - t0;
            if (code != Uhd.UHD_ERROR_NONE) {
                UhdException e = rxError(code);
                throw new DeviceException("uhd: receive from " + args + " channels " + channelText + " failed: "
                        + e.getMessage(), e);
            }
            int n = (int) received.get();
            UhdErrors.check("uhd_rx_metadata_error_code", Uhd.uhd_rx_metadata_error_code(rxMd, errorCode));
            RxStatus status = map(errorCode.get());
            UhdErrors.check("uhd_rx_metadata_has_time_spec", Uhd.uhd_rx_metadata_has_time_spec(rxMd, flag));
            boolean hasTime = flag.get() && n > 0;
            long index = nextIndex;
            if (hasTime) {
                UhdErrors.check("uhd_rx_metadata_time_spec", Uhd.uhd_rx_metadata_time_spec(rxMd, fullSecs, fracSecs));
                double dt = (fullSecs.get() - startFull) + (fracSecs.get() - startFrac);
                long fromTime = Math.round(dt * rateHz);
                if (fromTime >= nextIndex) {
                    index = fromTime;       // a forward jump is lost samples
                } else if (!timeSpecNoted) {
                    timeSpecNoted = true;
                    LOG.debug("uhd: {} RX time spec {} s lies before the sample count ({}); counting samples",
                            args, fullSecs.get() + fracSecs.get(), nextIndex);
                }
            } else if (overflowPending && n > 0) {
                // no time spec: estimate the loss from the host clock, at least one sample to mark the gap
                long lost = Math.round((t1 - lastSampleWallNanos) * rateHz / 1e9) - n;
                index = nextIndex + Math.max(1, lost);
            }
            if (n > 0) {
                for (int c = 0; c < rxChannels.length; c++) {
                    rxDirect[c].get(0, buffer.channel(c), 0, 2 * n);
                }
                copyNanos += System.nanoTime() - t1;
                samplesCopied += n;
                overflowPending = false;
                lastSampleWallNanos = t1;
                nextIndex = index + n;
            }
            if (status == RxStatus.OVERFLOW) {
                overflowPending = true;
            }
            long timeNanos = startFull * NANOS + Math.round(startFrac * 1e9) + Math.round(index * 1e9 / rateHz);
            buffer.set(n, index, timeNanos, status, status == RxStatus.OK ? "" : statusDetail[status.ordinal()]);
            count(status);
            if (status == RxStatus.TIMEOUT && n == 0) {
                watchSilence(t1);
            } else {
                silentSinceNanos = -1;
            }
        } finally {
            rxLock.unlock();
        }
    }

    private UhdException rxError(int code) {
        byte[] buf = new byte[UhdErrors.STRING_BUFFER_BYTES];
        Uhd.uhd_rx_streamer_last_error(rx, buf, buf.length);
        return new UhdException("uhd_rx_streamer_recv", code, UhdErrors.cString(buf));
    }

    /** After deviceLostTimeout of silence, asks the device for its time; no answer means it is gone. */
    private void watchSilence(long nowNanos) {
        if (silentSinceNanos < 0) {
            silentSinceNanos = nowNanos;
            return;
        }
        if (nowNanos - silentSinceNanos < cfg.deviceLostNanos()) {
            return;
        }
        int code = Uhd.uhd_usrp_get_time_now(usrp, 0, fullSecs, fracSecs);
        if (code != Uhd.UHD_ERROR_NONE) {
            byte[] buf = new byte[UhdErrors.STRING_BUFFER_BYTES];
            Uhd.uhd_usrp_last_error(usrp, buf, buf.length);
            streaming = false;
            throw new DeviceException(String.format(Locale.ROOT, "uhd: device %s stopped answering: no samples for "
                            + "%.1f s and it does not reply (%s: %s); check power and cabling", args,
                    (nowNanos - silentSinceNanos) / 1e9, UhdErrors.name(code), UhdErrors.cString(buf)));
        }
        LOG.info("uhd: {} sent no samples for {} s but answers; still waiting", args,
                String.format(Locale.ROOT, "%.1f", (nowNanos - silentSinceNanos) / 1e9));
        silentSinceNanos = nowNanos;
    }

    private void count(RxStatus status) {
        long n = ++statusCounts[status.ordinal()];
        if (status != RxStatus.OK && status != RxStatus.TIMEOUT && Long.bitCount(n) == 1) {
            LOG.warn("uhd: {} (occurrence {})", statusDetail[status.ordinal()], n);
        } else if (status == RxStatus.TIMEOUT && Long.bitCount(n) == 1) {
            LOG.debug("uhd: {} (occurrence {})", statusDetail[status.ordinal()], n);
        }
    }

    /** Maps a {@code uhd_rx_metadata_error_code_t} to the stream status. */
    static RxStatus map(int code) {
        return switch (code) {
            case Uhd.UHD_RX_METADATA_ERROR_CODE_NONE -> RxStatus.OK;
            case Uhd.UHD_RX_METADATA_ERROR_CODE_TIMEOUT -> RxStatus.TIMEOUT;
            case Uhd.UHD_RX_METADATA_ERROR_CODE_LATE_COMMAND -> RxStatus.LATE_COMMAND;
            case Uhd.UHD_RX_METADATA_ERROR_CODE_BROKEN_CHAIN -> RxStatus.BROKEN_CHAIN;
            case Uhd.UHD_RX_METADATA_ERROR_CODE_OVERFLOW -> RxStatus.OVERFLOW;
            case Uhd.UHD_RX_METADATA_ERROR_CODE_ALIGNMENT -> RxStatus.ALIGNMENT;
            default -> RxStatus.BAD_PACKET;   // UHD_RX_METADATA_ERROR_CODE_BAD_PACKET and anything unknown
        };
    }

    private void allocateRx(int capacity) {
        rxDirect = new FloatBuffer[rxChannels.length];
        rxPointers = new FloatPointer[rxChannels.length];
        for (int c = 0; c < rxChannels.length; c++) {
            rxDirect[c] = ByteBuffer.allocateDirect(capacity * 2 * Float.BYTES).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            rxPointers[c] = new FloatPointer(rxDirect[c]);
            rxBuffs.put(c, rxPointers[c]);
        }
        rxCapacity = capacity;
        LOG.debug("uhd: RX buffers of {} samples x {} channels", capacity, rxChannels.length);
    }

    /** Receive calls per status since opening. */
    public long statusCount(RxStatus status) {
        return statusCounts[status.ordinal()];
    }

    /** Time spent inside libuhd's recv, in the copy to the RxBuffers, and the samples copied (per channel). */
    public record RxCost(long recvNanos, long copyNanos, long samples) {
    }

    public RxCost rxCost() {
        return new RxCost(recvNanos, copyNanos, samplesCopied);
    }

    @Override
    public void stopStreaming() {
        if (closed.get()) {
            return;
        }
        rxLock.lock();
        try {
            if (!streaming || closed.get()) {
                streaming = false;
                return;
            }
            streaming = false;
            try (Uhd.uhd_stream_cmd_t cmd = new Uhd.uhd_stream_cmd_t()) {
                cmd.stream_mode(Uhd.UHD_STREAM_MODE_STOP_CONTINUOUS).stream_now(true);
                int code = Uhd.uhd_rx_streamer_issue_stream_cmd(rx, cmd);
                if (code != Uhd.UHD_ERROR_NONE) {
                    LOG.warn("uhd: stop streaming on {} failed: {}", args, UhdErrors.name(code));
                    return;
                }
            }
            if (rxCapacity > 0) {    // drain what is in flight
                for (int i = 0; i < 100; i++) {
                    int code = Uhd.uhd_rx_streamer_recv(rx, rxBuffs, rxCapacity, rxMd, 0.1, false, received);
                    if (code != Uhd.UHD_ERROR_NONE || received.get() == 0) {
                        break;
                    }
                }
            }
            LOG.info("uhd: stopped streaming on {}", args);
        } finally {
            rxLock.unlock();
        }
    }

    @Override
    public void transmit(TxBurst burst, long timeoutNanos) {
        interlock.check(burst);                    // before anything reaches libuhd
        ensureOpen();
        if (txChannels.length == 0) {
            throw new DeviceException("uhd: " + args + " has no TX channels configured (radio.uhd.tx); nothing "
                    + "transmitted");
        }
        if (burst.samples().length != txChannels.length) {
            throw new DeviceException("uhd: burst has " + burst.samples().length + " channels, radio.uhd.tx has "
                    + txChannels.length + "; nothing transmitted");
        }
        int n = burst.length();
        for (float[] ch : burst.samples()) {
            if (ch.length != 2 * n) {
                throw new DeviceException("uhd: burst channels differ in length; nothing transmitted");
            }
        }
        txLock.lock();
        try {
            ensureOpen();
            tuneTx(burst);
            if (txCapacity < n) {
                allocateTx(n);
            }
            for (int c = 0; c < txChannels.length; c++) {
                txDirect[c].put(0, burst.samples()[c], 0, 2 * n);
            }
            boolean timed = burst.timeNanos() >= 0;
            Uhd.uhd_tx_metadata_t md = new Uhd.uhd_tx_metadata_t();
            UhdErrors.check("uhd_tx_metadata_make", Uhd.uhd_tx_metadata_make(md, timed,
                    timed ? Math.floorDiv(burst.timeNanos(), NANOS) : 0,
                    timed ? Math.floorMod(burst.timeNanos(), NANOS) / 1e9 : 0.0, true, true));
            long sent;
            long deadline = System.nanoTime() + timeoutNanos;
            try (SizeTPointer out = new SizeTPointer(1)) {
                int code = Uhd.uhd_tx_streamer_send(tx, txBuffs, n, md, timeoutNanos / 1e9, out);
                if (code != Uhd.UHD_ERROR_NONE) {
                    byte[] buf = new byte[UhdErrors.STRING_BUFFER_BYTES];
                    Uhd.uhd_tx_streamer_last_error(tx, buf, buf.length);
                    throw new DeviceException("uhd: transmit on " + args + " failed: "
                            + new UhdException("uhd_tx_streamer_send", code, UhdErrors.cString(buf)).getMessage());
                }
                sent = out.get();
            } finally {
                Uhd.uhd_tx_metadata_free(md);
            }
            if (sent < n) {
                throw new DeviceException("uhd: transmit on " + args + " timed out after " + sent + " of " + n
                        + " samples");
            }
            LOG.debug("uhd: sent a {}-sample burst on {}", n, Arrays.toString(txChannels));
            awaitAck(deadline);
        } finally {
            txLock.unlock();
        }
    }

    /** Sets TX rate, frequency and gain when they change, then re-checks what the device applied. */
    private void tuneTx(TxBurst burst) {
        if (burst.sampleRateHz() == txRateHz && burst.centerFrequencyHz() == txFreqHz && burst.gainDb() == txGainDb) {
            return;
        }
        try (Uhd.uhd_tune_request_t req = new Uhd.uhd_tune_request_t();
             Uhd.uhd_tune_result_t res = new Uhd.uhd_tune_result_t();
             BytePointer empty = new BytePointer("");
             DoublePointer rate = new DoublePointer(1);
             DoublePointer freq = new DoublePointer(1);
             DoublePointer gain = new DoublePointer(1)) {
            req.target_freq(burst.centerFrequencyHz()).rf_freq_policy(Uhd.UHD_TUNE_REQUEST_POLICY_AUTO)
                    .dsp_freq_policy(Uhd.UHD_TUNE_REQUEST_POLICY_AUTO).args(empty);
            for (long c : txChannels) {
                check("uhd_usrp_set_tx_rate", Uhd.uhd_usrp_set_tx_rate(usrp, burst.sampleRateHz(), c));
                check("uhd_usrp_set_tx_freq", Uhd.uhd_usrp_set_tx_freq(usrp, req, c, res));
                check("uhd_usrp_set_tx_gain", Uhd.uhd_usrp_set_tx_gain(usrp, burst.gainDb(), c, ""));
                check("uhd_usrp_get_tx_rate", Uhd.uhd_usrp_get_tx_rate(usrp, c, rate));
                check("uhd_usrp_get_tx_freq", Uhd.uhd_usrp_get_tx_freq(usrp, c, freq));
                check("uhd_usrp_get_tx_gain", Uhd.uhd_usrp_get_tx_gain(usrp, c, "", gain));
                interlock.check(freq.get(), gain.get(), rate.get());   // the values the device really uses
            }
        } catch (UhdException e) {
            txRateHz = Double.NaN;
            throw new DeviceException("uhd: cannot set up TX on " + args + ": " + e.getMessage() + "; nothing "
                    + "transmitted", e);
        }
        txRateHz = burst.sampleRateHz();
        txFreqHz = burst.centerFrequencyHz();
        txGainDb = burst.gainDb();
    }

    private void allocateTx(int samples) {
        txDirect = new FloatBuffer[txChannels.length];
        txPointers = new FloatPointer[txChannels.length];
        for (int c = 0; c < txChannels.length; c++) {
            txDirect[c] = ByteBuffer.allocateDirect(samples * 2 * Float.BYTES).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            txPointers[c] = new FloatPointer(txDirect[c]);
            txBuffs.put(c, txPointers[c]);
        }
        txCapacity = samples;
    }

    /** Reads async TX messages until the burst's ack or the deadline, counting every event. */
    private void awaitAck(long deadlineNanos) {
        try (BoolPointer valid = new BoolPointer(1); IntPointer event = new IntPointer(1)) {
            while (true) {
                double wait = Math.max(0, (deadlineNanos - System.nanoTime()) / 1e9);
                UhdErrors.check("uhd_tx_streamer_recv_async_msg",
                        Uhd.uhd_tx_streamer_recv_async_msg(tx, asyncMd, wait, valid), tx);
                if (!valid.get()) {
                    txEventCounts[TxEvent.ACK_MISSING.ordinal()]++;
                    if (Long.bitCount(txEventCounts[TxEvent.ACK_MISSING.ordinal()]) == 1) {
                        LOG.info("uhd: no burst ack from {} before the transmit timeout (occurrence {})", args,
                                txEventCounts[TxEvent.ACK_MISSING.ordinal()]);
                    }
                    return;
                }
                UhdErrors.check("uhd_async_metadata_event_code", Uhd.uhd_async_metadata_event_code(asyncMd, event));
                int e = event.get();
                if ((e & Uhd.UHD_ASYNC_METADATA_EVENT_CODE_BURST_ACK) != 0) {
                    txEventCounts[TxEvent.BURST_ACK.ordinal()]++;
                }
                if ((e & (Uhd.UHD_ASYNC_METADATA_EVENT_CODE_UNDERFLOW
                        | Uhd.UHD_ASYNC_METADATA_EVENT_CODE_UNDERFLOW_IN_PACKET)) != 0) {
                    txFault(TxEvent.UNDERFLOW);
                }
                if ((e & (Uhd.UHD_ASYNC_METADATA_EVENT_CODE_SEQ_ERROR
                        | Uhd.UHD_ASYNC_METADATA_EVENT_CODE_SEQ_ERROR_IN_BURST)) != 0) {
                    txFault(TxEvent.SEQUENCE_ERROR);
                }
                if ((e & Uhd.UHD_ASYNC_METADATA_EVENT_CODE_TIME_ERROR) != 0) {
                    txFault(TxEvent.TIME_ERROR);
                }
                if ((e & Uhd.UHD_ASYNC_METADATA_EVENT_CODE_USER_PAYLOAD) != 0) {
                    txEventCounts[TxEvent.USER_PAYLOAD.ordinal()]++;
                }
                if ((e & Uhd.UHD_ASYNC_METADATA_EVENT_CODE_BURST_ACK) != 0) {
                    return;
                }
            }
        }
    }

    private void txFault(TxEvent event) {
        long n = ++txEventCounts[event.ordinal()];
        if (Long.bitCount(n) == 1) {
            LOG.warn("uhd: TX {} on {} channels {} (occurrence {})", event.name().toLowerCase(Locale.ROOT)
                    .replace('_', ' '), args, Arrays.toString(txChannels), n);
        }
    }

    /** Asynchronous TX events counted so far. */
    public long txEvents(TxEvent event) {
        return txEventCounts[event.ordinal()];
    }

    @Override
    public void setRxFrequency(double frequencyHz, int channel, CommandTime when) {
        throw new DeviceException("uhd: retuning a running device is being wired (issue 6)");
    }

    @Override
    public double rxFrequencyHz(int channel) {
        throw new DeviceException("uhd: reading the applied frequency is being wired (issue 6)");
    }

    @Override
    public void setRxGain(double gainDb, int channel, CommandTime when) {
        throw new DeviceException("uhd: gain changes on a running device are being wired (issue 6)");
    }

    @Override
    public double rxGainDb(int channel) {
        throw new DeviceException("uhd: reading the applied gain is being wired (issue 6)");
    }

    @Override
    public long deviceTimeNanos() {
        throw new DeviceException("uhd: reading the device time is being wired (issue 6)");
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        rxLock.lock();          // a receive in progress returns within its timeout
        txLock.lock();
        try {
            if (streaming) {
                streaming = false;
                try (Uhd.uhd_stream_cmd_t cmd = new Uhd.uhd_stream_cmd_t()) {
                    cmd.stream_mode(Uhd.UHD_STREAM_MODE_STOP_CONTINUOUS).stream_now(true);
                    Uhd.uhd_rx_streamer_issue_stream_cmd(rx, cmd);
                }
            }
            release();
            LOG.info("uhd: released {}", args);
        } finally {
            txLock.unlock();
            rxLock.unlock();
        }
    }

    /** Frees every handle made so far (streamers before the device); safe on a partly opened radio. */
    private void release() {
        if (!rxMd.isNull()) {
            Uhd.uhd_rx_metadata_free(rxMd);
        }
        if (!rx.isNull()) {
            Uhd.uhd_rx_streamer_free(rx);
        }
        if (!asyncMd.isNull()) {
            Uhd.uhd_async_metadata_free(asyncMd);
        }
        if (!tx.isNull()) {
            Uhd.uhd_tx_streamer_free(tx);
        }
        if (!usrp.isNull()) {
            Uhd.uhd_usrp_free(usrp);
        }
        rxBuffs.close();
        if (rxPointers != null) {
            for (FloatPointer p : rxPointers) {
                p.close();
            }
        }
        if (txBuffs != null) {
            txBuffs.close();
        }
        if (txPointers != null) {
            for (FloatPointer p : txPointers) {
                p.close();
            }
        }
        received.close();
        errorCode.close();
        flag.close();
        fullSecs.close();
        fracSecs.close();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new DeviceException("uhd: device " + args + " is closed");
        }
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException("uhd: interrupted while waiting for the device");
        }
    }
}
