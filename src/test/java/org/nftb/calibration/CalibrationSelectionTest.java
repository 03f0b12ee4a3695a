package org.nftb.calibration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.config.CalibrationConfig;
import org.nftb.config.RunConfig;
import org.nftb.model.ArrayErrors;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.calibration.table.CalibrationException;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.calibration.table.CalibrationTables;

class CalibrationSelectionTest {

    @Test
    void aTableOfAnotherArrayOrCarrierIsRefusedUnlessForcedAndAnotherElementCountAlways(@TempDir Path dir)
            throws Exception {
        RunConfig mine = new CalScenes().source(0.3, 0.5, 0).config();
        CalScenes o = new CalScenes();
        o.errors = "{phaseMax: 20 deg, amplitudeMax: 2 dB, seed: 8}";   // another simulated array
        RunConfig other = o.source(0.3, 0.5, 0).config();
        double[] w = ArrayErrors.draw(16, 0.3, 1, 3);
        Path p = dir.resolve("t.json");
        CalibrationTables.write(CalibrationFileTest.file(mine, new double[] {28e9}, w), p);

        CalibrationSelection.Selected s = CalibrationSelection.select(mine, p, false);
        assertArrayEquals(w, s.table().responseW());
        CalibrationException e = assertThrows(CalibrationException.class, () -> CalibrationSelection.select(other, p,
                false));
        assertTrue(e.getMessage().contains("hw-config hash") && e.getMessage().contains("--force-calibration"),
                e.getMessage());
        assertArrayEquals(w, CalibrationSelection.select(other, p, true).table().responseW());

        RunConfig elsewhere = mine.withCarrierFrequency(28.5e9);
        e = assertThrows(CalibrationException.class, () -> CalibrationSelection.select(elsewhere, p, false));
        assertTrue(e.getMessage().contains("measured at 28.000000 GHz, the run is at 28.500000 GHz"), e.getMessage());
        assertEquals(28.5e9, CalibrationSelection.select(elsewhere, p, true).table().centerFrequencyHz());

        Path small = dir.resolve("small.json");
        CalibrationTables.write(CalibrationTable.identity(8, mine.rxArray().fingerprint(), 28e9), small);
        e = assertThrows(CalibrationException.class, () -> CalibrationSelection.select(mine, small, true));
        assertTrue(e.getMessage().contains("has 8 elements, the array has 16"), e.getMessage());

        // the hw-config's calibration.table is used when no file is given; without either, identity
        RunConfig withTable = mine.withCalibration(new CalibrationConfig(p.toString(), null, null));
        assertArrayEquals(w, CalibrationSelection.select(withTable, null, false).table().responseW());
        assertNull(CalibrationSelection.select(mine, null, false).file());
    }
}
