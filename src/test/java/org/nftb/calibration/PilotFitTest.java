package org.nftb.calibration;

import org.junit.jupiter.api.Test;
import org.nftb.config.RunConfig;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PilotFitTest {

    static CpiStack measure(RunConfig cfg, double x, double y, int cpis) {
        try (CalibrationRig rig = CalibrationRig.open(cfg, Progress.NONE)) {
            rig.place(x, y, 0, 1);
            return rig.stack(cpis, "test");
        }
    }

    @Test
    void aPilotAtAKnownNearFieldPositionGivesWWithinItsStatedUncertainty() {
        CalScenes s = new CalScenes();
        s.source(0.3, 0.5, 0);   // 0 dB per sample: the pilot's strength for the placement
        RunConfig cfg = s.config();
        CpiStack stack = measure(cfg, 0.3, 0.5, 200);
        PilotFit.Result r = PilotFit.fit(cfg.rxArray(), cfg.wavelengthM(), List.of(stack), new double[] {0.3, 0.5});
        WeightsComparison c = WeightsComparison.of(r.weights().w(), CalScenes.trueW(cfg));
        // per element SNR after 200 CPIs x 8 symbols at 0 dB: 32 dB -> 1/sqrt(2*1600) rad = 1.01 deg
        double expected = Math.toDegrees(1 / Math.sqrt(2 * 1600.0));
        System.out.printf("single pilot: rms phase %.3f deg (stated %.3f), amplitude %.4f dB (stated %.4f)%n",
                c.rmsPhaseDeg(), r.weights().rmsPhaseStdDeg(), c.rmsAmplitudeDb(), r.weights().rmsAmplitudeStdDb());
        assertEquals(expected, r.weights().rmsPhaseStdDeg(), 0.15 * expected);
        assertTrue(c.rmsPhaseDeg() < 1.6 * expected && c.rmsPhaseDeg() > 0.5 * expected, "" + c.rmsPhaseDeg());
        assertTrue(c.rmsAmplitudeDb() < 1.6 * 8.686 / Math.sqrt(2 * 1600.0), "" + c.rmsAmplitudeDb());
    }

    @Test
    void fourPilotsAverageDownAWallEchoThatBiasesOnePilotAndReportTheirDisagreement() {
        CalScenes s = new CalScenes();
        s.channels = 32;
        s.source(0.3, 0.5, 0);
        RunConfig cfg = s.config();
        double[] pilots = {0.3, 0.5, -0.2, 0.6, 0.0, 0.4, 0.5, 0.3};
        List<CpiStack> stacks = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            double x = pilots[2 * p];
            double y = pilots[2 * p + 1];
            // the pilot and its image in a wall at x = -0.6 m, 15 dB down
            org.nftb.config.SceneConfig scene = cfg.scene().withTargets(List.of(
                    new org.nftb.config.SceneConfig.Target(new org.nftb.model.TargetState(x, y, 0, 0), 0),
                    new org.nftb.config.SceneConfig.Target(new org.nftb.model.TargetState(-x - 1.2, y, 0, 0), -15)));
            try (CalibrationRig rig = new CalibrationRig(cfg, new org.nftb.device.sim.SimulatedArray(
                    cfg.withScene(scene)), (d, a, b, i, t) -> d, Progress.NONE)) {
                stacks.add(rig.stack(400, "test"));
            }
        }
        double[] w = CalScenes.trueW(cfg);
        PilotFit.Result one = PilotFit.fit(cfg.rxArray(), cfg.wavelengthM(), stacks.subList(0, 1),
                new double[] {pilots[0], pilots[1]});
        PilotFit.Result four = PilotFit.fit(cfg.rxArray(), cfg.wavelengthM(), stacks, pilots);
        double e1 = WeightsComparison.of(one.weights().w(), w).rmsPhaseDeg();
        double e4 = WeightsComparison.of(four.weights().w(), w).rmsPhaseDeg();
        System.out.printf("wall echo 15 dB down: one pilot %.2f deg, four jointly %.2f deg; disagreement %.2f deg "
                + "against %.2f from noise%n", e1, e4, four.fitResidualRmsDeg(), four.noiseRmsDeg());
        assertTrue(e4 < 0.7 * e1, e1 + " -> " + e4);
        assertTrue(four.fitResidualRmsDeg() > 3 * four.noiseRmsDeg(), "the pilots' disagreement shows the echo");
    }
}
