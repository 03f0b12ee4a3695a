package org.nftb.calibration;

import org.nftb.config.RunConfig;

import java.nio.file.Path;

/** Chooses the calibration table for a run: an explicit file, the hw-config's {@code calibration.table}, or identity. */
public final class CalibrationSelection {
    private CalibrationSelection() {
    }

    /**
     * @param override a table given on the command line, or null
     */
    public static CalibrationTable select(RunConfig config, Path override) {
        Path file = override != null ? override
                : config.calibrationTable() != null ? Path.of(config.calibrationTable()) : null;
        int elements = config.rxArray().count();
        if (file == null) {
            return CalibrationTable.identity(elements, config.rxArray().fingerprint(), config.carrierFrequencyHz());
        }
        CalibrationTable table = CalibrationTables.load(file);
        CalibrationTables.checkFits(table, elements, config.carrierFrequencyHz());
        return table;
    }
}
