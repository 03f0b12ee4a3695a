package org.nftb.sequential;

import org.nftb.estimator.EstimateFrame;

/**
 * A stage after the in-order emitter that sees every CPI's result in sequence order and keeps state across CPIs:
 * a tracker, seed 004's SLAM. The pipeline calls it on one thread at a time, in stream order, once per CPI written
 * ({@link #estimated}) and once per run of CPIs that were not estimated ({@link #gap}): dropped (ring full in live
 * mode, or lost upstream) or rejected. Nothing is skipped silently, so a stage can tell a missed detection from a
 * missing CPI. CPIs left unprocessed when a run stops (after {@code --cpis}, or published when the radio stopped)
 * are not gaps: the run ends there ({@link #end}).
 *
 * <p>Like an estimator it is a kernel: no threads, locks or logging, and deterministic — the same calls give the same
 * records. A replay of a recorded run makes the same calls (the replay re-drops the CPIs the recorded run dropped
 * ring-full, and a rejection is a function of the recorded samples), so it reproduces the stage's records bit for
 * bit. It runs while the emitter holds the output lock, so it must finish well within a CPI on average; its records
 * go to every sink of the run through {@code out}.
 */
public interface SequentialStage {

    /**
     * One CPI was estimated.
     *
     * @param sequence       the CPI's stream sequence number
     * @param stateTimeNanos the time the CPI's estimates refer to (stream time, ns)
     * @param reported       the targets reported as positions, in the order of the CPI's {@code estimate} record
     *                       (consistent ones only; may be empty); valid only during the call
     * @param unresolved     targets the estimator found in this CPI but flagged as inconsistent (written as
     *                       {@code fault} records, not in {@code reported}): something was seen, not measured
     * @param out            where the stage's records go
     */
    void estimated(long sequence, long stateTimeNanos, EstimateFrame reported, int unresolved, StageOutput out);

    /**
     * CPIs {@code fromSequence} (inclusive) to {@code toSequence} (exclusive) were not estimated. A gap carries no
     * measurement; the next {@link #estimated} call's time spans it.
     *
     * @param stateTimeNanos the state time CPI {@code fromSequence} had or would have had (stream time, ns): a
     *                       rejected CPI's own; for dropped CPIs, placed on the CPI grid (CPI q starts at sample
     *                       q·K) back from the CPI whose arrival revealed the gap
     * @param cause          why; a run of dropped CPIs and a rejected one are reported separately
     */
    void gap(long fromSequence, long toSequence, long stateTimeNanos, Gap cause, StageOutput out);

    /** The run ends (after the last CPI written): a stage may write its final records. */
    default void end(StageOutput out) {
    }

    /** Why CPIs did not reach the estimator. */
    enum Gap {
        /**
         * Dropped before estimation: ring full in live mode (or re-dropped by a replay because the recorded run
         * dropped it), or lost upstream (samples missing): the CPI's sequence numbers are skipped in the stream.
         */
        DROPPED,
        /** The CPI reached a worker and was rejected (bad samples, a front-end or estimator fault). */
        REJECTED
    }
}
