package org.nftb.montecarlo;

import java.nio.file.Path;
import java.util.List;

/**
 * A Monte Carlo study as {@code nftb study} runs it in-process or on Spark: a shippable {@link Trial} over points ×
 * trials, what the points are, the names of the metrics, and the summaries (CSV, PNG, the bars) computed from the
 * per-trial results. One implementation per study kind (seed 001's Figs. 3-6, seed 002's Fig. 5, …).
 */
public interface Study {

    /** The trial (a serializable value built once on the driver). */
    Trial<?> trial();

    /** Number of points. */
    int points();

    /** Name (with unit) of the point axis, e.g. {@code snr_db}, {@code realization}. */
    String pointName();

    /** The value of point p on that axis. */
    double pointValue(int p);

    /** Names of the trial's metrics, in order. */
    List<String> metricLabels();

    /** Whether metric m is a measurement of the machine (a time), not a function of the seed. */
    boolean timingMetric(int m);

    /** Writes the summaries into {@code out}; returns whether the study's bars held. */
    boolean writeSummaries(Results results, long seed, Path out) throws Exception;
}
