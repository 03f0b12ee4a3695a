package org.nftb.device.uhd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.calibration.table.CalibrationFile;
import org.nftb.calibration.table.CalibrationTables;
import org.nftb.calibration.WeightsComparison;
import org.nftb.cli.Main;
import org.nftb.model.ArrayErrors;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code nftb calibrate} through the real driver: a switched-array scene with a known W and a stationary pilot is
 * written with {@code nftb synth-iq}, served by UHD's simulated E320, received through libuhd and the RF-switch
 * de-multiplexer, and the reference method recovers that W from the table it writes.
 */
class UhdCalibrateTest {

    @Test
    void nftbCalibrateRecoversTheWOfASceneFedThroughTheSimulatedE320(@TempDir Path dir) throws Exception {
        // e320-sim.yaml with W (20 deg, 2 dB, seed 7) and the target replaced by a still pilot at (0.2 m, 0.45 m)
        String text = SimConfigs.e320Text()
                .replace("    - {range: 0.5 m, angle: 20 deg, radialVelocity: 5 m/s, transverseVelocity: 3 m/s, "
                        + "processedSnrDb: 45}", "    - {position: [0.2 m, 0.45 m], velocity: [0 m/s, 0 m/s], "
                        + "processedSnrDb: 45}\n  calibrationErrors: {phaseMax: 20 deg, amplitudeMax: 2 dB, seed: 7}");
        assertTrue(text.contains("calibrationErrors"), "the scene edit applied");
        Path cfg = dir.resolve("e320-cal.yaml");
        Files.writeString(cfg, text);
        Path iq = dir.resolve("scene.sc16");
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute("synth-iq", "--config", cfg.toString(), "--cpis", "40", "--out", iq.toString()),
                err.toString());
        Path table = dir.resolve("e320.json");
        try (UhdSimulator sim = UhdSimulator.start(dir.resolve("sim"), iq, null)) {
            assertEquals(0, cl.execute("calibrate", "--config", cfg.toString(), "--method", "reference", "--source",
                    "0.2,0.45", "--cpis", "30", "--out", table.toString()), err.toString());
        }
        CalibrationFile f = CalibrationTables.read(table);
        double[] truth = ArrayErrors.draw(16, Math.toRadians(20), 2, 7);
        WeightsComparison c = WeightsComparison.of(f.tableAt(5.8e9).responseW(), truth);
        // 30 CPIs x 32 symbols at 45 - 10·log10(16·32) = 17.9 dB per sample: 0.16 deg, 0.024 dB from noise; sc16
        // quantisation adds far less
        System.out.printf("calibrate through the simulated E320: W recovered to %.3f deg / %.4f dB rms (stated %.3f "
                + "deg / %.4f dB); devices %s%n", c.rmsPhaseDeg(), c.rmsAmplitudeDb(),
                f.points().get(0).rx().rmsPhaseStdDeg(), f.points().get(0).rx().rmsAmplitudeStdDb(),
                f.identity().devices());
        assertTrue(c.rmsPhaseDeg() < 3 * f.points().get(0).rx().rmsPhaseStdDeg() && c.rmsPhaseDeg() < 0.5,
                "" + c.rmsPhaseDeg());
        assertTrue(c.rmsAmplitudeDb() < 3 * f.points().get(0).rx().rmsAmplitudeStdDb() && c.rmsAmplitudeDb() < 0.08,
                "" + c.rmsAmplitudeDb());
        assertEquals("[addr=127.0.0.1]", f.identity().devices().toString());
    }
}
