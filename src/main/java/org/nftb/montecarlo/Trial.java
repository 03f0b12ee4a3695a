package org.nftb.montecarlo;

import java.io.Serializable;

/**
 * One Monte Carlo experiment, as a pure function of (point, trial, seed): the runner decides where and in which
 * order trials run (threads here; another engine elsewhere), the trial decides what one run measures. A trial
 * captures only values (e.g. an {@link org.nftb.estimator.EstimatorSetup} built once), so it can be shipped.
 *
 * @param <C> per-worker context (estimator instances, scratch buffers): made once per worker, never shared
 */
public interface Trial<C> extends Serializable {

    /** Metrics one trial writes (the length of {@code out} in {@link #run}). */
    int metrics();

    /** A new worker context; called once per worker thread (or task), before its first trial. */
    C newContext();

    /**
     * Runs trial {@code trial} of point {@code point} and writes its metrics into {@code out}. Must depend only on
     * its arguments (the seed is the trial's only randomness), so that any runner reproduces it bit for bit.
     */
    void run(C context, int point, int trial, long seed, double[] out);
}
