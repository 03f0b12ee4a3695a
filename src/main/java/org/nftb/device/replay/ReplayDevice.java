package org.nftb.device.replay;

import org.nftb.calibration.table.CalibrationState;
import org.nftb.config.ReplayConfig;
import org.nftb.config.RunConfig;
import org.nftb.device.CommandTime;
import org.nftb.device.DeviceException;
import org.nftb.device.GroundTruthSource;
import org.nftb.device.RadioDevice;
import org.nftb.device.RecordedDrops;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;
import org.nftb.device.StreamStart;
import org.nftb.device.TxBurst;
import org.nftb.device.TxRefusedException;
import org.nftb.model.TargetState;
import org.nftb.sigmf.CaptureException;
import org.nftb.sigmf.NftbKeys;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@code replay} backend: a recorded {@link Capture} played as a radio. Each receive delivers the next samples
 * of every channel with the stream index and device time they were recorded with, so the pipeline sees the
 * original stream: a gap in the recording ({@code core:global_index} jumping between capture segments) is a jump
 * in {@link RxBuffer#firstSampleIndex()}, a recorded fault ({@code nftb:rx_status}) comes back as that
 * {@link RxStatus} at the same sample, and the end is {@link RxStatus#END_OF_STREAM}. With cf32 data the samples are
 * the recorded floats, bit for bit.
 *
 * <p><b>Pace</b> ({@link ReplayConfig.Pace}): real time follows the recorded device time from the first sample
 * played (a receive returns what is due within its timeout, like a radio); max returns full buffers at once.
 * <b>Loop</b>: after {@code to} it starts again at {@code from}; stream indices and times go on increasing, advanced
 * by the part's length rounded up to whole CPIs (a loop never splices two ends of the capture into one CPI: the CPI
 * cut by the wrap is a gap, as a recording gap would be).
 *
 * <p><b>Steering</b>: a recording cannot be retuned. The frequency and gain getters report what was recorded for the
 * sample about to be delivered; the setters refuse with a {@link DeviceException} saying so, and transmit is refused.
 *
 * <p>Threading: one receiving thread; {@link #close()} and {@link #stopStreaming()} from any thread.
 */
public class ReplayDevice implements RadioDevice {
    private final Capture capture;
    private final CaptureSamples samples;
    private final ReplayConfig settings;
    private final long samplesPerCpi;
    private final double sampleRateHz;
    private final long from;
    private final long to;
    private final List<Segment> segments;
    private final RecordedFaults faults;
    private final Object lock = new Object();

    private volatile boolean streaming;
    private volatile boolean closed;
    private long position;
    private int nextStatus;
    private long indexOffset;
    private long timeOffsetNanos;
    private volatile long loopSpanNanos;
    private volatile long loopSpanSamples;
    private long wallStartNanos;
    private long paceOriginNanos;

    ReplayDevice(Capture capture, ReplayConfig settings, long samplesPerCpi) {
        this.capture = capture;
        this.settings = settings;
        this.samplesPerCpi = Math.max(1, samplesPerCpi);
        this.sampleRateHz = capture.sampleRateHz();
        long n = capture.sampleCount();
        this.from = Math.round(settings.fromS() * sampleRateHz);
        this.to = Double.isInfinite(settings.toS()) ? n : Math.min(n, Math.round(settings.toS() * sampleRateHz));
        if (from >= to) {
            throw new CaptureException(capture.source().toString(), "", String.format(Locale.ROOT, "--from %.6f s "
                    + "is at or after the end of the part to play (%d samples = %.6f s)", settings.fromS(), to,
                    to / sampleRateHz));
        }
        this.segments = capture.reference().segments();
        this.faults = new RecordedFaults(capture);
        this.samples = new CaptureSamples(capture);
        long[] lengths = capture.lengths();
        long shortest = capture.sampleCount();
        for (long l : lengths) {
            if (l != shortest) {
                LoggerFactory.getLogger(ReplayDevice.class).warn("{}: its recordings hold {} to {} samples (an "
                        + "interrupted recording); the replay plays the first {} of every channel", capture.source(),
                        shortest, Arrays.stream(lengths).max().orElse(shortest), shortest);
                break;
            }
        }
    }

    /**
     * Opens the capture {@code config.radio().replay()} names and checks it against the configuration (channels =
     * receive elements, same sample rate).
     */
    public static ReplayDevice open(RunConfig config) {
        ReplayConfig settings = config.radio().replay();
        Capture capture = Capture.open(Path.of(settings.capture()));
        return open(capture, config, settings);
    }

    /** A replay of an already opened capture (checked against {@code config} as in {@link #open(RunConfig)}). */
    public static ReplayDevice open(Capture capture, RunConfig config, ReplayConfig settings) {
        String src = capture.source().toString();
        if (capture.channelCount() != config.rxArray().count()) {
            throw new CaptureException(src, "", "holds " + capture.channelCount() + " channels but " + config.source()
                    + " describes " + config.rxArray().count() + " receive elements (arrays.rx); give the "
                    + "configuration of the array it was recorded with");
        }
        if (Math.abs(capture.sampleRateHz() - config.radio().sampleRateHz()) > 1e-9 * capture.sampleRateHz()) {
            throw new CaptureException(src, "global.core:sample_rate", "is " + capture.sampleRateHz() + " Hz but "
                    + config.source() + " radio.sampleRate is " + config.radio().sampleRateHz() + " Hz");
        }
        return capture.truth() != null ? new WithTruth(capture, settings, config.samplesPerCpi())
                : new ReplayDevice(capture, settings, config.samplesPerCpi());
    }

    public Capture capture() {
        return capture;
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "replay: %s (%d channels at %.1f kHz, %.3f s of %s%s), pace %s%s",
                capture.source(), capture.channelCount(), sampleRateHz / 1e3, (to - from) / sampleRateHz,
                capture.reference().datatype(), capture.isNftb() ? ", recorded from " + capture.nftb(NftbKeys.DEVICE)
                        .asText() : "", settings.pace().name().toLowerCase(Locale.ROOT), settings.loop() ? ", loop" : "");
    }

    @Override
    public int channelCount() {
        return capture.channelCount();
    }

    @Override
    public double sampleRateHz() {
        return sampleRateHz;
    }

    /** Starts at {@code from}; a timed start begins at the first sample at or after that device time. */
    @Override
    public void startStreaming(StreamStart start) {
        ensureOpen();
        synchronized (lock) {
            position = from;
            indexOffset = 0;
            timeOffsetNanos = 0;
            if (!start.now()) {
                while (position < to && timeOf(position) < start.timeNanos()) {
                    position++;
                }
            }
            nextStatus = faults.firstAtOrAfter(position);
            wallStartNanos = System.nanoTime();
            paceOriginNanos = timeOf(position);
            streaming = true;
        }
    }

    @Override
    public void receive(RxBuffer buffer, long timeoutNanos) {
        ensureOpen();
        if (!streaming) {
            throw new DeviceException("replay: receive() called before startStreaming()");
        }
        if (buffer.channelCount() != capture.channelCount()) {
            throw new DeviceException("replay: RxBuffer has " + buffer.channelCount() + " channels, the capture has "
                    + capture.channelCount());
        }
        long p;
        synchronized (lock) {
            if (position >= to && settings.loop()) {
                wrap();
            }
            p = position;
            if (p >= to) {
                buffer.set(0, indexOf(p), timeOf(p), RxStatus.END_OF_STREAM, "end of " + capture.source());
                return;
            }
            if (nextStatus < faults.size() && faults.start[nextStatus] == p && faults.empty[nextStatus]) {
                int f = nextStatus;   // an empty fault buffer carries the index and time the device gave it
                buffer.set(0, faults.streamIndex[f] >= 0 ? faults.streamIndex[f] + indexOffset : indexOf(p),
                        faults.timeNanos[f] != Long.MIN_VALUE ? faults.timeNanos[f] + timeOffsetNanos : timeOf(p),
                        faults.status[f], faults.detail[f]);
                nextStatus++;
                return;
            }
        }
        int count = (int) Math.min(buffer.capacity(), boundaryAfter(p) - p);
        if (settings.pace() == ReplayConfig.Pace.REALTIME) {
            count = paceFor(p, count, timeoutNanos);
            ensureOpen();
        }
        synchronized (lock) {
            ensureOpen();
            if (count == 0) {
                buffer.set(0, indexOf(p), timeOf(p), RxStatus.TIMEOUT, "no samples due within the timeout");
                return;
            }
            try {
                samples.read(p, count, buffer);
            } catch (CaptureException e) {
                throw new DeviceException("replay: " + e.getMessage(), e);
            }
            RxStatus s = RxStatus.OK;
            String detail = "";
            if (nextStatus < faults.size() && faults.start[nextStatus] == p) {
                s = faults.status[nextStatus];
                detail = faults.detail[nextStatus];
                nextStatus++;
            }
            buffer.set(count, indexOf(p), timeOf(p), s, detail);
            position = p + count;
        }
    }

    /** The next sample after {@code p} where a buffer must end: a segment start, a recorded fault, or the end. */
    private long boundaryAfter(long p) {
        long b = to;
        for (Segment s : segments) {
            if (s.sampleStart() > p) {
                b = Math.min(b, s.sampleStart());
                break;
            }
        }
        return Math.min(b, faults.nextStartAfter(p, nextStatus));
    }

    private void wrap() {
        long span = indexOf(to - 1) + 1 - indexOf(from);
        long rounded = Math.floorDiv(span + samplesPerCpi - 1, samplesPerCpi) * samplesPerCpi;
        indexOffset += rounded;
        timeOffsetNanos += (long) (rounded * 1e9 / sampleRateHz);
        loopSpanNanos = (long) (rounded * 1e9 / sampleRateHz);
        loopSpanSamples = rounded;
        position = from;
        nextStatus = faults.firstAtOrAfter(from);
    }

    /** Stream index of file sample {@code p} in the current pass. */
    /** Stream index past the last sample of the part played (its first pass): where the played stream ends. */
    public long endStreamIndex() {
        Segment s = capture.reference().segmentAt(to - 1);
        return s.globalIndex() + (to - 1 - s.sampleStart()) + 1;
    }

    private long indexOf(long p) {
        Segment s = capture.reference().segmentAt(p);
        return s.globalIndex() + (p - s.sampleStart()) + indexOffset;
    }

    /** Device time of file sample {@code p} in the current pass. */
    private long timeOf(long p) {
        Segment s = capture.reference().segmentAt(p);
        return s.deviceTimeNanos() + (long) ((p - s.sampleStart()) * 1e9 / sampleRateHz) + timeOffsetNanos;
    }

    /** Waits until samples from {@code p} are due (their recorded time since the first one played); returns how many. */
    private int paceFor(long p, int count, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        long dueAll;
        synchronized (lock) {
            dueAll = wallStartNanos + (timeOf(p + count - 1) - paceOriginNanos);
        }
        long until = Math.min(dueAll, deadline);
        long wait;
        while ((wait = until - System.nanoTime()) > 0 && !closed && streaming) {
            LockSupport.parkNanos(wait);
        }
        if (dueAll <= until) {
            return count;
        }
        long elapsed = System.nanoTime() - wallStartNanos;
        long due = (long) Math.floor((paceOriginNanos + elapsed - timeOf(p)) * sampleRateHz / 1e9) + 1;
        return (int) Math.max(0, Math.min(count, due));
    }

    /**
     * Makes {@code state} apply the calibration versions the capture records at the samples where they took effect
     * (the table in force at the start must be the capture's own, version 1), whatever a drift watch or start check
     * offers during the replay; a loop's later passes apply them as the first pass did.
     */
    public void replayCalibration(CalibrationState state) {
        long start = indexOf(from) - indexOffset;
        state.replay(RecordedCalibration.of(capture), i -> {
            long span = loopSpanSamples;
            return span > 0 && i >= start + span ? start + Math.floorMod(i - start, span) : i;
        });
    }

    /**
     * The CPIs the recorded run dropped because its ring was full, for the pipeline to drop again (so that the
     * replay's records, a sequential stage's included, are the recorded run's); a loop's later passes drop the same
     * CPIs as the first. Null when the capture records none.
     */
    public RecordedDrops recordedDrops() {
        RecordedDropRanges ranges = RecordedDropRanges.of(capture);
        if (ranges.isEmpty()) {
            return null;
        }
        long start = indexOf(from) - indexOffset;
        return i -> {
            long span = loopSpanSamples;
            return ranges.contains(span > 0 && i >= start + span ? start + Math.floorMod(i - start, span) : i);
        };
    }

    /** {@code t} of a later loop pass mapped to the same sample's time in the first pass. */
    long firstPassTime(long t) {
        long span = loopSpanNanos;
        long start = capture.reference().segmentAt(from).deviceTimeNanos();
        return span > 0 && t >= start + span ? start + Math.floorMod(t - start, span) : t;
    }

    @Override
    public void stopStreaming() {
        streaming = false;
    }

    @Override public boolean canTransmit() { return false; }

    @Override
    public void transmit(TxBurst burst, long timeoutNanos) {
        ensureOpen();
        throw new TxRefusedException("replay: a recording cannot transmit (" + capture.source() + "); nothing "
                + "transmitted");
    }

    @Override
    public void setRxFrequency(double frequencyHz, int channel, CommandTime when) {
        throw refusal("cannot be retuned; %s was recorded at %s", channel, false);
    }

    @Override
    public double rxFrequencyHz(int channel) {
        return recordedValue(channel, false);
    }

    @Override
    public void setRxGain(double gainDb, int channel, CommandTime when) {
        throw refusal("cannot change its gain; %s was recorded with %s", channel, true);
    }

    @Override
    public double rxGainDb(int channel) {
        return recordedValue(channel, true);
    }

    private DeviceException refusal(String what, int channel, boolean gain) {
        ensureOpen();
        Segment s = recorded(channel);
        String value = describe(gain ? s.gainDb() : s.frequencyHz(), gain ? "dB" : "Hz");
        return new DeviceException(String.format(Locale.ROOT, "replay: a recording " + what + " on channel %d",
                capture.source(), value, channel == ALL_CHANNELS ? 0 : channel));
    }

    private double recordedValue(int channel, boolean gain) {
        Segment s = recorded(channel);
        double v = gain ? s.gainDb() : s.frequencyHz();
        if (Double.isNaN(v)) {
            throw new DeviceException("replay: " + capture.recordingOf(channel == ALL_CHANNELS ? 0 : channel)
                    .meta().name() + " does not record the " + (gain ? "gain (no nftb:gain_db)"
                    : "frequency (no core:frequency)"));
        }
        return v;
    }

    private Segment recorded(int channel) {
        int c = channel == ALL_CHANNELS ? 0 : channel;
        if (c < 0 || c >= capture.channelCount()) {
            throw new DeviceException("replay: no channel " + channel + " (the capture has " + capture.channelCount()
                    + ")");
        }
        synchronized (lock) {
            return capture.recordingOf(c).segmentAt(Math.min(Math.max(position, from), to - 1));
        }
    }

    private static String describe(double v, String unit) {
        return Double.isNaN(v) ? "an unrecorded " + (unit.equals("Hz") ? "frequency" : "gain")
                : String.format(Locale.ROOT, "%.6g %s", v, unit);
    }

    /** Device time of the next sample to be delivered. */
    @Override
    public long deviceTimeNanos() {
        synchronized (lock) {
            return timeOf(Math.min(position, to - 1)) + (position >= to ? (long) (1e9 / sampleRateHz) : 0);
        }
    }

    @Override
    public void close() {
        closed = true;
        streaming = false;
        synchronized (lock) {
            samples.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new DeviceException("replay: device is closed");
        }
    }

    /** The variant for captures with recorded ground truth. */
    private static final class WithTruth extends ReplayDevice implements GroundTruthSource {
        WithTruth(Capture capture, ReplayConfig settings, long samplesPerCpi) {
            super(capture, settings, samplesPerCpi);
        }

        /** The recorded truth; in later passes of a loop, that of the same sample in the first pass. */
        @Override
        public List<TargetState> truthAt(long streamTimeNanos) {
            return capture().truth().at(firstPassTime(streamTimeNanos));
        }
    }
}
