package org.nftb.config;

import java.util.List;

/**
 * Reads and checks one estimator's own configuration section ({@code estimator:} of a given {@code type}). The
 * configuration layer knows estimators only through this interface; the plug-in registry that implements it
 * ({@code estimator.Estimators}) is handed to {@link ConfigLoader} by the run assembly, so configuration never
 * imports the estimator packages.
 */
public interface EstimatorSectionReader {

    /** The {@code estimator.type} this reader answers to, e.g. {@code dftmusic}. */
    String type();

    /**
     * Reads the {@code estimator:} section (its {@code type} key already read) and validates it against the
     * arrays and timing in {@code context}. Errors are {@link ConfigException}s naming file, field and fix
     * ({@link ConfigNode#error}); findings that do not stop a run are added to {@code warnings}.
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
}
