package org.nftb.calibration;

import org.junit.jupiter.api.Test;
import org.nftb.config.RunConfig;
import org.nftb.device.TxBurst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.calibration.table.CalibrationException;

class InjectedFitTest {

    @Test
    void anInjectedChirpGivesWAndTheIntegerAndFractionalDelaysOfEveryChannel() {
        CalScenes s = new CalScenes();
        s.channels = 8;
        s.source(0.3, 0.5, 0);   // not heard: an inject path has no echo
        double[] d = {0, 1.5, 2.25, 7.75, 0.4, 12.0, 3.9, 5.5};
        s.scene("transmitPath: {mode: inject, splitterGain: 0 dB, delaySamples: [0, 1.5, 2.25, 7.75, 0.4, 12.0, 3.9, 5.5]}");
        RunConfig cfg = s.config();
        int samples = 4096;
        float[][] y;
        try (CalibrationRig rig = CalibrationRig.open(cfg, Progress.NONE)) {
            TxBurst burst = new TxBurst(new float[][] {InjectedFit.chirp(samples + 64, 0.15)}, 28e9, 20, 5000, -1);
            y = rig.capture(burst, samples, "inject");
        }
        InjectedFit.Result r = InjectedFit.fit(y, 16);
        WeightsComparison c = WeightsComparison.of(r.weights().w(), CalScenes.trueW(cfg));
        System.out.printf("inject: rms phase %.4f deg (stated %.4f), amplitude %.5f dB (stated %.5f), snr %.1f dB, "
                        + "dominance %.1f dB%n", c.rmsPhaseDeg(), r.weights().rmsPhaseStdDeg(), c.rmsAmplitudeDb(),
                r.weights().rmsAmplitudeStdDb(), r.snrDb(), r.dominanceDb());
        for (int n = 0; n < d.length; n++) {
            System.out.printf("  delay %d: %.4f (true %.2f)%n", n, r.delaySamples()[n], d[n]);
            assertEquals(d[n], r.delaySamples()[n], 0.01, "channel " + n);
        }
        // 22 dB per sample over ~3900 aligned samples: 0.05 deg and 0.008 dB expected from noise alone; the
        // interpolators (the splitter's 16-tap, our 32-tap) must add nothing visible on top
        assertTrue(r.weights().rmsPhaseStdDeg() < 0.06, "" + r.weights().rmsPhaseStdDeg());
        assertTrue(c.rmsPhaseDeg() < 2 * r.weights().rmsPhaseStdDeg(), "" + c.rmsPhaseDeg());
        assertTrue(c.rmsAmplitudeDb() < 2 * r.weights().rmsAmplitudeStdDb(), "" + c.rmsAmplitudeDb());
    }

    @Test
    void withoutAReferenceOnTheChannelsTheFitSaysSoInsteadOfReturningNoise() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        float[][] y = new float[16][2 * 2048];
        for (float[] ch : y) {
            for (int i = 0; i < ch.length; i++) {
                ch[i] = (float) (Math.sqrt(0.5) * r.nextGaussian());
            }
        }
        CalibrationException e = org.junit.jupiter.api.Assertions.assertThrows(CalibrationException.class,
                () -> InjectedFit.fit(y, 16));
        assertTrue(e.getMessage().contains("no injected reference received"), e.getMessage());
    }
}
