package org.nftb.stream;

import org.nftb.calibration.table.CalibrationApplier;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.config.PipelineConfig.RingMode;
import org.nftb.device.RecordedDrops;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;

import java.util.function.BooleanSupplier;

/**
 * Turns radio buffers into calibrated CPI frames: applies {@code W⁻¹} per element ({@link CalibrationState}: the
 * table in force when the CPI begins, for the whole CPI) and writes the raw samples straight into a ring slot.
 * CPIs lie on the stream's sample grid: CPI q holds samples {@code [q·K, (q+1)·K)}, K = samples per channel per
 * CPI. What an estimator reads is made from the frame by its front end (e.g. integrate-and-dump).
 *
 * <p>Faults are data: an overflow or a jump in the sample index abandons the partial CPI (counted as a gap drop)
 * and assembly resumes at the next CPI boundary. When every slot is in use, live mode drops the whole CPI
 * (counted) and lossless mode waits for a slot (until {@code stopRequested} says to give up; such CPIs are counted
 * as not published at stop, never as drops). A replay may drop again, whatever the mode, the CPIs its recorded run
 * dropped ring-full ({@link RecordedDrops}, counted apart); a {@link DropObserver} hears of every whole CPI not
 * published for either reason (a recorder notes them). Nothing allocates per call. Single-threaded (the radio
 * thread).
 */
public final class CpiAssembler {
    private static final long CLAIM_POLL_NANOS = 50_000_000L;

    private final CpiRing ring;
    private final CalibrationState calibration;
    private final StreamCounters counters;
    private final RingMode mode;
    private final BooleanSupplier stopRequested;
    private final int channels;
    private final int samplesPerCpi;
    private final double nanosPerSample;
    private final CpiFrame dropFrame;

    private CpiFrame current;
    private CalibrationApplier applier;
    private boolean dropping;
    private boolean droppingAsRecorded;
    private boolean stoppedWaiting;
    private RecordedDrops recordedDrops;
    private DropObserver dropObserver;
    private int position;              // samples of the current CPI already written
    private long expectedIndex = -1;   // next sample index, -1 when not yet known
    private long firstCpiIndex;         // samples before this one are passed over (startAt)

    /**
     * @param stopRequested polled while a lossless claim waits, so a stop is never blocked by a full ring
     */
    public CpiAssembler(CpiRing ring, CalibrationState calibration, CpiLayout layout, double sampleRateHz,
                        RingMode mode, StreamCounters counters, BooleanSupplier stopRequested) {
        if (calibration.elements() != layout.channels()) {
            throw new IllegalArgumentException("calibration table has " + calibration.elements()
                    + " elements, stream has " + layout.channels() + " channels");
        }
        this.ring = ring;
        this.calibration = calibration;
        this.counters = counters;
        this.mode = mode;
        this.stopRequested = stopRequested;
        this.channels = layout.channels();
        this.samplesPerCpi = layout.samplesPerChannel();
        this.nanosPerSample = 1e9 / sampleRateHz;
        this.dropFrame = new CpiFrame(layout);
    }

    /**
     * Passes over every sample before stream index {@code sampleIndex} (a CPI boundary): those CPIs are neither
     * published nor counted as drops. The pipeline starts at the first CPI its transmission illuminates.
     */
    public void startAt(long sampleIndex) {
        if (Math.floorMod(sampleIndex, (long) samplesPerCpi) != 0) {
            throw new IllegalArgumentException("start sample " + sampleIndex + " is not a CPI boundary");
        }
        firstCpiIndex = sampleIndex;
    }

    /** Drops again the CPIs {@code drops} says the recorded run dropped (a replay; before the first buffer). */
    public void replayDrops(RecordedDrops drops) {
        this.recordedDrops = drops;
    }

    /** Tells {@code observer} of every whole CPI not published (before the first buffer). */
    public void observeDrops(DropObserver observer) {
        this.dropObserver = observer;
    }

    /** Consumes one receive buffer. */
    public void accept(RxBuffer buffer) throws InterruptedException {
        if (buffer.channelCount() != channels) {
            throw new IllegalArgumentException("buffer has " + buffer.channelCount() + " channels, CPI has " + channels);
        }
        RxStatus status = buffer.status();
        counters.status(status);
        if (status == RxStatus.OVERFLOW) {
            abandonPartial();
            expectedIndex = -1;
        }
        int n = buffer.samples();
        if (n == 0) {
            return;
        }
        counters.addSamples(n);
        long index = buffer.firstSampleIndex();
        if (expectedIndex >= 0 && index != expectedIndex) {
            abandonPartial();
        }
        int i = 0;
        while (i < n) {
            if (current == null && index < firstCpiIndex) {
                int skip = (int) Math.min(n - i, firstCpiIndex - index);
                i += skip;
                index += skip;
                continue;
            }
            if (current == null) {
                int offset = (int) Math.floorMod(index, (long) samplesPerCpi);
                if (offset != 0) {
                    int skip = Math.min(n - i, samplesPerCpi - offset);
                    i += skip;
                    index += skip;
                    continue;
                }
                begin(index, buffer.timeNanos() + (long) (i * nanosPerSample));
            }
            int take = Math.min(n - i, samplesPerCpi - position);
            float[] out = current.data();
            for (int c = 0; c < channels; c++) {
                applier.apply(c, buffer.channel(c), 2 * i, out, 2 * (c * samplesPerCpi + position), take);
            }
            position += take;
            i += take;
            index += take;
            if (position == samplesPerCpi) {
                finish();
            }
        }
        expectedIndex = index;
    }

    /**
     * Ends assembly. A CPI still being filled is given back unpublished and not counted as a drop: the stream ended
     * before it was complete, nothing was lost from it.
     */
    public void close() {
        if (current != null && !dropping) {
            ring.abandon();
        }
        current = null;
    }

    private void begin(long firstSampleIndex, long timeNanos) throws InterruptedException {
        droppingAsRecorded = recordedDrops != null && recordedDrops.droppedWhenRecorded(firstSampleIndex);
        CpiFrame slot = droppingAsRecorded ? null : ring.tryClaim();
        if (slot == null && mode == RingMode.LOSSLESS && !droppingAsRecorded) {
            while (slot == null && !stopRequested.getAsBoolean()) {
                slot = ring.claim(CLAIM_POLL_NANOS);
            }
        }
        dropping = slot == null;
        stoppedWaiting = dropping && mode == RingMode.LOSSLESS && !droppingAsRecorded;
        current = dropping ? dropFrame : slot;
        CalibrationState.Versioned cal = calibration.atCpiBoundary(firstSampleIndex);
        applier = cal.applier();
        current.stamp(firstSampleIndex / samplesPerCpi, timeNanos, firstSampleIndex, cal.version());
        position = 0;
    }

    private void finish() {
        if (stoppedWaiting) {
            // lossless: the run stopped while this CPI waited for a slot; it is not processed and not a drop
            counters.notPublishedAtStop();
        } else if (dropping) {
            if (droppingAsRecorded) {
                counters.droppedAsRecorded();
            } else {
                counters.droppedRingFull();
            }
            if (dropObserver != null) {
                dropObserver.dropped(current.firstSampleIndex(), samplesPerCpi);
            }
        } else {
            ring.publish();
            counters.published();
        }
        current = null;
    }

    private void abandonPartial() {
        if (current != null) {
            if (!dropping) {
                ring.abandon();
            }
            counters.droppedGap();
            current = null;
        }
    }
}
