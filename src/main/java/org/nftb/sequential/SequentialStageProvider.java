package org.nftb.sequential;

import org.nftb.config.RunConfig;
import org.nftb.config.SequentialSectionReader;
import org.nftb.estimator.TransmitPlan;

/**
 * One sequential stage as a plug-in, like an estimator: it reads and checks its own {@code sequential:} section
 * ({@link SequentialSectionReader}) and makes the stage for a run. Registered in
 * {@code META-INF/services/org.nftb.sequential.SequentialStageProvider}; {@link SequentialStages} finds it by type.
 */
public interface SequentialStageProvider extends SequentialSectionReader {

    /** A new stage for one run of {@code config} (whose {@code sequential()} this provider read). */
    SequentialStage newStage(RunConfig config);

    /**
     * A new stage for one run that also sees the run's transmit plan ({@code null} when the estimator transmits
     * nothing or the device cannot): a stage that closes a loop through the transmission (seed 002 re-designs the
     * next blocks' beams from the estimates) reaches the plan's live state here. The default ignores the plan.
     */
    default SequentialStage newStage(RunConfig config, TransmitPlan plan) {
        return newStage(config);
    }
}
