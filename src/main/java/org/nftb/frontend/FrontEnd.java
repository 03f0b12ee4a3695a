package org.nftb.frontend;

import org.nftb.stream.CpiFrame;

/**
 * The stage between the CPI ring and an estimator: turns one frame of raw calibrated samples into the
 * {@link Snapshot} its estimator reads. A kernel: no threads, locks, logging or allocation; one instance per
 * worker (instances may hold scratch buffers).
 */
public interface FrontEnd {

    /** Short name for records and logs, e.g. {@code integrate-and-dump}. */
    String name();

    /** The shape of what {@link #process} writes. */
    SnapshotShape outputShape();

    /**
     * Reads {@code frame} (not modified) and overwrites {@code out}.
     *
     * @throws IllegalArgumentException when the frame's layout or the snapshot's shape is not the configured one
     */
    void process(CpiFrame frame, Snapshot out);
}
