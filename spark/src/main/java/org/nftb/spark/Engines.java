package org.nftb.spark;

import org.nftb.run.UsageException;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** The options that choose a {@link JobEngine} (a picocli mixin shared by {@code study} and {@code reprocess}). */
public final class Engines {
    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "inprocess",
            description = "inprocess (default: threads in this JVM) or spark")
    String engine;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (with --engine spark), e.g. "
            + "spark://127.0.0.1:7077 or local[2]")
    String master;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "in-process worker threads "
            + "(default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0", description = "Spark: pieces a study is "
            + "cut into (default: 4 per core)")
    int partitions;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "Spark setting, repeatable (e.g. "
            + "spark.cores.max=2)")
    Map<String, String> conf = new LinkedHashMap<>();

    /** The engine the options name. */
    JobEngine open() {
        switch (engine) {
            case "inprocess", "in-process" -> {
                if (master != null) {
                    throw new UsageException("--master needs --engine spark");
                }
                if (threads < 1) {
                    throw new UsageException("--threads must be >= 1, got " + threads);
                }
                return new InProcessEngine(threads);
            }
            case "spark" -> {
                if (master == null) {
                    throw new UsageException("--engine spark needs --master URL (spark://host:port or local[N])");
                }
                return new SparkEngine(master, partitions, conf);
            }
            default -> throw new UsageException("--engine must be inprocess or spark, got '" + engine + "'");
        }
    }
}
