package org.nftb.spark;

import org.nftb.calibration.table.CalibrationTable;
import org.nftb.calibration.table.CalibrationTables;
import org.nftb.cli.BenchSparkCommand;
import org.nftb.cli.ReprocessCommand;
import org.nftb.cli.SparkRunner;
import org.nftb.cli.StudyCommand;
import org.nftb.config.RunConfig;
import org.nftb.jobs.ReprocessJob;
import org.nftb.run.Configs;
import org.nftb.run.UsageException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The commands the controller defines and this module runs ({@code nftb study}, {@code nftb reprocess},
 * {@code nftb bench spark}); registered in {@code META-INF/services/org.nftb.cli.SparkRunner}.
 */
public final class SparkCommands implements SparkRunner {

    /** {@code nftb study SPEC}: the study on the chosen engine; trials.parquet, its CSV and PNG, spec.yaml, run.json. */
    @Override
    public int study(StudyCommand c) throws Exception {
        StudySpec s = StudySpec.load(c.spec());
        StudyJob job = new StudyJob(s);
        Path dir = c.out() != null ? c.out() : Path.of("study-out", s.name());
        try (JobEngine engine = Engines.open(c.engine())) {
            System.out.printf(Locale.ROOT, "study %s (%s): planned: %d points x %d trials%s, seed %d, on %s; progress "
                            + "with an ETA on stderr%n", s.name(), s.kind(), job.study().points(), s.trials(),
                    s.baselineTrials() > 0 ? " (" + Math.min(s.trials(), s.baselineTrials()) + " with the baselines)"
                            : "", s.seed(), engine.describe());
            StudyJob.Run run = job.run(engine);
            System.out.printf(Locale.ROOT, "trials done in %.1f s%n", run.seconds());
            boolean ok = job.write(run, engine, dir);
            System.out.println("wrote " + dir.resolve("trials.parquet") + ", the study's CSV and PNG, spec.yaml, "
                    + "run.json");
            return ok ? 0 : 1;
        }
    }

    /**
     * {@code nftb reprocess CAPTURES... --config FILE}: one Parquet row per CPI (and cpis.csv with --csv),
     * summary.csv, run.json; with the calibration embedded in the captures unless --calibration names another.
     */
    @Override
    public int reprocess(ReprocessCommand c) throws Exception {
        if (c.cpisPerTask() < 1) {
            throw new UsageException("--cpis-per-task must be >= 1, got " + c.cpisPerTask());
        }
        RunConfig cfg = Configs.load(c.config());
        CalibrationTable table = c.calibration() != null ? CalibrationTables.load(c.calibration(), "--calibration")
                : EmbeddedCalibration.of(c.captures(), cfg);
        CalibrationTables.checkFits(table, cfg.rxArray().count(), cfg.carrierFrequencyHz());
        ReprocessJob job = ReprocessJob.prepare(cfg, table);
        List<String> names = c.captures().stream().map(p -> p.toAbsolutePath().normalize().toString()).toList();
        Path out = c.out();
        try (JobEngine engine = Engines.open(c.engine())) {
            System.out.printf(Locale.ROOT, "reprocess: %d capture(s) with %s on %s; calibration %s%n", names.size(),
                    job.setup().type(), engine.describe(), job.calibrationIdentity());
            Reprocess.Report r = Reprocess.run(job, names, engine, out, c.cpisPerTask(), c.overwrite(),
                    CpiRows.WORK);
            Files.createDirectories(out);
            Files.writeString(out.resolve("config.yaml"), Files.readString(c.config(), StandardCharsets.UTF_8));
            Reprocess.writeReport(r, job, cfg.source(), engine, out);
            if (c.csv()) {
                long rows = Reprocess.writeCsv(job, out);
                System.out.printf(Locale.ROOT, "wrote %s (%d rows)%n", out.resolve("cpis.csv"), rows);
            }
            for (Reprocess.CaptureReport cr : r.captures()) {
                System.out.printf(Locale.ROOT, "%s: %d CPIs, %d rows, %d rejected%s%n", cr.capture(), cr.cpis(),
                        cr.rows(), cr.rejected(), cr.error() == null ? "" : "; FAILED: " + cr.error());
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

    @Override
    public int benchSpark(BenchSparkCommand c) throws Exception {
        return new SparkBench(c.trials(), c.snrDb(), c.repeats(), c.partitions(), c.out()).run();
    }
}
