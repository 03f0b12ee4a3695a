package org.nftb.calibration;

import org.nftb.config.RunConfig;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nftb.calibration.table.ArrayIdentity;
import org.nftb.calibration.table.CalibrationException;
import org.nftb.calibration.table.CalibrationFile;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.calibration.table.CalibrationTables;

/** Chooses the calibration table for a run: an explicit file, the hw-config's {@code calibration.table}, or identity. */
public final class CalibrationSelection {
    private CalibrationSelection() {
    }

    /**
     * The table chosen and the file it came from.
     *
     * @param table the table in force at the start (at the run's carrier)
     * @param file  the calibration file, or null for the identity table
     */
    public record Selected(CalibrationTable table, CalibrationFile file) {
    }

    /** {@link #select(RunConfig, Path, boolean)} without forcing. */
    public static CalibrationTable select(RunConfig config, Path override) {
        return select(config, override, false).table();
    }

    /**
     * Relative paths resolve against the working directory (run from the repository root:
     * {@code calibration/<file>.json}). A corrupt file, or one with another element count, is always refused. A
     * table whose identity ({@link ArrayIdentity}; for old files their {@code arrayId}) or frequency does not match
     * the run is refused unless {@code force}, and then used with a warning naming what differs.
     *
     * @param override a table given on the command line, or null
     * @param force    use a table whose identity or frequency does not match ({@code --force-calibration})
     */
    public static Selected select(RunConfig config, Path override, boolean force) {
        Path path = override != null ? override
                : config.calibrationTable() != null ? Path.of(config.calibrationTable()) : null;
        int elements = config.rxArray().count();
        double carrier = config.carrierFrequencyHz();
        if (path == null) {
            return new Selected(CalibrationTable.identity(elements, config.rxArray().fingerprint(), carrier), null);
        }
        CalibrationFile file = CalibrationTables.read(path, override != null ? "--calibration"
                : "calibration.table in " + config.source());
        if (file.elements() != elements) {
            throw new CalibrationException(path + ": has " + file.elements() + " elements, the array has " + elements);
        }
        List<String> problems = new ArrayList<>();
        if (file.identity() != null) {
            problems.addAll(file.identity().mismatches(ArrayIdentity.of(config)));
        } else if (!file.arrayId().equals(config.rxArray().fingerprint())) {
            problems.add("arrayId '" + file.arrayId() + "' (a " + CalibrationTables.FORMAT + " table, which carries "
                    + "no hardware identity) vs this array's '" + config.rxArray().fingerprint() + "'");
        }
        boolean covers = file.covers(carrier);
        if (!covers) {
            problems.add(String.format(Locale.ROOT, "measured at %s, the run is at %.6f GHz", file.frequencies(),
                    carrier / 1e9));
        }
        if (!problems.isEmpty()) {
            String what = path + " does not match this run: " + String.join("; ", problems);
            if (!force) {
                throw new CalibrationException(what + ". Re-calibrate this array (nftb calibrate), or apply it "
                        + "anyway with --force-calibration");
            }
            LoggerFactory.getLogger(CalibrationSelection.class).warn("{} (applied anyway: --force-calibration)", what);
        }
        CalibrationTable table = covers ? file.tableAt(carrier) : new CalibrationTable(file.arrayId(), carrier,
                file.createdUtc(), file.method() + " (forced)", file.nearest(carrier).rx().w(), file.source());
        return new Selected(table, file);
    }
}
