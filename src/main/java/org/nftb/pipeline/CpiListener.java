package org.nftb.pipeline;

import org.nftb.estimator.EstimateFrame;
import org.nftb.output.RecordSink;
import org.nftb.stream.CpiFrame;

/**
 * Sees every CPI the emitter writes out, in sequence order, right after its records (the calibration drift watch).
 * Called by one thread at a time with the sink lock held, so it may write records to {@code sink}; it must be quick
 * (it delays the output of the next CPIs) and must not keep {@code frame} or {@code reported}, which are valid only
 * during the call.
 */
public interface CpiListener {
    /**
     * @param frame    the CPI's calibrated samples (read-only)
     * @param reported the targets written as positions (consistent ones only; empty for a rejected CPI)
     * @param sink     where the run's records go
     */
    void written(CpiFrame frame, EstimateFrame reported, RecordSink sink);
}
