package org.nftb.calibration;

import org.nftb.config.RunConfig;

import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/** Chooses the calibration table for a run: an explicit file, the hw-config's {@code calibration.table}, or identity. */
public final class CalibrationSelection {
    private CalibrationSelection() {
    }

    /**
     * Relative paths resolve against the working directory (run from the repository root:
     * {@code calibration/<file>.json}). A table whose {@code arrayId} is not this array's fingerprint is used with a
     * warning (ids from other tools may differ); one with another element count or carrier is refused.
     *
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
        String expected = config.rxArray().fingerprint();
        if (!table.arrayId().equals(expected)) {
            LoggerFactory.getLogger(CalibrationSelection.class).warn("{} was made for array '{}', this run's array "
                    + "is '{}' (same element count): check that it belongs to this hardware", file, table.arrayId(),
                    expected);
        }
        return table;
    }
}
