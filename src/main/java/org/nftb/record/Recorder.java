package org.nftb.record;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.config.PipelineConfig.RingMode;
import org.nftb.device.GroundTruthSource;
import org.nftb.device.RadioDevice;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;
import org.nftb.output.OutputException;
import org.nftb.stream.DropObserver;
import org.nftb.sigmf.SigmfFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Records a receive stream as a SigMF Collection (one Recording per channel; {@link CaptureLayout}). The receiving
 * thread hands every {@link RxBuffer} to {@link #accept}, which converts the samples into a preallocated slot (no
 * allocation per sample) and queues full slots for the writer thread ({@link CaptureWriter}); {@link #close()}
 * drains the queue and finalises the metadata ({@link CaptureFinisher}).
 *
 * <p><b>Nothing lost.</b> The provisional metadata is written before the first sample, and the journal before the
 * samples it describes, so a recording killed at any point leaves a directory that {@code nftb capture repair}
 * completes with every sample the files hold. Ctrl-C: a shutdown hook finalises a recording its owner has not closed
 * within {@value #HOOK_GRACE_MS} ms. A full disk: the writer stops, the failure is reported by {@link #progress()},
 * and {@link #stop()} still finalises what was written (or says to run repair once space is free).
 *
 * <p><b>Live or lossless</b> ({@link RecordingSpec#mode()}): when the writer is a whole queue behind, live mode
 * drops the samples of the buffer (counted, recorded as a gap with cause "recorder") and never blocks the radio;
 * lossless mode waits for the writer.
 *
 * <p>Threading: one thread calls {@link #accept}; {@link #progress()} and {@link #stop()} may be called from any
 * thread.
 */
public final class Recorder implements AutoCloseable {
    static final long HOOK_GRACE_MS = 3000;
    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);
    private static final int SLOTS = 8;
    private static final long FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long WAIT_MS = 50;

    private final CaptureLayout layout;
    private final RecordingSpec spec;
    private final RadioDevice device;
    private final int channels;
    private final int sampleBytes;
    private final BlockingQueue<Slot> free = new ArrayBlockingQueue<>(SLOTS);
    private final BlockingQueue<Slot> filled = new ArrayBlockingQueue<>(SLOTS + 1);
    private final CaptureWriter writer;
    private final Thread writerThread;
    private final Thread hook;
    private final ReentrantLock lock = new ReentrantLock();
    private final double nanosPerSample;
    private final Tuning tuning;
    private final float fullScale;

    private Slot current;
    private long expectedIndex = -1;
    private boolean segmentPending = true;
    private String lostCause;
    private long lostSamples;
    private RxStatus pendingStatus;
    private String pendingDetail;
    private boolean pendingEmpty;
    private long pendingIndex;
    private long pendingTime;
    private long clipped;
    private volatile long dropped;
    private volatile boolean closing;
    private volatile Result result;

    private Recorder(CaptureLayout layout, RecordingSpec spec, RadioDevice device) throws IOException {
        this.layout = layout;
        this.spec = spec;
        this.device = device;
        this.channels = layout.channels();
        this.sampleBytes = spec.datatype().sampleBytes();
        this.nanosPerSample = 1e9 / spec.config().radio().sampleRateHz();
        this.fullScale = spec.fullScale();
        this.tuning = new Tuning(device, spec.config());
        int slotSamples = (int) Math.max(1, Math.min(1 << 20, spec.queueBytes() / ((long) SLOTS * channels * sampleBytes)));
        for (int i = 0; i < SLOTS; i++) {
            free.add(new Slot(channels, slotSamples, sampleBytes, spec.datatype().order()));
        }
        GroundTruthSource truth = device instanceof GroundTruthSource g && spec.config().scene() != null ? g : null;
        String description = device.description();
        ObjectNode collection = CaptureHeader.collection(layout, spec, description, truth != null);
        ArrayNode streams = (ArrayNode) collection.get("collection").get("core:streams");
        for (int c = 0; c < channels; c++) {
            byte[] meta = SigmfFiles.writeJsonAtomically(layout.meta(c), CaptureHeader.channelMeta(layout, spec,
                    description, c));
            streams.addObject().put("name", layout.channelName(c)).put("hash", SigmfFiles.hex(SigmfFiles.sha512().digest(meta)));
        }
        SigmfFiles.writeJsonAtomically(layout.collection(), collection);
        this.writer = new CaptureWriter(layout, spec.config(), filled, free, SLOTS, truth, spec.sha512());
        this.writerThread = new Thread(writer, "nftb-recorder");
        writerThread.setDaemon(true);
        writerThread.start();
        this.hook = new Thread(this::closeOnShutdown, "nftb-recorder-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts a recording of {@code device}'s stream into {@code dir} (created; it must not exist or be empty).
     *
     * @throws OutputException when the directory cannot be used (naming it and why)
     */
    public static Recorder start(Path dir, RecordingSpec spec, RadioDevice device) {
        try {
            if (Files.exists(dir)) {
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new OutputException(dir + " is not empty; record into a new directory so that no "
                                + "earlier capture is overwritten", null);
                    }
                }
            }
            Files.createDirectories(dir);
            return new Recorder(CaptureLayout.of(dir, device.channelCount()), spec, device);
        } catch (IOException e) {
            throw new OutputException("cannot record into " + dir + ": " + e.getMessage(), e);
        }
    }

    public CaptureLayout layout() {
        return layout;
    }

    /** Records {@code buffer} (the receiving thread; the buffer is only read). */
    public void accept(RxBuffer buffer) throws InterruptedException {
        lock.lock();
        try {
            int n = buffer.samples();
            RxStatus status = buffer.status();
            boolean fault = status != RxStatus.OK && status != RxStatus.TIMEOUT && status != RxStatus.END_OF_STREAM;
            if (closing || writer.failure() != null) {
                dropped += n;
                return;
            }
            if (n == 0 && !fault) {
                flushIfOld();
                return;
            }
            if (fault) {
                pendingStatus = status;
                pendingDetail = buffer.detail();
                pendingEmpty = n == 0;
                pendingIndex = buffer.firstSampleIndex();
                pendingTime = buffer.timeNanos();
                publish();   // the fault is noted at the next sample recorded
                if (n == 0) {
                    return;
                }
            }
            long index = buffer.firstSampleIndex();
            if (expectedIndex >= 0 && index != expectedIndex) {
                markGap(index - expectedIndex, "upstream: the device's sample index jumped");
            }
            if (tuning.changed()) {
                segmentPending = true;
            }
            if (segmentPending || lostCause != null) {
                publish();
            }
            int i = 0;
            while (i < n) {
                if (current == null && !acquire()) {
                    lose(buffer, i);
                    return;
                }
                if (current.samples == 0) {
                    current.firstIndex = index + i;
                    current.timeNanos = buffer.timeNanos() + (long) (i * nanosPerSample);
                    current.openedNanos = System.nanoTime();
                    current.wallMillis = System.currentTimeMillis();
                }
                current.noteBuffer(index, buffer.timeNanos());
                int take = Math.min(n - i, current.capacity - current.samples);
                int at = current.samples * sampleBytes;
                for (int c = 0; c < channels; c++) {
                    clipped += spec.datatype().encode(buffer.channel(c), 2 * i, take, current.data[c],
                            current.views[c], at, fullScale);
                }
                current.samples += take;
                i += take;
                if (current.full()) {
                    publish();
                }
            }
            expectedIndex = index + n;
            flushIfOld();
        } finally {
            lock.unlock();
        }
    }

    /** Takes a free slot (waiting in lossless mode) and stamps the pending segment/gap on it; false: none free. */
    private boolean acquire() throws InterruptedException {
        Slot s = free.poll();
        while (s == null && spec.mode() == RingMode.LOSSLESS && !closing && writer.failure() == null) {
            s = free.poll(WAIT_MS, TimeUnit.MILLISECONDS);
        }
        if (s == null) {
            return false;
        }
        stamp(s);
        return true;
    }

    /** Makes {@code s} the current slot with the pending segment, gap and fault stamped on it. */
    private void stamp(Slot s) {
        current = s;
        if (segmentPending) {
            s.newSegment = true;
            s.frequencyHz = tuning.frequencyHz.clone();
            s.gainDb = tuning.gainDb.clone();
            segmentPending = false;
        }
        if (lostCause != null) {
            s.lostBefore = lostSamples;
            s.lostCause = lostCause;
            lostCause = null;
            lostSamples = 0;
        }
        if (pendingStatus != null) {
            s.status = pendingStatus;
            s.detail = pendingDetail;
            s.statusOnEmptyBuffer = pendingEmpty;
            s.statusIndex = pendingIndex;
            s.statusTimeNanos = pendingTime;
            pendingStatus = null;
        }
    }

    /** A free slot, waiting for the writer whatever the mode (a failed writer still returns every slot). */
    private Slot awaitFree() {
        Slot s = free.poll();
        while (s == null) {
            try {
                s = free.poll(WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return s;
    }

    private void lose(RxBuffer buffer, int from) {
        long n = buffer.samples() - from;
        dropped += n;
        expectedIndex = buffer.firstSampleIndex() + buffer.samples();
        if (lostCause == null) {
            lostSamples = 0;
        }
        lostSamples += n;
        lostCause = "recorder: the writer was a whole queue behind (disk too slow); samples not recorded";
        segmentPending = true;
    }

    private void markGap(long jump, String cause) {
        lostSamples = lostCause == null ? jump : lostSamples + jump;
        lostCause = lostCause == null ? cause : lostCause;
        segmentPending = true;
    }

    private void publish() {
        if (current != null) {
            filled.add(current);
            current = null;
        }
    }

    private void flushIfOld() {
        if (current != null && current.samples > 0 && System.nanoTime() - current.openedNanos > FLUSH_NANOS) {
            publish();
        }
    }

    /** A {@link org.nftb.calibration.table.CalibrationState.Applied}: the capture embeds the table, annotated where it took effect. */
    public void calibrationApplied(CalibrationState.Versioned table, long firstSampleIndex) {
        writer.calibrationApplied(table.version(), table.table(), firstSampleIndex);
    }

    /**
     * A {@link DropObserver}: the run being recorded did not estimate the CPI of stream samples
     * {@code [firstSampleIndex, firstSampleIndex + samples)} (ring full); the capture notes it
     * ({@code nftb:cpis_dropped}) so that a replay drops it again.
     */
    public void cpiDropped(long firstSampleIndex, int samples) {
        writer.cpiDropped(firstSampleIndex, samples);
    }

    /** The write error that stopped the recording, or null (no allocation: safe per receive). */
    public String failure() {
        return writer.failure();
    }

    /** What has been recorded so far. */
    public Progress progress() {
        return new Progress(writer.written(), dropped + writer.notWritten(),
                writer.written() * sampleBytes * channels, writer.failure());
    }

    /**
     * Stops recording, writes what is queued and finalises the capture's metadata. Idempotent; a second caller
     * waits for the first and gets the same result.
     */
    public synchronized Result stop() {
        if (result != null) {
            return result;
        }
        closing = true;
        lock.lock();
        try {
            publish();
            if ((pendingStatus != null || lostCause != null) && writer.failure() == null) {
                segmentPending = false;   // a fault or loss after the last sample: noted at the end of the data
                Slot last = awaitFree();
                if (last != null) {
                    stamp(last);
                    current.firstIndex = expectedIndex;
                    publish();
                }
            }
            Slot end = awaitFree();
            if (end != null) {
                end.end = true;
                filled.add(end);
            }
        } finally {
            lock.unlock();
        }
        try {
            writer.awaitDone();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String finalised = null;
        try {
            CaptureFinisher.finishRecording(layout, writer.failure() == null ? writer::sha512 : null,
                    dropped + writer.notWritten(), clipped, writer.failure());
        } catch (IOException | RuntimeException e) {
            finalised = "the metadata could not be finalised (" + e.getMessage() + "); run nftb capture repair "
                    + layout.dir();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook itself is closing us
        }
        result = new Result(layout, writer.written(), dropped + writer.notWritten(), clipped, writer.failure(),
                finalised);
        if (clipped > 0) {
            LOG.warn("{}: {} sample components were clipped to the int16 range (full scale {}); record with a larger "
                    + "--full-scale or as cf32_le", layout.dir(), clipped, fullScale);
        }
        return result;
    }

    @Override
    public void close() {
        stop();
    }

    private void closeOnShutdown() {
        long deadline = System.currentTimeMillis() + HOOK_GRACE_MS;
        while (result == null && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
        if (result == null) {
            stop();
        }
    }

    /**
     * Progress of a recording.
     *
     * @param samplesWritten per channel, in every data file
     * @param samplesDropped per channel, received but not recorded (queue full, or after a write error)
     * @param bytesWritten   all channels
     * @param failure        the write error that stopped the recording, or null
     */
    public record Progress(long samplesWritten, long samplesDropped, long bytesWritten, String failure) { }

    /**
     * Outcome of a recording.
     *
     * @param layout          where it is
     * @param samplesWritten  per channel
     * @param samplesDropped  per channel, not recorded
     * @param clipped         ci16 components clipped
     * @param failure         the write error that stopped it early, or null
     * @param notFinalised    why the metadata is not final (then {@code nftb capture repair} completes it), or null
     */
    public record Result(CaptureLayout layout, long samplesWritten, long samplesDropped, long clipped, String failure,
                         String notFinalised) { }
}
