package org.nftb.estimator;

import org.nftb.frontend.Snapshot;

/**
 * A pure function of (configuration, snapshot) → estimate. Kernels: no threads, locks or logging; one instance
 * per worker (instances hold scratch buffers and are not thread-safe), made by {@link EstimatorSetup#newEstimator()}.
 */
public interface Estimator {

    /** Short name used in output records, e.g. {@code dftmusic}. */
    String name();

    /**
     * Estimates the targets in {@code snapshot} (what this estimator's front end wrote) into caller-owned
     * {@code out} (fast form, allocates nothing). Zero targets is a valid answer; a target whose own quality
     * measure says it is wrong is added with {@link TargetEstimate#consistent()} false, never silently.
     *
     * @throws IllegalArgumentException when the snapshot's shape does not match the configuration, or it holds no
     *                                  signal at all
     */
    void estimate(Snapshot snapshot, EstimateFrame out);
}
