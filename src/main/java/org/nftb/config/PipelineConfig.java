package org.nftb.config;

/**
 * Threads and buffering.
 *
 * @param ringSlots          CPI ring capacity, a power of two
 * @param waitStrategy       how the processing thread waits for CPIs
 * @param receiveTimeoutNanos timeout of one receive call on the radio
 */
public record PipelineConfig(int ringSlots, WaitStrategyKind waitStrategy, long receiveTimeoutNanos) {
    /** Available consumer wait strategies. */
    public enum WaitStrategyKind { BLOCKING, PARKING }
}
