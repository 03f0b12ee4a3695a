package org.nftb.output;

import org.nftb.estimator.EstimateFrame;
import org.nftb.model.PolarState;
import org.nftb.model.TargetState;

import java.util.List;

/**
 * One {@code estimate} record: the CPI's identity and timing, the targets reported (only those whose quality is
 * consistent) and, when the source knows it, the truth of every target at the state time. A reusable view filled
 * by the pipeline's emitter just before each {@link RecordSink#estimate} call; sinks must not keep it.
 */
public final class EstimateRecord {
    long sequence;
    long cpiTimeNanos;
    long stateTimeNanos;
    long calibrationVersion;
    long latencyNanos;
    EstimateFrame targets;
    List<TargetState> truth;
    double refXM;
    double refYM;

    /** Fills the view (emitter side). */
    public EstimateRecord set(long sequence, long cpiTimeNanos, long stateTimeNanos, long calibrationVersion,
                              long latencyNanos, EstimateFrame targets, List<TargetState> truth, double refXM,
                              double refYM) {
        this.sequence = sequence;
        this.cpiTimeNanos = cpiTimeNanos;
        this.stateTimeNanos = stateTimeNanos;
        this.calibrationVersion = calibrationVersion;
        this.latencyNanos = latencyNanos;
        this.targets = targets;
        this.truth = truth;
        this.refXM = refXM;
        this.refYM = refYM;
        return this;
    }

    /** CPI index on the stream's sample grid. */
    public long sequence() { return sequence; }
    /** Stream time of the CPI's first sample, ns. */
    public long cpiTimeNanos() { return cpiTimeNanos; }
    /** Stream time the estimate refers to (the CPI centre), ns. */
    public long stateTimeNanos() { return stateTimeNanos; }
    public long calibrationVersion() { return calibrationVersion; }
    public long latencyNanos() { return latencyNanos; }
    /** The reported targets (consistent ones only). */
    public EstimateFrame targets() { return targets; }
    /** True states at {@link #stateTimeNanos()}, or null when the source does not know them. */
    public List<TargetState> truth() { return truth; }

    /** Target k of the truth as polar parameters seen from the receive array's reference point. */
    public PolarState truthPolar(int k) {
        return truth.get(k).toPolar(refXM, refYM);
    }
}
