package org.nftb.spark;

import org.nftb.calibration.table.CalibrationTable;
import org.nftb.calibration.table.CalibrationTables;
import org.nftb.run.UsageException;
import org.nftb.config.RunConfig;
import org.nftb.jobs.ReprocessJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nftb.run.Configs;

/** {@code nftb reprocess CAPTURES... --config FILE}: re-run an estimator over captures, in-process or on Spark. */
@Command(name = "reprocess", mixinStandardHelpOptions = true,
        description = "Re-run the configuration's estimator over SigMF captures (one Parquet row per CPI, and CSV "
                + "with --csv), in-process or on Spark (--engine spark --master URL; captures on a path every node "
                + "reads), with the calibration embedded in the captures unless --calibration names another.")
public final class ReprocessCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "CAPTURE", description = "capture directories, .sigmf-collection or "
            + ".sigmf-meta files")
    List<Path> captures;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "hw-config: the array the "
            + "captures were recorded with and the estimator to run")
    Path config;

    @Option(names = "--calibration", paramLabel = "FILE", description = "calibration table (default: the table "
            + "embedded in the captures, as nftb replay uses; for captures without one, the configuration's)")
    Path calibration;

    @Option(names = "--csv", description = "also write cpis.csv (every row of the Parquet parts, in capture and CPI "
            + "order) for tools that do not read Parquet")
    boolean csv;

    @Option(names = "--cpis-per-task", paramLabel = "N", defaultValue = "64", description = "CPIs per task "
            + "(default ${DEFAULT-VALUE})")
    long cpisPerTask;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "reprocess-out", description = "output directory "
            + "(default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--overwrite", description = "replace the parts of an earlier run in --out")
    boolean overwrite;

    @Mixin
    Engines engines;

    @Override
    public Integer call() throws Exception {
        if (cpisPerTask < 1) {
            throw new UsageException("--cpis-per-task must be >= 1, got " + cpisPerTask);
        }
        RunConfig cfg = Configs.load(config);
        CalibrationTable table = calibration != null ? CalibrationTables.load(calibration, "--calibration")
                : EmbeddedCalibration.of(captures, cfg);
        CalibrationTables.checkFits(table, cfg.rxArray().count(), cfg.carrierFrequencyHz());
        ReprocessJob job = ReprocessJob.prepare(cfg, table);
        List<String> names = captures.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList();
        try (JobEngine engine = engines.open()) {
            System.out.printf(Locale.ROOT, "reprocess: %d capture(s) with %s on %s; calibration %s%n", names.size(),
                    job.setup().type(), engine.describe(), job.calibrationIdentity());
            Reprocess.Report r = Reprocess.run(job, names, engine, out, cpisPerTask, overwrite, CpiRows.WORK);
            Files.createDirectories(out);
            Files.writeString(out.resolve("config.yaml"), Files.readString(config, StandardCharsets.UTF_8));
            Reprocess.writeReport(r, job, cfg.source(), engine, out);
            if (csv) {
                long rows = Reprocess.writeCsv(job, out);
                System.out.printf(Locale.ROOT, "wrote %s (%d rows)%n", out.resolve("cpis.csv"), rows);
            }
            for (Reprocess.CaptureReport c : r.captures()) {
                System.out.printf(Locale.ROOT, "%s: %d CPIs, %d rows, %d rejected%s%n", c.capture(), c.cpis(),
                        c.rows(), c.rejected(), c.error() == null ? "" : "; FAILED: " + c.error());
            }
            System.out.printf(Locale.ROOT, "done in %.1f s; wrote %s (parts), summary.csv, run.json%n", r.seconds(),
                    out.resolve("cpis"));
            if (!r.failed().isEmpty()) {
                System.err.println("nftb: " + r.failed().size() + " capture(s) failed (listed above and in "
                        + out.resolve("run.json") + "); the others completed");
                return 1;
            }
            return 0;
        }
    }
}
