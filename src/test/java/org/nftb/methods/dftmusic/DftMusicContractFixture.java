package org.nftb.methods.dftmusic;

import org.nftb.config.RunConfig;
import org.nftb.estimator.EstimatorFixture;
import org.nftb.testing.TestConfigs;

/** The dftmusic estimator in the estimator contract test: hw-config/seed001-sim.yaml, unpaced. */
public final class DftMusicContractFixture implements EstimatorFixture {
    @Override
    public String type() {
        return "dftmusic";
    }

    @Override
    public RunConfig contractConfig() throws Exception {
        return TestConfigs.shippedUnpaced("seed001-sim.yaml");
    }
}
