package org.nftb.device;

import org.nftb.model.TargetState;

import java.util.Optional;

/** A source that knows the true target state (the simulator; recordings with ground truth). */
public interface GroundTruthSource {
    /** True state of the first target at the stream sample {@code sampleIndex}, if known. */
    Optional<TargetState> truthAt(long sampleIndex);
}
