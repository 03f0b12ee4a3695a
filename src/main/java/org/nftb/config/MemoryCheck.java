package org.nftb.config;

import java.util.Locale;

/**
 * Refuses, when a configuration is loaded, one whose buffers would not fit the JVM heap: the CPI ring
 * ({@code ringSlots + 1} frames of {@code channels × samplesPerCpi} complex floats), the receive buffer and each
 * worker's estimator working set. Without it such a configuration fails later with an OutOfMemoryError.
 */
final class MemoryCheck {
    private MemoryCheck() {
    }

    static void check(RunConfig config, long estimatorBytesPerWorker, ConfigNode top) {
        long frameBytes = 8L * config.rxArray().count() * config.samplesPerCpi();
        long ring = (config.pipeline().ringSlots() + 2L) * frameBytes;   // slots, the drop frame, the receive buffer
        long estimators = (long) config.pipeline().workers() * estimatorBytesPerWorker;
        long need = ring + estimators;
        long heap = Runtime.getRuntime().maxMemory();
        if (2L * config.rxArray().count() * config.samplesPerCpi() > Integer.MAX_VALUE - 8) {
            throw new ConfigException(top.file(), "cpiSymbols", String.format(Locale.ROOT, "one CPI of %d channels x "
                    + "%d samples does not fit one Java array; use fewer symbols per CPI or a lower radio.sampleRate",
                    config.rxArray().count(), config.samplesPerCpi()));
        }
        if (need > Limits.HEAP_FRACTION * heap) {
            String biggest = ring >= estimators
                    ? String.format(Locale.ROOT, "the CPI ring (pipeline.ringSlots %d x %.1f MiB per CPI of %d channels "
                            + "x %d samples) takes %.0f MiB", config.pipeline().ringSlots(), frameBytes / 1048576.0,
                    config.rxArray().count(), config.samplesPerCpi(), ring / 1048576.0)
                    : String.format(Locale.ROOT, "the estimator's working memory (%.0f MiB per worker x %d "
                            + "pipeline.workers) takes %.0f MiB", estimatorBytesPerWorker / 1048576.0,
                    config.pipeline().workers(), estimators / 1048576.0);
            throw new ConfigException(top.file(), ring >= estimators ? "pipeline.ringSlots" : "estimator",
                    String.format(Locale.ROOT, "needs about %.0f MiB but the JVM heap is %.0f MiB: %s; reduce it or "
                            + "give the JVM more heap (NFTB_JAVA_OPTS=-Xmx…)", need / 1048576.0, heap / 1048576.0,
                            biggest));
        }
    }
}
