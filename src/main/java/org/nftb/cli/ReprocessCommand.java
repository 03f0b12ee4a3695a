package org.nftb.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code nftb reprocess CAPTURES... --config FILE}: re-run an estimator over captures, in-process or on Spark; runs on
 * {@link SparkRunner}.
 */
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
    EngineOptions engine = new EngineOptions();

    @Override
    public Integer call() throws Exception {
        return SparkRunner.find("nftb reprocess").reprocess(this);
    }

    public List<Path> captures() {
        return captures;
    }

    public Path config() {
        return config;
    }

    /** The calibration table file, or null for the table embedded in the captures (else the configuration's). */
    public Path calibration() {
        return calibration;
    }

    /** Whether to also write cpis.csv. */
    public boolean csv() {
        return csv;
    }

    public long cpisPerTask() {
        return cpisPerTask;
    }

    public Path out() {
        return out;
    }

    public boolean overwrite() {
        return overwrite;
    }

    public EngineOptions engine() {
        return engine;
    }
}
