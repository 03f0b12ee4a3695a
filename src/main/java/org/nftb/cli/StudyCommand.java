package org.nftb.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code nftb study SPEC}: a Monte Carlo study in this process (default) or on Spark; runs on {@link SparkRunner}. */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = "Run a Monte Carlo study spec (YAML/JSON) in-process or on Spark (--engine spark --master URL); "
                + "writes trials.parquet, the study's CSV and PNG, spec.yaml, run.json.")
public final class StudyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC", description = "study spec (see docs/studies-spark.md)")
    Path spec;

    @Mixin
    EngineOptions engine = new EngineOptions();

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default study-out/<study>)")
    Path out;

    @Override
    public Integer call() throws Exception {
        return SparkRunner.find("nftb study").study(this);
    }

    public Path spec() {
        return spec;
    }

    public EngineOptions engine() {
        return engine;
    }

    /** The output directory, or null for the default. */
    public Path out() {
        return out;
    }
}
