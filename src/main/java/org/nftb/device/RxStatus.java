package org.nftb.device;

/** Outcome of one receive call, mirroring UHD's RX metadata error codes. Stream faults are data, not exceptions. */
public enum RxStatus {
    OK,
    /** No samples arrived within the timeout. */
    TIMEOUT,
    /** Samples were lost upstream (the host did not keep up); the next buffer's sample index jumps. */
    OVERFLOW,
    /** A timed command arrived after its time. */
    LATE_COMMAND,
    /** Streaming stopped unexpectedly (e.g. no continuous streaming command). */
    BROKEN_CHAIN,
    /** Channels could not be aligned in time. */
    ALIGNMENT,
    /** A packet could not be parsed. */
    BAD_PACKET,
    /** A finite source (a recording) has no more samples. */
    END_OF_STREAM
}
