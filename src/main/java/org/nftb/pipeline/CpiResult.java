package org.nftb.pipeline;

import org.nftb.estimator.EstimateFrame;

/**
 * What processing one CPI produced, held per ring slot until the emitter writes it out in sequence order.
 * Preallocated (one per slot); the fault text is built only when a CPI is rejected. Written by one worker, then
 * read by the emitter after a happens-before edge (the completion flag).
 */
final class CpiResult {
    enum Outcome { ESTIMATED, REJECTED }

    final EstimateFrame frame;
    Outcome outcome;
    String faultWhat;
    String faultWhere;
    Throwable cause;
    long latencyNanos;

    CpiResult(EstimateFrame frame) {
        this.frame = frame;
    }

    void estimated(long latencyNanos) {
        this.outcome = Outcome.ESTIMATED;
        this.latencyNanos = latencyNanos;
        this.faultWhat = null;
        this.faultWhere = null;
        this.cause = null;
    }

    void rejected(String what, String where, Throwable cause) {
        this.outcome = Outcome.REJECTED;
        this.faultWhat = what;
        this.faultWhere = where;
        this.cause = cause;
        frame.clear();
    }
}
