package org.nftb.sequential;

/** Where a {@link SequentialStage}'s records go (every sink of the run). Valid only during the stage's call. */
public interface StageOutput {
    /**
     * Writes one record now, tagged with the CPI it follows.
     *
     * @param sequence       the CPI the record belongs to (for a gap: its first CPI)
     * @param stateTimeNanos the time the record's state refers to (stream time, ns)
     * @param record         the record; written during the call, not kept
     */
    void write(long sequence, long stateTimeNanos, StageRecord record);
}
