package org.nftb.config;

/**
 * Threads and buffering.
 *
 * @param ringSlots           CPI ring capacity, a power of two
 * @param waitStrategy        how waiting threads wait for CPIs (and, in lossless mode, for free slots)
 * @param receiveTimeoutNanos timeout of one receive call on the radio
 * @param workers             processing threads taking CPIs from the ring (records still leave in order)
 * @param ringMode            what a full ring does
 * @param maxConsecutiveRejects a run stops (as failed) after this many rejected CPIs in a row: a stream of
 *                            nothing but bad CPIs (NaN samples, a calibration that zeroes every sample) ends
 *                            instead of writing faults forever
 * @param transmitLeadNanos   how long before its CPI starts the pipeline sends an estimator's per-CPI transmission
 *                            (a timed burst; see org.nftb.pipeline.Illumination): at least the radio's transmit
 *                            latency
 */
public record PipelineConfig(int ringSlots, WaitStrategyKind waitStrategy, long receiveTimeoutNanos, int workers,
                             RingMode ringMode, int maxConsecutiveRejects, long transmitLeadNanos) {
    /** Available wait strategies. */
    public enum WaitStrategyKind { BLOCKING, PARKING }

    /** What the producer does when every ring slot is in use. */
    public enum RingMode {
        /** Drop the whole CPI and count it: a live radio must never wait for the estimator. */
        LIVE,
        /** Wait for a free slot: replay, batch and Monte Carlo, where a dropped CPI would be a defect. */
        LOSSLESS
    }

    /** These settings with {@code n} workers. */
    public PipelineConfig withWorkers(int n) {
        return new PipelineConfig(ringSlots, waitStrategy, receiveTimeoutNanos, n, ringMode, maxConsecutiveRejects,
                transmitLeadNanos);
    }

    /** These settings with another ring mode. */
    public PipelineConfig withRingMode(RingMode mode) {
        return new PipelineConfig(ringSlots, waitStrategy, receiveTimeoutNanos, workers, mode, maxConsecutiveRejects,
                transmitLeadNanos);
    }

    /** Workers when the configuration does not say: what the machine can give. */
    public static int defaultWorkers() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
