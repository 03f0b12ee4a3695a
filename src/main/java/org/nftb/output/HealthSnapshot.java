package org.nftb.output;

import java.util.Map;

/**
 * Stream health at one moment. Every CPI the radio delivered is accounted for:
 * {@code published = processed + rejected + unprocessedAtStop (+ in flight while running)}, and CPIs that never
 * reached the ring are {@code droppedRingFull + droppedGap + droppedAsRecorded}.
 *
 * @param elapsedS               seconds since the run started
 * @param samplesReceived        complex samples per channel received
 * @param cpisPublished          CPIs assembled and handed to processing
 * @param cpisProcessed          CPIs estimated (whether or not a target was found or resolved)
 * @param cpisRejected           CPIs refused (non-finite samples, estimator refusal)
 * @param targetsUnresolved      targets an estimator found but its own quality measure flagged: written as
 *                               faults, not as positions
 * @param cpisDroppedRingFull    CPIs dropped because processing fell behind (live mode only)
 * @param cpisDroppedGap         partial CPIs abandoned because samples were lost upstream
 * @param cpisDroppedAsRecorded  a replay: CPIs dropped again because the recorded run dropped them (ring full), so
 *                               that the replay's records are the recorded run's
 * @param cpisUnprocessedAtStop  CPIs complete but not processed when the run stopped (e.g. after --cpis): published
 *                               and not taken, or, in lossless mode, waiting for a ring slot
 * @param recordsWritten         records written before this one
 * @param rxFaults               count of each non-OK receive status
 * @param latencyMedianNanos     median processing latency over the last window
 * @param latencyP99Nanos        99th percentile latency over the last window
 * @param isFinal                true for the summary at the end of a run
 */
public record HealthSnapshot(double elapsedS, long samplesReceived, long cpisPublished, long cpisProcessed,
                             long cpisRejected, long targetsUnresolved, long cpisDroppedRingFull,
                             long cpisDroppedGap, long cpisDroppedAsRecorded, long cpisUnprocessedAtStop,
                             long recordsWritten, Map<String, Long> rxFaults, long latencyMedianNanos,
                             long latencyP99Nanos, boolean isFinal) {
}
