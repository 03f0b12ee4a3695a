package org.nftb.estimator;

import org.nftb.config.EstimatorSectionReader;
import org.nftb.config.RunConfig;

/**
 * One estimator as a plug-in: it reads and validates its own configuration section, checks a whole configuration
 * against the region where it is valid ({@link EstimatorSectionReader}), and builds its set-up (lookup tables,
 * precomputed steering) once. Registered in {@code META-INF/services/org.nftb.estimator.EstimatorProvider};
 * {@link Estimators} finds it by {@link #type()}. Adding an estimator means adding a folder under {@code methods/}
 * and one line to that file.
 */
public interface EstimatorProvider extends EstimatorSectionReader {

    /**
     * Builds what the estimator needs before the first CPI (tables, caches): once per run or study, then
     * shared by every worker (and shippable to other machines).
     */
    EstimatorSetup setup(RunConfig config);
}
