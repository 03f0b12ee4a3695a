package org.nftb.output;

import org.nftb.estimate.MotionEstimate;
import org.nftb.model.PolarState;

import java.util.List;

/**
 * Where the pipeline's records go: the JSON-lines file (the canonical record), later the dashboard. Called from
 * the processing thread only.
 */
public interface RecordSink extends AutoCloseable {

    /** The run starts: what runs, on what, with which calibration. */
    void start(RunInfo info);

    /**
     * One CPI's estimate.
     *
     * @param truth          the true state when the source knows it (simulation), else null
     * @param latencyNanos   processing time of this CPI
     */
    void estimate(long sequence, long cpiTimeNanos, long stateTimeNanos, MotionEstimate estimate,
                  PolarState truth, long latencyNanos);

    /** Stream health (periodic and final). */
    void health(HealthSnapshot health);

    /** A fault that is data: a rejected CPI, a device error. */
    void fault(long sequence, String what, String where);

    @Override
    void close();

    /**
     * Static facts about a run.
     *
     * @param config      configuration source and name
     * @param device      device description
     * @param calibration calibration table in force
     * @param estimator   estimator name
     * @param warnings    validation warnings
     */
    record RunInfo(String config, String device, String calibration, String estimator, List<String> warnings) {
    }
}
