package org.nftb.device;

import org.nftb.model.TargetState;

import java.util.List;

/** A source that knows the true target states (the simulator; recordings with ground truth). */
public interface GroundTruthSource {
    /**
     * True states of all targets at a stream time, in the source's target order (for the simulator, the order of
     * {@code scene.targets}); empty when the source does not know them. The pipeline asks with each CPI's centre
     * time, the time its estimate refers to ({@link org.nftb.model.CpiTiming}).
     *
     * @param streamTimeNanos nanoseconds in the time base of {@link RxBuffer#timeNanos()} (device time: 0 at the
     *                        first sample of the first stream started now)
     * @return a new immutable list; safe to call from any thread
     */
    List<TargetState> truthAt(long streamTimeNanos);
}
