package org.nftb.sequential;

/**
 * A record a {@link SequentialStage} writes: its {@link #type()} is the record's {@code type} in the JSON lines
 * (each type has its own definition in the record schema, {@code src/main/resources/schema}), and it writes its own
 * fields through a {@link RecordWriter}, so that the stage needs no knowledge of the sinks. A stage may reuse one
 * mutable record for every CPI.
 */
public interface StageRecord {

    /** The record type, e.g. {@code track}. */
    String type();

    /** Writes the record's fields (not {@code type}, {@code seq} or {@code stateTimeNanos}, which the sink adds). */
    void write(RecordWriter w);
}
