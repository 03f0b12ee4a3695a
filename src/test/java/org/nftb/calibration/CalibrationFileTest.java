package org.nftb.calibration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.config.RunConfig;
import org.nftb.model.ArrayErrors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.calibration.table.ArrayIdentity;
import org.nftb.calibration.table.CalibrationApplier;
import org.nftb.calibration.table.CalibrationException;
import org.nftb.calibration.table.CalibrationFile;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.calibration.table.CalibrationTables;
import org.nftb.calibration.table.ChainWeights;

class CalibrationFileTest {

    static CalibrationFile file(RunConfig cfg, double[] f, double[]... w) {
        List<CalibrationFile.FrequencyPoint> points = new java.util.ArrayList<>();
        for (int i = 0; i < f.length; i++) {
            double[] std = new double[w[i].length / 2];
            java.util.Arrays.fill(std, 1e-3);
            points.add(new CalibrationFile.FrequencyPoint(f[i], new ChainWeights(w[i], std, std.clone()), null, null,
                    null));
        }
        return new CalibrationFile(2, cfg.rxArray().fingerprint(), ArrayIdentity.of(cfg),
                Instant.parse("2026-11-22T10:00:00Z"), "test", 1e6, points, null, Map.of("cpis", 10.0),
                List.of("a note"), "built-in");
    }

    @Test
    void aTableWrittenReadBackAndAppliedGivesBitIdenticalWeights(@TempDir Path dir) throws Exception {
        RunConfig cfg = new CalScenes().source(0.3, 0.5, 0).config();
        double[] w = ArrayErrors.draw(16, Math.PI, 3, 11);   // any double, including ones without a short decimal
        w[5] = Math.nextUp(w[5]);
        CalibrationFile f = file(cfg, new double[] {28e9}, w);
        Path p = dir.resolve("t.json");
        CalibrationTables.write(f, p);
        CalibrationFile back = CalibrationTables.read(p);
        CalibrationTable t = back.tableAt(28e9);
        assertArrayEquals(w, t.responseW());   // assertArrayEquals on double[] compares exactly
        CalibrationApplier direct = new CalibrationApplier(new CalibrationTable("a", 28e9, Instant.EPOCH, "m", w, "x"));
        CalibrationApplier read = new CalibrationApplier(t);
        for (int n = 0; n < 16; n++) {
            assertEquals(Float.floatToRawIntBits(direct.inverseRe(n)), Float.floatToRawIntBits(read.inverseRe(n)));
            assertEquals(Float.floatToRawIntBits(direct.inverseIm(n)), Float.floatToRawIntBits(read.inverseIm(n)));
        }
        assertEquals(f.identity(), back.identity());
        assertEquals("test", back.method());
        assertEquals(10.0, back.quality().get("cpis"));
        assertEquals(List.of("a note"), back.notes());
        assertEquals(1e-3, back.points().get(0).rx().phaseStdRad()[3], 1e-15);
    }

    @Test
    void versionOneFilesAreStillRead(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("old.json");
        Files.writeString(p, "{\"format\":\"nftb-calibration/1\",\"arrayId\":\"a\",\"method\":\"m\","
                + "\"centerFrequencyHz\":28e9,\"createdUtc\":\"2026-11-22T10:00:00Z\",\"response\":[[1,0],[0,1]]}");
        CalibrationFile f = CalibrationTables.read(p);
        assertEquals(1, f.formatVersion());
        assertNull(f.identity());
        assertArrayEquals(new double[] {1, 0, 0, 1}, f.tableAt(28.1e9).responseW());   // within the old 1 %
        assertThrows(CalibrationException.class, () -> f.tableAt(29e9));
    }

    @Test
    void aCorruptFileIsAnErrorNamingTheField(@TempDir Path dir) throws Exception {
        RunConfig cfg = new CalScenes().source(0.3, 0.5, 0).config();
        Path p = dir.resolve("t.json");
        CalibrationTables.write(file(cfg, new double[] {28e9}, ArrayErrors.identity(16)), p);
        String good = Files.readString(p);
        Files.writeString(p, good.replaceFirst("\"phaseStdDeg\" : \\[ [^,]*,", "\"phaseStdDeg\" : [ \"x\","));
        CalibrationException e = assertThrows(CalibrationException.class, () -> CalibrationTables.read(p));
        assertTrue(e.getMessage().contains("frequencies[0].rx.phaseStdDeg[0]"), e.getMessage());
        Files.writeString(p, good.replace("\"hwConfigHash\"", "\"hash\""));
        e = assertThrows(CalibrationException.class, () -> CalibrationTables.read(p));
        assertTrue(e.getMessage().contains("identity: hwConfigHash: missing"), e.getMessage());
        Files.writeString(p, good.substring(0, good.length() / 2));
        assertTrue(assertThrows(CalibrationException.class, () -> CalibrationTables.read(p)).getMessage()
                .contains("not a readable JSON calibration table"));
        Files.writeString(p, good.replace("nftb-calibration/2", "nftb-calibration/9"));
        assertTrue(assertThrows(CalibrationException.class, () -> CalibrationTables.read(p)).getMessage()
                .contains("format: expected 'nftb-calibration/2'"));
    }

    @Test
    void betweenTwoCarriersAmplitudeAndPhaseAreInterpolatedTheShortWayRound() {
        RunConfig cfg = new CalScenes().source(0.3, 0.5, 0).config();
        double[] a = new double[32];
        double[] b = new double[32];
        for (int n = 0; n < 16; n++) {
            // element n: 0 dB at 170 deg at 27.9 GHz, 2 dB at -170 deg at 28.1 GHz (20 deg apart across ±180)
            a[2 * n] = Math.cos(Math.toRadians(170));
            a[2 * n + 1] = Math.sin(Math.toRadians(170));
            double r = Math.pow(10, 2 / 20.0);
            b[2 * n] = r * Math.cos(Math.toRadians(-170));
            b[2 * n + 1] = r * Math.sin(Math.toRadians(-170));
        }
        CalibrationFile f = file(cfg, new double[] {28.1e9, 27.9e9}, b, a);   // given out of order
        assertArrayEquals(a, f.tableAt(27.9e9).responseW());
        assertArrayEquals(b, f.tableAt(28.1e9).responseW());
        double[] mid = f.tableAt(28.0e9).responseW();
        assertEquals(180, Math.abs(Math.toDegrees(Math.atan2(mid[1], mid[0]))), 1e-9);
        assertEquals(1, 20 * Math.log10(Math.hypot(mid[0], mid[1])), 1e-12);
        double[] quarter = f.tableAt(27.95e9).responseW();
        assertEquals(175, Math.toDegrees(Math.atan2(quarter[1], quarter[0])), 1e-9);
        assertArrayEquals(b, f.tableAt(28.1005e9).responseW());   // within the 1 MHz tolerance: the end's table
        CalibrationException e = assertThrows(CalibrationException.class, () -> f.tableAt(28.2e9));
        assertTrue(e.getMessage().contains("re-calibrate at this carrier"), e.getMessage());
    }
}
