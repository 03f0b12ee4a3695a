package org.nftb.calibration;

import org.junit.jupiter.api.Test;
import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.estimator.Estimators;
import org.nftb.model.ArrayErrors;
import org.nftb.testing.TestConfigs;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class BlindFitTest {

    static RunConfig seed001At(double processedSnrDb, long seed) {
        RunConfig base = TestConfigs.seed001(seed, true);
        SceneConfig s = base.scene();
        SceneConfig.Target t = s.targets().get(0);
        double perSample = processedSnrDb - 10 * Math.log10(256 * 32);
        return TestConfigs.with(base, s.withTargets(List.of(new SceneConfig.Target(t.initial(), perSample))));
    }

    @Test
    void blindCalibrationAtProcessedSnr20dBStaysWithinOneDegree() {
        RunConfig cfg = seed001At(20, 3);
        EstimatorSetup setup = Estimators.of(cfg.estimator()).setup(cfg);
        CpiStack stack;
        try (CalibrationRig rig = CalibrationRig.open(cfg, Progress.NONE)) {
            stack = rig.stack(6600, "blind");
        }
        BlindFit.Result r = BlindFit.fit(stack, setup, cfg.rxArray(), cfg.wavelengthM(), cfg.symbolPeriodS(),
                ArrayErrors.identity(256));
        WeightsComparison c = WeightsComparison.of(r.weights().w(), CalScenes.trueW(cfg));
        System.out.printf("blind: %d iterations, rms phase %.3f deg (stated %.3f), amplitude %.4f dB; last step %.4f%n",
                r.iterations(), c.rmsPhaseDeg(), r.weights().rmsPhaseStdDeg(), c.rmsAmplitudeDb(), r.lastStepDeg());
        assertTrue(c.rmsPhaseDeg() < 1.0, "" + c.rmsPhaseDeg());
    }
}
