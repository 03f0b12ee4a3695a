package org.nftb.output;

import org.nftb.config.FaultPlan;
import org.nftb.sequential.StageRecord;

import java.util.List;

/**
 * Where the pipeline's records go: the JSON-lines file (the canonical record; schema in
 * {@code src/main/resources/schema/nftb-records.schema.json}), later the dashboard and capture annotations.
 * Called from one thread at a time, in sequence order (the pipeline's emitter).
 */
public interface RecordSink extends AutoCloseable {

    /** The run starts: what runs, on what, with which calibration. */
    void start(RunInfo info);

    /** One CPI's estimate (the view is valid only during the call). */
    void estimate(EstimateRecord record);

    /** A new calibration table applies from CPI {@code sequence} on. */
    void calibration(long sequence, long version, String table);

    /**
     * The drift watch's report on the calibration in force (every {@code calibration.watch.everyCpis} CPIs). Sinks
     * that do not show it may ignore it.
     */
    default void calibrationWatch(CalibrationWatchRecord record) {
    }

    /**
     * A record of the run's sequential stage (a {@code track}, seed 004's map), after the CPI it follows. Sinks that
     * do not show it may ignore it; the JSON lines and the dashboard write it.
     *
     * @param sequence       the CPI the record belongs to
     * @param stateTimeNanos the time its state refers to (stream time, ns)
     * @param record         written during the call, not kept
     */
    default void stage(long sequence, long stateTimeNanos, StageRecord record) {
    }

    /**
     * A fault injected into the stream ({@code nftb replay --inject}, {@code scene.faults}): one record per fault, after
     * {@code start}, so that the output says what was done to the samples. Sinks that do not show it may ignore it.
     *
     * @param plan         the plan the fault belongs to (its source and seed)
     * @param fault        the fault
     * @param sampleRateHz the stream's sample rate (its window in samples)
     */
    default void inject(FaultPlan plan, FaultPlan.Fault fault, double sampleRateHz) {
    }

    /** Stream health (periodic and final). */
    void health(HealthSnapshot health);

    /** A fault that is data: a rejected CPI, an unresolved target, a device error. */
    void fault(long sequence, String what, String where);

    /**
     * The run's summary: the last record of a run, after the final health record. Sinks that do not show it may
     * ignore it.
     */
    default void summary(RunSummary summary) {
    }

    /**
     * An operator's action from the dashboard, done or refused (who, what, when, result). Sinks that do not show it
     * may ignore it. Callers hold the same one-thread-at-a-time contract as for every other record.
     */
    default void control(ControlRecord control) {
    }

    /** Records written so far. */
    long recordsWritten();

    @Override
    void close();

    /**
     * Static facts about a run.
     *
     * @param config          configuration source
     * @param name            configuration name
     * @param device          device description
     * @param estimator       estimator type
     * @param frontEnd        the front end the estimator reads through
     * @param diagnostics     names of the estimator's per-target diagnostics
     * @param calibration     calibration table in force at the start (version 1)
     * @param workers         processing threads
     * @param ringMode        {@code live} or {@code lossless}
     * @param ringSlots       CPI ring capacity
     * @param transmit        whether transmitting is enabled, and its limits
     * @param warnings        validation warnings
     * @param sequential      the sequential stage and its settings (one line), or null when the run has none
     */
    record RunInfo(String config, String name, String device, String estimator, String frontEnd,
                   List<String> diagnostics, String calibration, int workers, String ringMode, int ringSlots,
                   String transmit, List<String> warnings, String sequential) {

        /** A run without a sequential stage. */
        public RunInfo(String config, String name, String device, String estimator, String frontEnd,
                       List<String> diagnostics, String calibration, int workers, String ringMode, int ringSlots,
                       String transmit, List<String> warnings) {
            this(config, name, device, estimator, frontEnd, diagnostics, calibration, workers, ringMode, ringSlots,
                    transmit, warnings, null);
        }
    }
}
