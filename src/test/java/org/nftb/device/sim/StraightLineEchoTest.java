package org.nftb.device.sim;

import org.junit.jupiter.api.Test;
import org.nftb.config.RunConfig;
import org.nftb.model.CpiTiming;
import org.nftb.model.ElementArray;
import org.nftb.model.TargetState;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.run.Configs;

/**
 * {@code scene.motion: linear} on the simulated array: within a CPI the target moves on its straight line, so symbol
 * m of element n carries {@code a·w_n·exp(−j 2π/λ |p + v t_m − e_n|)} (t_m from the CPI centre, where p is the
 * state) — checked against that formula written out here, for a close, fast target whose path curvature seed 001's
 * model would miss by more than 0.1 rad at the CPI's ends (also checked, so the test tells the models apart).
 */
class StraightLineEchoTest {

    @Test
    void aLinearSceneIsSynthesizedOnTheExactStraightLineWithinEachCpi() throws Exception {
        String yaml = Files.readString(Path.of("hw-config/seed001-sim.yaml"))
                .replace("motion: frozen", "motion: linear")
                .replaceAll("(?m)^    - \\{range: .*$", "    - {range: 2.9 m, angle: -20 deg, radialVelocity: 5 m/s, "
                        + "transverseVelocity: 14 m/s, processedSnrDb: 50}")
                .replace("  calibrationErrors: {phaseMax: 5 deg, amplitudeMax: 1 dB, seed: 7}\n", "");
        RunConfig cfg = Configs.parse("linear.yaml", yaml);
        int n = cfg.rxArray().count();
        int symbols = cfg.cpiSymbols();
        double[] perfect = new double[2 * n];
        for (int c = 0; c < n; c++) {
            perfect[2 * c] = 1;
        }
        SceneEcho echo = new SceneEcho(cfg, perfect, false);
        long cpi = 3;
        long centreNanos = (long) ((cpi * symbols * cfg.symbolPeriodS()) * 1e9)
                + CpiTiming.centreOffsetNanos(symbols, cfg.symbolPeriodS());
        echo.prepare(0, cpi, centreNanos, cfg.carrierFrequencyHz());
        double[] table = echo.table(0);
        TargetState p = SceneEcho.statesAt(cfg.scene(), centreNanos).get(0);
        ElementArray rx = cfg.rxArray();
        double k = 2 * Math.PI / cfg.wavelengthM();
        double amplitude = Math.hypot(table[0], table[1]);
        double worstCurvatureRad = 0;
        for (int c = 0; c < n; c++) {
            double r0 = Math.hypot(p.xM() - rx.xM(c), p.yM() - rx.yM(c));
            double rate = ((p.xM() - rx.xM(c)) * p.vxMps() + (p.yM() - rx.yM(c)) * p.vyMps()) / r0;
            for (int m = 0; m < symbols; m++) {
                double t = CpiTiming.symbolTimeS(m, symbols, cfg.symbolPeriodS());
                double r = Math.hypot(p.xM() + p.vxMps() * t - rx.xM(c), p.yM() + p.vyMps() * t - rx.yM(c));
                double want = -k * r;
                double got = Math.atan2(table[2 * (c * symbols + m) + 1], table[2 * (c * symbols + m)]);
                double err = Math.IEEEremainder(got - want, 2 * Math.PI);
                assertEquals(0, err, 1e-6, "element " + c + ", symbol " + m);
                assertEquals(amplitude, Math.hypot(table[2 * (c * symbols + m)], table[2 * (c * symbols + m) + 1]),
                        1e-9 * amplitude);
                worstCurvatureRad = Math.max(worstCurvatureRad,
                        Math.abs(Math.IEEEremainder(want + k * (r0 + rate * t), 2 * Math.PI)));
            }
        }
        assertTrue(worstCurvatureRad > 0.1, "the curvature seed 001's model leaves out: " + worstCurvatureRad
                + " rad");
    }
}
