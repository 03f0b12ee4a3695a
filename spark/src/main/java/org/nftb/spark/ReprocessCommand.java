package org.nftb.spark;

import org.nftb.calibration.CalibrationSelection;
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
        description = "Re-run the configuration's estimator over SigMF captures (one Parquet row per CPI), in-process "
                + "or on Spark (--engine spark --master URL; captures on a path every node reads).")
public final class ReprocessCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "CAPTURE", description = "capture directories, .sigmf-collection or "
            + ".sigmf-meta files")
    List<Path> captures;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "hw-config: the array the "
            + "captures were recorded with and the estimator to run")
    Path config;

    @Option(names = "--calibration", paramLabel = "FILE", description = "calibration table (default: the "
            + "configuration's selection)")
    Path calibration;

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
        CalibrationTable table = calibration != null ? CalibrationTables.load(calibration)
                : CalibrationSelection.select(cfg, null);
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
