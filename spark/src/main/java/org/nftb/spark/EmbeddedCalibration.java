package org.nftb.spark;

import org.nftb.calibration.CalibrationSelection;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.config.RunConfig;
import org.nftb.device.replay.Capture;
import org.nftb.run.UsageException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The calibration {@code nftb reprocess} applies by default, as {@code nftb replay} does: the table embedded in the
 * captures (the one in force when each was recorded), said on stderr. Captures that embed different tables are
 * refused (re-process them separately, or name one with {@code --calibration}); captures recorded by other tools
 * (no table) use the configuration's selection. A capture that recorded a change of table while it ran is named:
 * replay applies each table where it took effect, re-processing applies the first to every CPI.
 */
final class EmbeddedCalibration {
    private EmbeddedCalibration() {
    }

    static CalibrationTable of(List<Path> captures, RunConfig cfg) {
        CalibrationTable chosen = null;
        Path from = null;
        int without = 0;
        for (Path p : captures) {
            Capture c = Capture.open(p);
            CalibrationTable t = c.calibration();
            if (t == null) {
                without++;
                continue;
            }
            List<CalibrationState.Change> changes = c.calibrationChanges();
            if (!changes.isEmpty()) {
                System.err.printf(Locale.ROOT, "nftb: %s recorded %d change(s) of calibration table (the first at "
                                + "stream sample %d): re-processing applies the table in force at its start to every "
                                + "CPI, where nftb replay applies each where it took effect%n", p, changes.size(),
                        changes.get(0).fromSampleIndex());
            }
            if (chosen == null) {
                chosen = t;
                from = p;
            } else if (!same(chosen, t)) {
                throw new UsageException(p + " embeds another calibration table than " + from + " (" + t.describe()
                        + " vs " + chosen.describe() + "); re-process them separately, or apply one table to all "
                        + "with --calibration FILE");
            }
        }
        if (chosen == null) {
            CalibrationTable t = CalibrationSelection.select(cfg, null);
            System.err.println("nftb: reprocess: the captures embed no calibration table; using the configuration's: "
                    + t.describe());
            return t;
        }
        if (without > 0) {
            throw new UsageException(without + " of the captures embed no calibration table while " + from + " does; "
                    + "re-process them separately, or apply one table to all with --calibration FILE");
        }
        System.err.println("nftb: reprocess: using the calibration embedded in the capture" + (captures.size() > 1
                ? "s" : "") + " (as nftb replay does; --calibration FILE applies another): " + chosen.describe());
        return chosen;
    }

    private static boolean same(CalibrationTable a, CalibrationTable b) {
        return a.arrayId().equals(b.arrayId()) && a.centerFrequencyHz() == b.centerFrequencyHz()
                && Arrays.equals(a.responseW(), b.responseW());
    }
}
