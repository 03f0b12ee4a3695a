package org.nftb.estimator;

import org.nftb.config.ConfigNode;
import org.nftb.config.RunConfig;

import java.util.List;
import org.nftb.config.EstimatorConfig;
import org.nftb.config.EstimatorContext;

/**
 * One estimator as a plug-in: it reads and validates its own configuration section, checks a whole configuration
 * against the region where it is valid, and builds its set-up (lookup tables, precomputed steering) once.
 * Registered in {@code META-INF/services/org.nftb.estimator.EstimatorProvider}; {@link Estimators} finds it by
 * {@link #type()}. Adding an estimator means adding a package under {@code estimate/} and one line to that file.
 */
public interface EstimatorProvider {

    /** The {@code estimator.type} this provider answers to, e.g. {@code dftmusic}. */
    String type();

    /**
     * Reads the {@code estimator:} section (its {@code type} key already read) and validates it against the
     * arrays and timing in {@code context}. Errors are {@link org.nftb.config.ConfigException}s naming file,
     * field and fix ({@link ConfigNode#error}); findings that do not stop a run are added to {@code warnings}.
     */
    EstimatorConfig read(ConfigNode section, EstimatorContext context, List<String> warnings);

    /**
     * Checks a complete configuration (e.g. the scene's targets against the estimator's region of validity) and
     * adds findings to {@code warnings}. Called once the loader has read every section.
     */
    void check(RunConfig config, List<String> warnings);

    /**
     * Bytes one worker's front end and estimator allocate for this configuration (scratch buffers, FFT grids), so
     * that the loader can refuse a configuration that would not fit the heap before anything runs.
     */
    long workingBytesPerWorker(RunConfig config);

    /**
     * Builds what the estimator needs before the first CPI (tables, caches): once per run or study, then
     * shared by every worker (and shippable to other machines).
     */
    EstimatorSetup setup(RunConfig config);
}
