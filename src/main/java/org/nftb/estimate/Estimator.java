package org.nftb.estimate;

import org.nftb.stream.CpiFrame;

/**
 * A pure function of (configuration, CPI) → estimate. Kernels: no threads, locks or logging; one instance per
 * processing thread (instances hold scratch buffers and are not thread-safe).
 */
public interface Estimator {

    /** Short name used in output records, e.g. {@code dftmusic}. */
    String name();

    /**
     * Estimates the target in {@code frame} into caller-owned {@code out} (fast form, allocates nothing).
     *
     * @throws IllegalArgumentException when the frame's shape does not match the configuration
     */
    void estimate(CpiFrame frame, MotionEstimate out);
}
