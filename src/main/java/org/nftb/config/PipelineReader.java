package org.nftb.config;

/**
 * Reads the {@code pipeline:} section (README "Configuration", row {@code pipeline}: {@code ringSlots},
 * {@code waitStrategy}, {@code receiveTimeout}; also {@code workers} and {@code ringMode}). The section is optional;
 * every key has a default.
 */
final class PipelineReader {
    private static final int DEFAULT_RING_SLOTS = 8;
    private static final double DEFAULT_RECEIVE_TIMEOUT_S = 1.0;

    private PipelineReader() {
    }

    /** The settings of a configuration without a {@code pipeline:} section. */
    static PipelineConfig defaults() {
        return new PipelineConfig(DEFAULT_RING_SLOTS, PipelineConfig.WaitStrategyKind.BLOCKING,
                (long) (DEFAULT_RECEIVE_TIMEOUT_S * 1e9), PipelineConfig.defaultWorkers(), PipelineConfig.RingMode.LIVE);
    }

    /** Reads {@code node} (the {@code pipeline:} mapping); keys it does not give keep their {@link #defaults()}. */
    static PipelineConfig read(ConfigNode node) {
        node.allowOnly("ringSlots", "waitStrategy", "receiveTimeout", "workers", "ringMode");
        int workers = PipelineConfig.defaultWorkers();
        if (node.has("workers")) {
            ConfigNode w = node.get("workers");
            workers = w.integer();
            if (workers < 1 || workers > 256) {
                throw w.error("must be 1..256 processing threads, got " + workers);
            }
        }
        PipelineConfig.RingMode mode = node.optional("ringMode")
                .map(n -> n.enumeration(PipelineConfig.RingMode.class)).orElse(PipelineConfig.RingMode.LIVE);
        int slots = DEFAULT_RING_SLOTS;
        if (node.has("ringSlots")) {
            ConfigNode s = node.get("ringSlots");
            slots = s.integer();
            if (slots < 2 || Integer.bitCount(slots) != 1) {
                throw s.error("must be a power of two >= 2, got " + slots);
            }
        }
        PipelineConfig.WaitStrategyKind wait = node.optional("waitStrategy")
                .map(n -> n.enumeration(PipelineConfig.WaitStrategyKind.class))
                .orElse(PipelineConfig.WaitStrategyKind.BLOCKING);
        long timeoutNanos = node.durationNanos("receiveTimeout", DEFAULT_RECEIVE_TIMEOUT_S);
        return new PipelineConfig(slots, wait, timeoutNanos, workers, mode);
    }
}
