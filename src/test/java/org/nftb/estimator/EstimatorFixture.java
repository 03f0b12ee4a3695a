package org.nftb.estimator;

import org.nftb.config.RunConfig;

/**
 * A registered estimator's configuration for {@link EstimatorContractTest}: one class per method, in its test folder,
 * listed in {@code src/test/resources/META-INF/services/org.nftb.estimator.EstimatorFixture}. An estimator registered
 * without one fails the contract test (it is not skipped).
 */
public interface EstimatorFixture {

    /** The {@code estimator.type} this fixture configures. */
    String type();

    /**
     * A small, real configuration of the estimator on the simulated array: unpaced, fast enough for a few CPIs in a
     * test, with a scene holding a target the estimator finds.
     */
    RunConfig contractConfig() throws Exception;
}
