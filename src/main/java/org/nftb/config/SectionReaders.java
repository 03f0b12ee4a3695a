package org.nftb.config;

import java.util.List;

/**
 * The readers of the plug-in sections of a hw-config, looked up by their {@code type}: what the run assembly
 * passes to {@link ConfigLoader} (the registry of installed estimators), so that configuration sits below the
 * plug-ins it configures. A test may pass a small fixed set.
 */
public interface SectionReaders {

    /** The reader of {@code estimator.type: type}, or null when no such estimator is installed. */
    EstimatorSectionReader estimator(String type);

    /** Every installed estimator type, sorted (for error messages). */
    List<String> estimatorTypes();

    /** The reader of {@code sequential.type: type}, or null when no such stage is installed. */
    SequentialSectionReader stage(String type);

    /** Every installed sequential-stage type, sorted (for error messages). */
    List<String> stageTypes();
}
