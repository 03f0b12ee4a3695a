package org.nftb.output;

import java.util.Map;

/**
 * Stream health at one moment.
 *
 * @param elapsedS             seconds since the run started
 * @param samplesReceived      complex samples per channel received
 * @param cpisPublished        CPIs assembled and handed to processing
 * @param cpisProcessed        CPIs estimated
 * @param cpisRejected         CPIs refused by validation (non-finite samples, wrong shape)
 * @param cpisDroppedRingFull  CPIs dropped because processing fell behind
 * @param cpisDroppedGap       partial CPIs abandoned because samples were lost upstream
 * @param rxFaults             count of each non-OK receive status
 * @param latencyMedianNanos   median processing latency over the last window
 * @param latencyP99Nanos      99th percentile latency over the last window
 * @param isFinal              true for the summary at the end of a run
 */
public record HealthSnapshot(double elapsedS, long samplesReceived, long cpisPublished, long cpisProcessed,
                             long cpisRejected, long cpisDroppedRingFull, long cpisDroppedGap,
                             Map<String, Long> rxFaults, long latencyMedianNanos, long latencyP99Nanos,
                             boolean isFinal) {
}
