package org.nftb.methods.vmp;

import org.nftb.config.RunConfig;
import org.nftb.estimator.EstimatorFixture;
import org.nftb.testing.TestConfigs;

/** The vmp estimator in the estimator contract test: hw-config/seed000-sim.yaml, unpaced. */
public final class VmpContractFixture implements EstimatorFixture {
    @Override
    public String type() {
        return "vmp";
    }

    @Override
    public RunConfig contractConfig() throws Exception {
        return TestConfigs.shippedUnpaced("seed000-sim.yaml");
    }
}
