package org.nftb.pipeline;

import org.nftb.calibration.table.CalibrationState;
import org.nftb.device.GroundTruthSource;
import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.estimator.TargetEstimate;
import org.nftb.model.TargetState;
import org.nftb.output.EstimateRecord;
import org.nftb.output.LatencyWindow;
import org.nftb.output.RecordSink;
import org.nftb.sequential.SequentialStage;
import org.nftb.sequential.StageOutput;
import org.nftb.sequential.StageRecord;
import org.nftb.stream.CpiFrame;
import org.nftb.stream.CpiRing;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes the workers' results out in sequence order, whatever order the workers finish in. Each ring slot has a
 * preallocated {@link CpiResult}; a worker that finishes sequence s marks it done and drains every consecutive done
 * sequence to the sink under one lock, then returns the slots to the ring in order. The lock also serializes every
 * other sink call (health), so sinks see one thread at a time.
 *
 * <p>A target whose own quality block says it is wrong ({@link TargetEstimate#consistent()} false) is never
 * written as a position: it becomes a {@code fault} record naming the fit achieved and expected. After
 * {@code maxCpis} CPIs have been consumed (estimated or rejected), later results are not written and are counted as
 * unprocessed at stop.
 *
 * <p>An optional {@link SequentialStage} sees, in the same order and under the same lock, every CPI written and every
 * gap: the stream sequence numbers skipped before a CPI (dropped ring-full or lost upstream) and every rejected CPI.
 * A gap's state time is the rejected CPI's own, or for skipped sequence numbers their place on the CPI grid, counted
 * back from the CPI that revealed them ({@code cpiNanos} per CPI).
 */
final class InOrderEmitter {
    private final CpiRing ring;
    private final CpiResult[] results;
    private final AtomicLongArray done;
    private final int mask;
    private final RecordSink sink;
    private final GroundTruthSource truth;
    private final CalibrationState calibration;
    private final long stateOffsetNanos;
    private final double refXM;
    private final double refYM;
    private final long maxCpis;
    private final double cpiNanos;
    private final RateLimitedLog faults;
    private final ReentrantLock lock = new ReentrantLock();
    private final EstimateFrame reported;
    private final EstimateRecord record = new EstimateRecord();
    private final LatencyWindow latencies = new LatencyWindow(1024);
    private final TargetEstimate lastTarget;

    private long emitted = -1;       // ring sequence last written (or skipped after the limit)
    private long consumed;
    private long processed;
    private long rejected;
    private long unresolved;
    private long skippedAtStop;
    private long lastCalibrationVersion = 1;
    private boolean haveTarget;
    private volatile boolean limitReached;
    private final int maxConsecutiveRejects;
    private int consecutiveRejects;
    private volatile String rejectLimitReason;
    private CpiListener listener;
    private ChannelConsistency channelCheck;
    private SequentialStage stage;
    private final StageSink stageSink = new StageSink();
    private long lastStreamSequence = Long.MIN_VALUE;   // stream sequence of the last CPI written (for gaps)

    InOrderEmitter(CpiRing ring, EstimatorSetup setup, RecordSink sink, GroundTruthSource truth,
                   CalibrationState calibration, long stateOffsetNanos, double cpiNanos, double refXM, double refYM,
                   long maxCpis, int maxConsecutiveRejects, RateLimitedLog faults) {
        this.maxConsecutiveRejects = maxConsecutiveRejects;
        this.ring = ring;
        this.results = new CpiResult[ring.capacity()];
        for (int i = 0; i < results.length; i++) {
            results[i] = new CpiResult(setup.newFrame());
        }
        this.done = new AtomicLongArray(ring.capacity());
        for (int i = 0; i < results.length; i++) {
            done.set(i, -1);
        }
        this.mask = ring.capacity() - 1;
        this.sink = sink;
        this.truth = truth;
        this.calibration = calibration;
        this.stateOffsetNanos = stateOffsetNanos;
        this.cpiNanos = cpiNanos;
        this.refXM = refXM;
        this.refYM = refYM;
        this.maxCpis = maxCpis;
        this.faults = faults;
        this.reported = setup.newFrame();
        this.lastTarget = new TargetEstimate(setup.diagnosticNames().size());
    }

    /** Sets the channel-consistency check every CPI passes before it is written (before the run starts). */
    void channelCheck(ChannelConsistency check) {
        this.channelCheck = check;
    }

    /** Sets the listener that sees every CPI written (before the run starts). */
    void listener(CpiListener l) {
        this.listener = l;
    }

    /** Sets the sequential stage that sees every CPI's result and every gap in order (before the run starts). */
    void stage(SequentialStage s) {
        this.stage = s;
    }

    /** Tells the sequential stage the run ended (with the sink lock held, before the final health record). */
    void endStage() {
        if (stage != null) {
            stage.end(stageSink);
        }
    }

    /** The result holder of ring sequence {@code seq} (valid between take and {@link #complete}). */
    CpiResult resultFor(long seq) {
        return results[(int) (seq & mask)];
    }

    /** A worker finished {@code seq}: writes out every consecutive finished CPI, in order. */
    void complete(long seq) {
        done.set((int) (seq & mask), seq);
        lock.lock();
        try {
            while (done.get((int) ((emitted + 1) & mask)) == emitted + 1) {
                long next = emitted + 1;
                try {
                    if (consumed < maxCpis) {
                        write(ring.frame(next), resultFor(next));
                    } else {
                        skippedAtStop++;
                    }
                } finally {
                    emitted = next;
                    ring.release(next);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void write(CpiFrame frame, CpiResult r) {
        consumed++;
        long seq = frame.sequence();
        long stateTime = frame.timeNanos() + stateOffsetNanos;
        if (stage != null && lastStreamSequence != Long.MIN_VALUE && seq > lastStreamSequence + 1) {
            long from = lastStreamSequence + 1;
            stage.gap(from, seq, stateTime - Math.round((seq - from) * cpiNanos), SequentialStage.Gap.DROPPED,
                    stageSink);
        }
        lastStreamSequence = seq;
        if (consumed >= maxCpis) {
            limitReached = true;
        }
        if (frame.calibrationVersion() != lastCalibrationVersion) {
            lastCalibrationVersion = frame.calibrationVersion();
            sink.calibration(frame.sequence(), lastCalibrationVersion,
                    String.valueOf(calibration.table(lastCalibrationVersion).describe()));
        }
        if (channelCheck != null && r.outcome != CpiResult.Outcome.REJECTED) {
            String[] inconsistent = channelCheck.check(frame,
                    calibration.table(frame.calibrationVersion()).responseW());
            if (inconsistent != null) {
                r.rejected(inconsistent[0], inconsistent[1], null);
            }
        }
        if (r.outcome == CpiResult.Outcome.REJECTED) {
            rejected++;
            if (++consecutiveRejects >= maxConsecutiveRejects && rejectLimitReason == null) {
                rejectLimitReason = "every CPI rejected: " + consecutiveRejects + " in a row (pipeline."
                        + "maxConsecutiveRejects), the last: " + r.faultWhat + " (" + r.faultWhere + ")";
            }
            sink.fault(frame.sequence(), r.faultWhat, r.faultWhere);
            faults.warn(kindOf(r.faultWhat), "CPI " + frame.sequence() + " rejected: " + r.faultWhat + " ("
                    + r.faultWhere + ")", r.cause);
            reported.clear();
            if (stage != null) {
                stage.gap(seq, seq + 1, stateTime, SequentialStage.Gap.REJECTED, stageSink);
            }
            notifyListener(frame);
            return;
        }
        processed++;
        consecutiveRejects = 0;
        latencies.add(r.latencyNanos);
        reported.clear();
        int unresolvedHere = 0;
        EstimateFrame f = r.frame;
        for (int k = 0; k < f.targetCount(); k++) {
            TargetEstimate t = f.target(k);
            if (t.consistent()) {
                reported.addTarget().copyFrom(t);
            } else {
                unresolved++;
                unresolvedHere++;
                sink.fault(frame.sequence(), String.format(Locale.ROOT, "target %d unresolved: fit %.4f where %.4f "
                        + "is expected at the measured SNR %.1f dB; not reported as a position", k, t.fitAchieved(),
                        t.fitExpected(), t.snrDb()), "CPI " + frame.sequence());
            }
        }
        if (reported.targetCount() > 0) {
            lastTarget.copyFrom(reported.target(0));
            haveTarget = true;
        }
        List<TargetState> truthStates = truth == null ? null : truth.truthAt(stateTime);
        sink.estimate(record.set(frame.sequence(), frame.timeNanos(), stateTime, frame.calibrationVersion(),
                r.latencyNanos, reported, truthStates, refXM, refYM));
        if (stage != null) {
            stage.estimated(seq, stateTime, reported, unresolvedHere, stageSink);
        }
        notifyListener(frame);
    }

    private void notifyListener(CpiFrame frame) {
        if (listener != null) {
            listener.written(frame, reported, sink);
        }
    }

    /** The stage's records go to the run's sink (called with the lock held, like every sink call). */
    private final class StageSink implements StageOutput {
        @Override
        public void write(long sequence, long stateTimeNanos, StageRecord record) {
            sink.stage(sequence, stateTimeNanos, record);
        }
    }

    private static String kindOf(String what) {
        int colon = what.indexOf(':');
        return colon > 0 ? what.substring(0, colon) : what;
    }

    /** True once {@code maxConsecutiveRejects} CPIs in a row were rejected: the run should stop as failed. */
    boolean rejectLimitReached() {
        return rejectLimitReason != null;
    }

    String rejectLimitReason() {
        return rejectLimitReason;
    }

    /** True once {@code maxCpis} CPIs have been consumed. */
    boolean limitReached() {
        return limitReached;
    }

    /** Runs {@code action} with the sink lock held (for health records and the counters it reads). */
    void locked(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    // The getters below are meant to be read inside locked(...).
    long processed() { return processed; }
    long rejected() { return rejected; }
    long unresolved() { return unresolved; }
    long skippedAtStop() { return skippedAtStop; }
    long latencyQuantile(double q) { return latencies.quantile(q); }
    TargetEstimate lastTarget() { return haveTarget ? lastTarget : null; }
}
