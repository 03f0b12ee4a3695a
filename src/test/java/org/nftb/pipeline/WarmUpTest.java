package org.nftb.pipeline;

import org.junit.jupiter.api.Test;
import org.nftb.config.RunConfig;
import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.estimator.Estimators;
import org.nftb.stream.CpiLayout;
import org.nftb.testing.TestConfigs;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link CpiProcessor#warmUp}: noise CPIs through the real front end and estimator, bounded in count and time. */
class WarmUpTest {
    @Test
    void theWarmUpRunsNoiseCpisThroughTheEstimatorUpToItsCountAndAtLeastOneWithinItsBudget() {
        RunConfig cfg = TestConfigs.seed001(1, false);
        EstimatorSetup setup = Estimators.of(cfg.estimator()).setup(cfg);
        CpiProcessor processor = new CpiProcessor(setup);
        CpiLayout layout = new CpiLayout(cfg.rxArray().count(), cfg.cpiSymbols(), cfg.samplesPerSymbol());
        EstimateFrame scratch = setup.newFrame();
        assertEquals(3, processor.warmUp(layout, scratch, 3, Long.MAX_VALUE));
        // noise alone is searched and then rejected by the detection test: no target comes out of the warm-up
        assertEquals(0, scratch.targetCount());
        assertEquals(1, processor.warmUp(layout, scratch, 50, 0), "a spent budget still warms one CPI");
    }
}
