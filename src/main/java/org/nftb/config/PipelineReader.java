package org.nftb.config;

/**
 * Reads the {@code pipeline:} section (docs/configuration.md, {@code pipeline}: {@code ringSlots},
 * {@code waitStrategy}, {@code receiveTimeout}; also {@code workers}, {@code ringMode}, {@code maxConsecutiveRejects}
 * and {@code transmitLead}). The section is optional;
 * every key has a default.
 */
final class PipelineReader {
    private static final int DEFAULT_RING_SLOTS = 8;
    private static final double DEFAULT_RECEIVE_TIMEOUT_S = 1.0;
    /** Transmit lead: 50 ms covers a USRP's host-to-radio latency over Ethernet or USB with margin. */
    private static final double DEFAULT_TRANSMIT_LEAD_S = 0.05;

    private PipelineReader() {
    }

    /** Rejected CPIs in a row after which a run stops: 2 s of the default stream. */
    static final int DEFAULT_MAX_CONSECUTIVE_REJECTS = 300;

    /** The settings of a configuration without a {@code pipeline:} section. */
    static PipelineConfig defaults() {
        return new PipelineConfig(DEFAULT_RING_SLOTS, PipelineConfig.WaitStrategyKind.BLOCKING,
                (long) (DEFAULT_RECEIVE_TIMEOUT_S * 1e9), PipelineConfig.defaultWorkers(), PipelineConfig.RingMode.LIVE,
                DEFAULT_MAX_CONSECUTIVE_REJECTS, (long) (DEFAULT_TRANSMIT_LEAD_S * 1e9));
    }

    /** Reads {@code node} (the {@code pipeline:} mapping); keys it does not give keep their {@link #defaults()}. */
    static PipelineConfig read(ConfigNode node) {
        node.allowOnly("ringSlots", "waitStrategy", "receiveTimeout", "workers", "ringMode", "maxConsecutiveRejects",
                "transmitLead");
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
            if (slots < 2 || slots > Limits.MAX_RING_SLOTS || Integer.bitCount(slots) != 1) {
                throw s.error("must be a power of two from 2 to " + Limits.MAX_RING_SLOTS + ", got " + slots);
            }
        }
        PipelineConfig.WaitStrategyKind wait = node.optional("waitStrategy")
                .map(n -> n.enumeration(PipelineConfig.WaitStrategyKind.class))
                .orElse(PipelineConfig.WaitStrategyKind.BLOCKING);
        long timeoutNanos = node.durationNanos("receiveTimeout", DEFAULT_RECEIVE_TIMEOUT_S);
        if (node.has("receiveTimeout")) {
            node.get("receiveTimeout").within(timeoutNanos / 1e9, 1e-3, 3600, 1, "s", "one receive call");
        }
        int rejects = DEFAULT_MAX_CONSECUTIVE_REJECTS;
        if (node.has("maxConsecutiveRejects")) {
            ConfigNode r = node.get("maxConsecutiveRejects");
            rejects = r.integer();
            if (rejects < 1) {
                throw r.error("must be >= 1 CPIs, got " + rejects);
            }
        }
        long leadNanos = node.durationNanos("transmitLead", DEFAULT_TRANSMIT_LEAD_S);
        if (node.has("transmitLead")) {
            node.get("transmitLead").within(leadNanos / 1e9, 1e-3, 10, 1, "s", "the transmit lead");
        }
        return new PipelineConfig(slots, wait, timeoutNanos, workers, mode, rejects, leadNanos);
    }
}
