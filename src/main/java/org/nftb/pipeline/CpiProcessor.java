package org.nftb.pipeline;

import org.nftb.estimate.EstimateFrame;
import org.nftb.estimate.Estimator;
import org.nftb.estimate.EstimatorSetup;
import org.nftb.estimate.TargetEstimate;
import org.nftb.frontend.FrontEnd;
import org.nftb.frontend.Snapshot;
import org.nftb.stream.CpiFrame;

/**
 * The work on one CPI, apart from any thread: validate → front end → estimate → result. One instance per worker
 * (it owns the worker's front end, snapshot and estimator, none thread-safe). No logging, no threads; allocates
 * only to describe a rejected CPI.
 */
final class CpiProcessor {
    private final FrontEnd frontEnd;
    private final Snapshot snapshot;
    private final Estimator estimator;

    CpiProcessor(EstimatorSetup setup) {
        this.frontEnd = setup.newFrontEnd();
        this.snapshot = new Snapshot(frontEnd.outputShape());
        this.estimator = setup.newEstimator();
    }

    /** Processes {@code frame} (read-only) into {@code out}. */
    void process(CpiFrame frame, CpiResult out) {
        int bad = frame.firstNonFinite();
        if (bad >= 0) {
            out.rejected("non-finite sample (NaN or Inf) after calibration; CPI rejected",
                    "channel " + bad / frame.samplesPerChannel() + ", sample " + bad % frame.samplesPerChannel()
                            + " of CPI " + frame.sequence(), null);
            return;
        }
        long t0 = System.nanoTime();
        EstimateFrame estimate = out.frame;
        try {
            frontEnd.process(frame, snapshot);
            estimator.estimate(snapshot, estimate);
        } catch (IllegalArgumentException e) {
            out.rejected(estimator.name() + " refused the CPI: " + e.getMessage(), "CPI " + frame.sequence(), e);
            return;
        } catch (RuntimeException e) {
            // a defect in an estimator must not end a live run: the CPI is rejected, the cause kept for the log
            out.rejected(estimator.name() + " failed on the CPI (internal error " + e + ")", "CPI " + frame.sequence(),
                    e);
            return;
        }
        long latency = System.nanoTime() - t0;
        for (int k = 0; k < estimate.targetCount(); k++) {
            TargetEstimate t = estimate.target(k);
            if (!Double.isFinite(t.angleRad() + t.rangeM() + t.radialVelocityMps() + t.transverseVelocityMps())) {
                out.rejected("estimate of target " + k + " is not finite; CPI rejected", "CPI " + frame.sequence(),
                        null);
                return;
            }
        }
        out.estimated(latency);
    }
}
