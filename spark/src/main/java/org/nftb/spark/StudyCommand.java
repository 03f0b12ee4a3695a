package org.nftb.spark;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code nftb study SPEC}: a Monte Carlo study in this process (default) or on Spark. */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = "Run a Monte Carlo study spec (YAML/JSON) in-process or on Spark (--engine spark --master URL); "
                + "writes trials.parquet, nmse.csv, nmse.png, spec.yaml, run.json.")
public final class StudyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC", description = "study spec (see docs/studies-spark.md)")
    Path spec;

    @Mixin
    Engines engines;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default study-out/<study>)")
    Path out;

    @Override
    public Integer call() throws Exception {
        StudySpec s = StudySpec.load(spec);
        StudyJob job = new StudyJob(s);
        Path dir = out != null ? out : Path.of("study-out", s.name());
        try (JobEngine engine = engines.open()) {
            System.out.printf(Locale.ROOT, "study %s (%s): planned: %d points x %d trials%s, seed %d, on %s; progress "
                            + "with an ETA on stderr%n", s.name(), s.kind(), job.study().points(), s.trials(),
                    s.baselineTrials() > 0 ? " (" + Math.min(s.trials(), s.baselineTrials()) + " with the baselines)"
                            : "", s.seed(), engine.describe());
            StudyJob.Run run = job.run(engine);
            System.out.printf(Locale.ROOT, "trials done in %.1f s%n", run.seconds());
            boolean ok = job.write(run, engine, dir);
            System.out.println("wrote " + dir.resolve("trials.parquet") + ", the study's CSV and PNG, spec.yaml, run.json");
            return ok ? 0 : 1;
        }
    }
}
