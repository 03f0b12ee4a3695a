package org.nftb.cli;

import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options that choose where a job runs (a picocli mixin shared by {@code study} and {@code reprocess}); the
 * Spark runner checks them and opens the engine.
 */
public final class EngineOptions {
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

    public String engine() {
        return engine;
    }

    /** The Spark master URL, or null. */
    public String master() {
        return master;
    }

    public int threads() {
        return threads;
    }

    public int partitions() {
        return partitions;
    }

    public Map<String, String> conf() {
        return conf;
    }
}
