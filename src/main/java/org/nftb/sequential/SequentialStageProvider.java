package org.nftb.sequential;

import org.nftb.config.RunConfig;
import org.nftb.config.SequentialSectionReader;

/**
 * One sequential stage as a plug-in, like an estimator: it reads and checks its own {@code sequential:} section
 * ({@link SequentialSectionReader}) and makes the stage for a run. Registered in
 * {@code META-INF/services/org.nftb.sequential.SequentialStageProvider}; {@link SequentialStages} finds it by type.
 */
public interface SequentialStageProvider extends SequentialSectionReader {

    /** A new stage for one run of {@code config} (whose {@code sequential()} this provider read). */
    SequentialStage newStage(RunConfig config);
}
