package org.nftb.device;

import org.nftb.model.TargetState;

import java.util.List;

/** A source that knows the true target states (the simulator; recordings with ground truth). */
public interface GroundTruthSource {
    /**
     * True states of every target at stream time {@code streamTimeNanos} (ns since the stream started, the time
     * base of {@link RxBuffer#timeNanos()}). Thread-safe: the pipeline asks from its output thread while the
     * device streams.
     */
    List<TargetState> truthAt(long streamTimeNanos);
}
