package org.nftb.device;

/**
 * The CPIs a recorded run dropped before estimation because its ring was full (live mode), as its capture notes them
 * ({@code nftb:cpis_dropped} annotations): a replay drops them again, so that everything after the in-order emitter —
 * the records, a sequential stage's state — sees what the recorded run saw, and reproduces it bit for bit.
 * Implemented by the replay device; read on the radio thread, without allocating.
 */
public interface RecordedDrops {

    /** Whether the CPI that begins at stream sample {@code firstSampleIndex} was dropped when recorded. */
    boolean droppedWhenRecorded(long firstSampleIndex);
}
