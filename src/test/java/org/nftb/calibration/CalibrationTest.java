package org.nftb.calibration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.model.ArrayErrors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.calibration.table.CalibrationApplier;
import org.nftb.calibration.table.CalibrationException;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.calibration.table.CalibrationTables;

class CalibrationTest {

    @Test
    void aWrittenTableReadsBackIdentically(@TempDir Path dir) throws Exception {
        double[] w = ArrayErrors.draw(8, 0.1, 1, 5);
        CalibrationTable t = new CalibrationTable("ula8", 28e9, Instant.parse("2026-11-22T10:00:00Z"), "test", w, "x");
        Path f = dir.resolve("t.json");
        CalibrationTables.write(t, f);
        CalibrationTable back = CalibrationTables.load(f);
        assertArrayEquals(w, back.responseW());
        assertEquals("ula8", back.arrayId());
        assertEquals(28e9, back.centerFrequencyHz());
        assertEquals(f.toString(), back.source());
    }

    @Test
    void applyingTheTableUndoesTheArrayResponse() {
        double[] w = ArrayErrors.draw(4, Math.PI / 36, 1, 9);
        CalibrationApplier a = new CalibrationApplier(new CalibrationTable("a", 1e9, Instant.EPOCH, "t", w, "x"));
        float[] in = new float[2 * 3];
        float[] out = new float[2 * 3];
        for (int n = 0; n < 4; n++) {
            // y = w_n · (1 + 2j), k = 0..2
            for (int k = 0; k < 3; k++) {
                in[2 * k] = (float) (w[2 * n] - 2 * w[2 * n + 1]);
                in[2 * k + 1] = (float) (2 * w[2 * n] + w[2 * n + 1]);
            }
            a.apply(n, in, 0, out, 0, 3);
            for (int k = 0; k < 3; k++) {
                assertEquals(1, out[2 * k], 1e-6);
                assertEquals(2, out[2 * k + 1], 1e-6);
            }
        }
    }

    @Test
    void badTablesAreRefusedNamingFileAndField(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"format\":\"nftb-calibration/1\",\"arrayId\":\"a\",\"method\":\"m\","
                + "\"centerFrequencyHz\":1e9,\"createdUtc\":\"2026-11-22T10:00:00Z\",\"response\":[[1,0],[0,0]]}");
        CalibrationException e = assertThrows(CalibrationException.class, () -> CalibrationTables.load(f));
        assertTrue(e.getMessage().contains("bad.json: response[1]: must be finite and non-zero"), e.getMessage());
        Files.writeString(f, "{not json");
        assertTrue(assertThrows(CalibrationException.class, () -> CalibrationTables.load(f)).getMessage()
                .contains("not a readable JSON calibration table"));
        assertTrue(assertThrows(CalibrationException.class, () -> CalibrationTables.load(dir.resolve("none.json")))
                .getMessage().contains("no such calibration table"));
    }

    @Test
    void aTableForAnotherArrayOrCarrierIsRefused() {
        CalibrationTable t = CalibrationTable.identity(8, "a", 28e9);
        assertThrows(CalibrationException.class, () -> CalibrationTables.checkFits(t, 16, 28e9));
        CalibrationException e = assertThrows(CalibrationException.class, () -> CalibrationTables.checkFits(t, 8, 24e9));
        assertTrue(e.getMessage().contains("re-calibrate"));
        CalibrationTables.checkFits(t, 8, 28.1e9);
    }
}
