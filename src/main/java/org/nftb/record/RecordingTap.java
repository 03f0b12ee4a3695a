package org.nftb.record;

import org.nftb.calibration.table.CalibrationState;
import org.nftb.device.CommandTime;
import org.nftb.device.DeviceException;
import org.nftb.device.GroundTruthSource;
import org.nftb.device.RadioDevice;
import org.nftb.device.RxBuffer;
import org.nftb.device.StreamStart;
import org.nftb.device.TxBurst;
import org.nftb.model.TargetState;
import org.nftb.output.OutputException;

import java.nio.file.Path;
import java.util.List;

/**
 * A device whose receive stream can be recorded from a moment on and stopped again while the run goes on (the
 * dashboard's record button): {@link #start} opens a capture and the radio thread begins recording at the next
 * buffer that starts a CPI, so the capture's CPIs are the run's; {@link #stop} finalises it (meta, hashes) and the
 * run continues unrecorded. Each capture embeds the hw-config and the calibration table in force when it began,
 * and notes every table that takes effect while it records ({@link #calibrationApplied}), so it replays with the
 * run's calibration. {@link #close()} finalises a recording still running, then closes the device.
 *
 * <p>Threads: {@link #receive} on the radio thread; {@link #start}/{@link #stop} on any one other thread at a time.
 */
public class RecordingTap implements RadioDevice {
    private final RadioDevice inner;
    private final long samplesPerCpi;
    private volatile Recorder pending;
    private volatile Recorder active;
    private volatile Recorder.Result last;
    private int buffersWaited;             // radio thread: buffers seen while a start waits for a CPI boundary
    /** A device whose buffers never start at a CPI boundary still gets recorded after this many buffers. */
    static final int MAX_BUFFERS_WAITED = 64;

    private RecordingTap(RadioDevice inner, long samplesPerCpi) {
        this.inner = inner;
        this.samplesPerCpi = samplesPerCpi;
    }

    /** {@code inner}, recordable; a {@link GroundTruthSource} exactly when {@code inner} is one. */
    public static RecordingTap wrap(RadioDevice inner, long samplesPerCpi) {
        return inner instanceof GroundTruthSource truth ? new WithTruth(inner, samplesPerCpi, truth)
                : new RecordingTap(inner, samplesPerCpi);
    }

    /**
     * Opens a capture in {@code dir} (new or empty) with {@code spec}; recording begins at the next CPI boundary.
     *
     * @throws IllegalStateException when a recording is already running
     * @throws OutputException       when the directory cannot be used
     */
    public synchronized void start(Path dir, RecordingSpec spec) {
        if (active != null || pending != null) {
            throw new IllegalStateException("already recording into " + directory());
        }
        buffersWaited = 0;
        pending = Recorder.start(dir, spec, inner);
    }

    /** Finalises the recording (null when none runs): what it holds. */
    public synchronized Recorder.Result stop() {
        Recorder r = active != null ? active : pending;
        active = null;
        pending = null;
        if (r == null) {
            return null;
        }
        last = r.stop();
        return last;
    }

    /** The directory being recorded into, or null. */
    public Path directory() {
        Recorder r = active != null ? active : pending;
        return r == null ? null : r.layout().dir();
    }

    /** What is recorded so far (null when not recording). */
    public Recorder.Progress progress() {
        Recorder r = active;
        return r == null ? null : r.progress();
    }

    /** A {@link CalibrationState.Applied}: the capture being recorded notes each table where it took effect. */
    public void calibrationApplied(CalibrationState.Versioned table, long firstSampleIndex) {
        Recorder r = active;
        if (r != null) {
            r.calibrationApplied(table, firstSampleIndex);
        }
    }

    @Override
    public void receive(RxBuffer buffer, long timeoutNanos) {
        inner.receive(buffer, timeoutNanos);
        Recorder p = pending;
        if (p != null && buffer.samples() > 0 && (buffer.firstSampleIndex() % samplesPerCpi == 0
                || ++buffersWaited > MAX_BUFFERS_WAITED)) {
            synchronized (this) {
                if (pending == p) {
                    active = p;
                    pending = null;
                }
            }
        }
        Recorder r = active;
        if (r == null) {
            return;
        }
        try {
            r.accept(buffer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException("recording interrupted", e);
        }
        String failure = r.failure();
        if (failure != null) {
            throw new DeviceException("recording failed: " + failure + "; the capture keeps the "
                    + r.progress().samplesWritten() + " samples per channel written before");
        }
    }

    @Override
    public String description() {
        return inner.description();
    }

    @Override public int channelCount() { return inner.channelCount(); }
    @Override public double sampleRateHz() { return inner.sampleRateHz(); }
    @Override public void startStreaming(StreamStart start) { inner.startStreaming(start); }
    @Override public void stopStreaming() { inner.stopStreaming(); }
    @Override public void transmit(TxBurst burst, long timeoutNanos) { inner.transmit(burst, timeoutNanos); }
    @Override public boolean canTransmit() { return inner.canTransmit(); }
    @Override public void setRxFrequency(double hz, int channel, CommandTime when) { inner.setRxFrequency(hz, channel, when); }
    @Override public double rxFrequencyHz(int channel) { return inner.rxFrequencyHz(channel); }
    @Override public void setRxGain(double gainDb, int channel, CommandTime when) { inner.setRxGain(gainDb, channel, when); }
    @Override public double rxGainDb(int channel) { return inner.rxGainDb(channel); }
    @Override public long deviceTimeNanos() { return inner.deviceTimeNanos(); }

    /** Finalises a recording still running, then closes the device. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            inner.close();
        }
    }

    /** The variant for devices that know the truth (the simulator): the truth passes through. */
    private static final class WithTruth extends RecordingTap implements GroundTruthSource {
        private final GroundTruthSource truth;

        WithTruth(RadioDevice inner, long samplesPerCpi, GroundTruthSource truth) {
            super(inner, samplesPerCpi);
            this.truth = truth;
        }

        @Override
        public List<TargetState> truthAt(long streamTimeNanos) {
            return truth.truthAt(streamTimeNanos);
        }
    }
}
