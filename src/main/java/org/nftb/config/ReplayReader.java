package org.nftb.config;

/** Reads {@code radio.replay} (docs/record-replay.md): {@code capture}, {@code pace}, {@code loop}, {@code from}, {@code to}. */
final class ReplayReader {
    private ReplayReader() {
    }

    /** Reads the {@code replay} child of {@code radio} (required for backend replay). */
    static ReplayConfig read(ConfigNode radio, String path) {
        if (!radio.has("replay")) {
            throw new ConfigException(radio.file(), path, "missing required field 'replay': backend replay needs "
                    + "at least replay.capture (the capture directory)");
        }
        ConfigNode node = radio.get("replay").allowOnly("capture", "pace", "loop", "from", "to");
        String capture = node.get("capture").text();
        ReplayConfig.Pace pace = node.optional("pace").map(n -> n.enumeration(ReplayConfig.Pace.class))
                .orElse(ReplayConfig.Pace.REALTIME);
        boolean loop = node.optional("loop").map(ConfigNode::bool).orElse(false);
        double from = node.optional("from").map(n -> n.quantity(Quantity.DURATION)).orElse(0.0);
        if (from < 0) {
            throw node.get("from").error("must be >= 0 s, got " + from + " s");
        }
        double to = node.optional("to").map(n -> n.positiveQuantity(Quantity.DURATION))
                .orElse(Double.POSITIVE_INFINITY);
        if (!(to > from)) {
            throw node.get("to").error("must be after from (" + from + " s), got " + to + " s");
        }
        return new ReplayConfig(capture, pace, loop, from, to);
    }
}
