package org.nftb.pipeline;

import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.Estimator;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.estimator.TargetEstimate;
import org.nftb.frontend.FrontEnd;
import org.nftb.frontend.Snapshot;
import org.nftb.stream.CpiFrame;
import org.nftb.stream.CpiLayout;

import java.util.SplittableRandom;

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

    /**
     * Runs CPIs of seeded complex Gaussian noise (unit power per sample) through the front end and the estimator,
     * results discarded, until {@code maxCpis} or {@code budgetNanos} are spent: the JIT compiles the kernels before
     * the stream starts instead of while its first CPIs wait in the ring. Noise alone takes the estimator through its
     * whole search (a noise CPI is searched at low SNR, then rejected by the detection test). Allocates (not a
     * streaming path). Returns the CPIs run.
     */
    int warmUp(CpiLayout layout, EstimateFrame scratch, int maxCpis, long budgetNanos) {
        CpiFrame frame = new CpiFrame(layout);
        CpiResult result = new CpiResult(scratch);
        SplittableRandom rng = new SplittableRandom(0x5eed);
        float[] data = frame.data();
        double sd = Math.sqrt(0.5);
        long start = System.nanoTime();
        int run = 0;
        while (run < maxCpis && (run == 0 || System.nanoTime() - start < budgetNanos)) {
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (sd * rng.nextGaussian());
            }
            frame.stamp(-1 - run, 0, 0, 0);
            process(frame, result);
            run++;
        }
        return run;
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
