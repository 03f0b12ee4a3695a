package org.nftb.methods.cvtracker;

import org.ejml.data.DMatrix4;
import org.ejml.data.DMatrix4x4;

/**
 * One track's state and bookkeeping, reused from the tracker's pool (no allocation per CPI). The state
 * {@code x = (x, y, vx, vy)} and covariance {@code p} refer to {@link #timeNanos}.
 */
final class Track {
    final DMatrix4 x = new DMatrix4();
    final DMatrix4x4 p = new DMatrix4x4();
    long id;
    boolean confirmed;
    /** Stream time the state refers to, ns. */
    long timeNanos;
    long lastUpdateNanos;
    long lastUpdateSequence;
    /** Updates so far, the first (the estimate that started it) included. */
    int updates;
    /** Consecutive estimated CPIs without an estimate for this track. */
    int misses;
    /** This CPI's estimate index (in its {@code estimate} record), or −1 when not updated now. */
    int measurement;
    /** This CPI's normalized innovation squared, NaN when not updated now. */
    double nis;

    /** Starts the track from estimate {@code m} at {@code timeNanos}. */
    void start(long newId, CvFilter.Measurement m, long sequence, long time, double initialVelocityVariance) {
        id = newId;
        confirmed = false;
        x.setTo(m.z);
        p.setTo(m.r);
        if (m.positionOnly) {
            x.a3 = 0;
            x.a4 = 0;
            p.a33 = initialVelocityVariance;
            p.a44 = initialVelocityVariance;
        }
        timeNanos = time;
        lastUpdateNanos = time;
        lastUpdateSequence = sequence;
        updates = 1;
        misses = 0;
        measurement = m.index;
        nis = Double.NaN;
    }
}
