package org.nftb.stream;

import org.nftb.device.RecordedDrops;

/**
 * Told of every whole CPI the assembler does not publish because the ring is full (live mode) or because the
 * recorded run it replays dropped it ({@link RecordedDrops}), on the radio thread: a recorder notes
 * them in its capture, so that a replay can drop them again. Must not block.
 */
public interface DropObserver {

    /** The CPI of stream samples {@code [firstSampleIndex, firstSampleIndex + samples)} was not published. */
    void dropped(long firstSampleIndex, int samples);
}
