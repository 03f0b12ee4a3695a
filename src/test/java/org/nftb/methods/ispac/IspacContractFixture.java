package org.nftb.methods.ispac;

import org.nftb.config.RunConfig;
import org.nftb.estimator.EstimatorFixture;
import org.nftb.testing.TestConfigs;

/** The ispac estimator in the estimator contract test: hw-config/seed003-sim.yaml, unpaced. */
public final class IspacContractFixture implements EstimatorFixture {
    @Override
    public String type() {
        return "ispac";
    }

    @Override
    public RunConfig contractConfig() throws Exception {
        return TestConfigs.shippedUnpaced("seed003-sim.yaml");
    }
}
