package org.nftb.device.uhd;

import org.bytedeco.javacpp.BoolPointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.nftb.config.UhdConfig;
import org.nftb.device.DeviceException;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;
import org.nftb.device.StreamStart;
import org.nftb.device.uhd.capi.Uhd;
import org.nftb.device.uhd.capi.UhdErrors;
import org.nftb.device.uhd.capi.UhdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The RX stream of a {@link UhdRadio}: the RX streamer (fc32 on the host, sc16/sc8 on the wire) over the device
 * channels in element order, started with one stream command, and the receive loop's bookkeeping.
 *
 * <p>libuhd writes into direct (native) float buffers allocated once for the caller's {@link RxBuffer} capacity;
 * one bulk copy per channel moves them into the RxBuffer's arrays (RxBuffer holds Java arrays, which libuhd cannot
 * address). Nothing allocates per call. The sample index comes from the RX time spec
 * ({@code round((t − t_start)·rate)}) whenever it is present and not behind the count, so an overflow shows as a
 * jump; without a time spec the count is used, and after an overflow the loss is estimated from the host clock
 * (at least one sample). Every metadata error code is mapped to {@link RxStatus} and counted
 * ({@link UhdFaultCounter}). Silence longer than {@code deviceLostTimeout} makes the stream ask the device for its
 * time; if that fails, the device is gone and {@link #receive} throws.
 *
 * <p>Threading: one thread receives; start, stop and close may come from others. Every call that touches the
 * streamer holds {@code lock}, so {@link #close()} waits for a receive in progress (at most its timeout). The
 * fault counts and the cost figures are written by the receiving thread and readable from any thread
 * ({@link #statusCount}, {@link #cost}) without the lock.
 */
final class UhdRxStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UhdRadio.class);   // one logger for the radio
    private static final long NANOS = UhdDevice.NANOS;

    private final UhdDevice dev;
    private final String args;
    private final double rateHz;
    private final long[] channels;         // multi-USRP channel of device channel c
    private final String channelText;
    private final long deviceLostNanos;
    private final long startDelayNanos;

    private final Uhd.uhd_rx_streamer rx = new Uhd.uhd_rx_streamer();
    private final Uhd.uhd_rx_metadata_t md = new Uhd.uhd_rx_metadata_t();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;

    // scratch, made once (buffers sized on the first receive)
    private final SizeTPointer received = new SizeTPointer(1);
    private final IntPointer errorCode = new IntPointer(1);
    private final BoolPointer flag = new BoolPointer(1);
    private final LongPointer fullSecs = new LongPointer(1);
    private final DoublePointer fracSecs = new DoublePointer(1);
    private final UhdStreamBuffers buffers;
    private final UhdFaultCounter<RxStatus> faults;

    // written by whoever holds lock (the receiving thread; start/stop from others); streaming is also read
    // without it
    private volatile boolean streaming;
    private long startFull;
    private double startFrac;
    private long nextIndex;
    private boolean overflowPending;
    private long lastSampleWallNanos;
    private long silentSinceNanos = -1;
    private boolean timeSpecNoted;
    // written only by the receiving thread (under lock), read by cost() from any thread without it
    private volatile long copyNanos;
    private volatile long recvNanos;
    private volatile long samplesCopied;

    /**
     * Makes the RX streamer over {@code channels} (multi-USRP channel of each device channel, in element order).
     *
     * @throws UhdException when libuhd refuses (what was made is freed)
     */
    UhdRxStream(UhdDevice dev, UhdConfig cfg, long[] channels, double rateHz, String channelText) {
        this.dev = dev;
        this.args = dev.args();
        this.rateHz = rateHz;
        this.channels = channels.clone();
        this.channelText = channelText;
        this.deviceLostNanos = cfg.deviceLostNanos();
        this.startDelayNanos = cfg.startDelayNanos();
        this.buffers = new UhdStreamBuffers(channels.length);
        this.faults = new UhdFaultCounter<>(RxStatus.values(),
                s -> s == RxStatus.OK ? null : s == RxStatus.TIMEOUT ? Level.DEBUG : Level.WARN,
                s -> s.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " on " + args + " channels " + channelText);
        boolean ok = false;
        try {
            UhdErrors.check("uhd_rx_streamer_make", Uhd.uhd_rx_streamer_make(rx));
            dev.check("uhd_usrp_get_rx_stream", UhdStreamBuffers.makeStreamer(cfg, channels,
                    sa -> Uhd.uhd_usrp_get_rx_stream(dev.usrp(), sa, rx)));
            UhdErrors.check("uhd_rx_metadata_make", Uhd.uhd_rx_metadata_make(md));
            ok = true;
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    /**
     * Starts continuous streaming on all channels with one stream command: timed at {@code start.timeNanos()}, or
     * — for {@link StreamStart#NOW} — at device time now + {@code startDelay} when there are several channels
     * (libuhd aligns several channels only on a timed start), at once for one channel.
     */
    void start(StreamStart start) {
        ensureOpen();
        lock.lock();
        try {
            ensureOpen();
            boolean now = start.now() && channels.length == 1;
            try (Uhd.uhd_stream_cmd_t cmd = new Uhd.uhd_stream_cmd_t()) {
                long startNanos;
                if (start.now()) {
                    startNanos = dev.timeNanos() + (now ? 0 : startDelayNanos);
                } else {
                    startNanos = start.timeNanos();
                }
                startFull = Math.floorDiv(startNanos, NANOS);
                startFrac = Math.floorMod(startNanos, NANOS) / 1e9;
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
            LOG.info("uhd: streaming {} channel{} {} at {} kS/s, {}", channels.length,
                    channels.length == 1 ? "" : "s", channelText, rateHz / 1e3,
                    now ? "now" : String.format(Locale.ROOT, "from device time %.6f s", startFull + startFrac));
        } finally {
            lock.unlock();
        }
    }

    /** See {@link org.nftb.device.RadioDevice#receive}. */
    void receive(RxBuffer buffer, long timeoutNanos) {
        ensureOpen();
        if (buffer.channelCount() != channels.length) {
            throw new DeviceException("uhd: RxBuffer has " + buffer.channelCount() + " channels, " + args + " streams "
                    + channels.length);
        }
        lock.lock();
        try {
            ensureOpen();
            if (!streaming) {
                throw new DeviceException("uhd: receive() on " + args + " before startStreaming()");
            }
            if (buffers.ensureCapacity(buffer.capacity())) {
                LOG.debug("uhd: RX buffers of {} samples x {} channels", buffer.capacity(), channels.length);
            }
            long t0 = System.nanoTime();
            int code = Uhd.uhd_rx_streamer_recv(rx, buffers.array(), buffer.capacity(), md, timeoutNanos / 1e9, false,
                    received);
            long t1 = System.nanoTime();
            recvNanos += t1 - t0;
            UhdErrors.check("uhd_rx_streamer_recv", code, rx);
            int n = (int) received.get();
            UhdErrors.check("uhd_rx_metadata_error_code", Uhd.uhd_rx_metadata_error_code(md, errorCode));
            RxStatus status = map(errorCode.get());
            UhdErrors.check("uhd_rx_metadata_has_time_spec", Uhd.uhd_rx_metadata_has_time_spec(md, flag));
            boolean hasTime = flag.get() && n > 0;
            long index = nextIndex;
            if (hasTime) {
                UhdErrors.check("uhd_rx_metadata_time_spec", Uhd.uhd_rx_metadata_time_spec(md, fullSecs, fracSecs));
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
                for (int c = 0; c < channels.length; c++) {
                    buffers.channel(c).get(0, buffer.channel(c), 0, 2 * n);
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
            buffer.set(n, index, timeNanos, status, status == RxStatus.OK ? "" : faults.detail(status));
            faults.count(status);
            if (status == RxStatus.TIMEOUT && n == 0) {
                watchSilence(t1);
            } else {
                silentSinceNanos = -1;
            }
        } catch (UhdException e) {
            throw new DeviceException("uhd: receive from " + args + " channels " + channelText + " failed: "
                    + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** After deviceLostTimeout of silence, asks the device for its time; no answer means it is gone. */
    private void watchSilence(long nowNanos) {
        if (silentSinceNanos < 0) {
            silentSinceNanos = nowNanos;
            return;
        }
        if (nowNanos - silentSinceNanos < deviceLostNanos) {
            return;
        }
        try {
            dev.timeNanos();
        } catch (UhdException e) {
            streaming = false;
            throw new DeviceException(String.format(Locale.ROOT, "uhd: device %s stopped answering: no samples for "
                            + "%.1f s and it does not reply (%s: %s); check power and cabling", args,
                    (nowNanos - silentSinceNanos) / 1e9, UhdErrors.name(e.errorCode()), e.uhdMessage()), e);
        }
        LOG.info("uhd: {} sent no samples for {} s but answers; still waiting", args,
                String.format(Locale.ROOT, "%.1f", (nowNanos - silentSinceNanos) / 1e9));
        silentSinceNanos = nowNanos;
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

    /** Receive calls per status since opening. */
    long statusCount(RxStatus status) {
        return faults.get(status);
    }

    /**
     * Time inside libuhd's recv and in the copy to the RxBuffers, and the samples copied (per channel). Callable from
     * any thread; each value is current, the three are not read as one atomic snapshot.
     */
    UhdRadio.RxCost cost() {
        return new UhdRadio.RxCost(recvNanos, copyNanos, samplesCopied);
    }

    /** Stops streaming and drains what is in flight; a failure is logged, not thrown. */
    void stop() {
        if (closed) {
            return;
        }
        lock.lock();
        try {
            if (!streaming || closed) {
                streaming = false;
                return;
            }
            streaming = false;
            try (Uhd.uhd_stream_cmd_t cmd = new Uhd.uhd_stream_cmd_t()) {
                cmd.stream_mode(Uhd.UHD_STREAM_MODE_STOP_CONTINUOUS).stream_now(true);
                UhdErrors.check("uhd_rx_streamer_issue_stream_cmd", Uhd.uhd_rx_streamer_issue_stream_cmd(rx, cmd), rx);
            } catch (UhdException e) {
                LOG.warn("uhd: stop streaming on {} failed: {}", args, e.getMessage());
                return;
            }
            if (buffers.capacitySamples() > 0) {    // drain what is in flight
                for (int i = 0; i < 100; i++) {
                    int code = Uhd.uhd_rx_streamer_recv(rx, buffers.array(), buffers.capacitySamples(), md, 0.1, false, received);
                    if (code != Uhd.UHD_ERROR_NONE || received.get() == 0) {
                        break;
                    }
                }
            }
            LOG.info("uhd: stopped streaming on {}", args);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops streaming (without draining) and frees the streamer, metadata and buffers; waits for a receive in
     * progress. Safe on a partly made stream; idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (streaming) {
                streaming = false;
                try (Uhd.uhd_stream_cmd_t cmd = new Uhd.uhd_stream_cmd_t()) {
                    cmd.stream_mode(Uhd.UHD_STREAM_MODE_STOP_CONTINUOUS).stream_now(true);
                    Uhd.uhd_rx_streamer_issue_stream_cmd(rx, cmd);
                }
            }
            if (!md.isNull()) {
                Uhd.uhd_rx_metadata_free(md);
            }
            if (!rx.isNull()) {
                Uhd.uhd_rx_streamer_free(rx);
            }
            buffers.close();
            received.close();
            errorCode.close();
            flag.close();
            fullSecs.close();
            fracSecs.close();
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
