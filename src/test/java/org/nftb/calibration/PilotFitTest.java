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
        PilotFit.Result r = PilotFit.fit(cfg.rxArray(), cfg.wavelengthM(), List.of(stack), new double[] {0.3, 0.5}, 0);
        WeightsComparison c = WeightsComparison.of(r.weights().w(), CalScenes.trueW(cfg));
        // per element SNR after 200 CPIs x 8 symbols at 0 dB: 32 dB -> 1/sqrt(2*1600) rad = 1.01 deg
        double expected = Math.toDegrees(1 / Math.sqrt(2 * 1600.0));
        System.out.printf("single pilot: rms phase %.3f deg (stated %.3f), amplitude %.4f dB (stated %.4f)%n",
                c.rmsPhaseDeg(), r.weights().rmsPhaseStdDeg(), c.rmsAmplitudeDb(), r.weights().rmsAmplitudeStdDb());
        assertEquals(expected, r.weights().rmsPhaseStdDeg(), 0.15 * expected);
        assertTrue(c.rmsPhaseDeg() < 1.6 * expected && c.rmsPhaseDeg() > 0.5 * expected, "" + c.rmsPhaseDeg());
        assertTrue(c.rmsAmplitudeDb() < 1.6 * 8.686 / Math.sqrt(2 * 1600.0), "" + c.rmsAmplitudeDb());
    }
}
