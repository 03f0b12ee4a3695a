package org.nftb.sequential;

import org.nftb.estimator.EstimateFrame;

/**
 * A stage after the in-order emitter that sees every CPI's result in sequence order and keeps state across CPIs:
 * a tracker, seed 004's SLAM. The pipeline calls it on one thread at a time, in stream order, once per CPI written
 * ({@link #estimated}) and once per run of CPIs that were not estimated ({@link #gap}): dropped ring-full, lost
 * upstream, or rejected. Nothing is skipped silently, so a stage can tell a missed detection from a missing CPI.
 *
 * <p>Like an estimator it is a kernel: no threads, locks or logging, and deterministic — the same calls give the same
 * records, so a replay of a recorded run reproduces its stage records bit for bit. It runs while the emitter holds
 * the output lock, so it must finish well within a CPI on average; its records go to every sink of the run
 * through {@code out}.
 */
public interface SequentialStage {

    /**
     * One CPI was estimated.
     *
     * @param sequence       the CPI's stream sequence number
     * @param stateTimeNanos the time the CPI's estimates refer to (stream time, ns)
     * @param reported       the targets reported as positions (consistent ones only; may be empty); valid only
     *                       during the call
     * @param out            where the stage's records go
     */
    void estimated(long sequence, long stateTimeNanos, EstimateFrame reported, StageOutput out);

    /**
     * CPIs {@code fromSequence} (inclusive) to {@code toSequence} (exclusive) were not estimated.
     *
     * @param cause why; a run of dropped CPIs and a rejected one are reported separately
     */
    void gap(long fromSequence, long toSequence, Gap cause, StageOutput out);

    /** The run ends: a stage may write its final records. */
    default void end(StageOutput out) {
    }

    /** Why CPIs did not reach the estimator. */
    enum Gap {
        /** Dropped before estimation (ring full in live mode) or lost upstream (samples missing): the CPI's sequence
         * numbers are skipped in the stream. */
        NOT_PROCESSED,
        /** The CPI reached a worker and was rejected (bad samples, a front-end or estimator fault). */
        REJECTED
    }
}
