package org.nftb.spark;

import org.nftb.cli.EngineOptions;
import org.nftb.run.UsageException;

/** The {@link JobEngine} the options of {@code study} and {@code reprocess} choose ({@link EngineOptions}). */
final class Engines {
    private Engines() {
    }

    /** The engine {@code options} name, checked. */
    static JobEngine open(EngineOptions options) {
        switch (options.engine()) {
            case "inprocess", "in-process" -> {
                if (options.master() != null) {
                    throw new UsageException("--master needs --engine spark");
                }
                if (options.threads() < 1) {
                    throw new UsageException("--threads must be >= 1, got " + options.threads());
                }
                return new InProcessEngine(options.threads());
            }
            case "spark" -> {
                if (options.master() == null) {
                    throw new UsageException("--engine spark needs --master URL (spark://host:port or local[N])");
                }
                return new SparkEngine(options.master(), options.partitions(), options.conf());
            }
            default -> throw new UsageException("--engine must be inprocess or spark, got '" + options.engine() + "'");
        }
    }
}
