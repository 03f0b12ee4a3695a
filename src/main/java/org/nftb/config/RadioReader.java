package org.nftb.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the {@code radio:} section (docs/configuration.md, {@code radio}: {@code radio.backend}, {@code radio.sampleRate},
 * {@code radio.channels} and {@code radio.txLimits}; {@code radio.switched} as in docs/uhd.md). {@code radio.uhd}
 * is read by {@link UhdReader}, {@code radio.replay} by {@link ReplayReader}.
 */
final class RadioReader {
    private RadioReader() {
    }

    /**
     * Reads {@code node} (the {@code radio:} mapping).
     *
     * @param symbolRateHz {@code sampleRate} must be a whole multiple of it
     * @param rxElements   receive elements ({@code arrays.rx} count): {@code channels} must equal it
     * @param carrierHz    carrier, the default frequency of each uhd channel
     * @param warnings     findings that do not stop a run are added here
     */
    static RadioConfig read(ConfigNode node, double symbolRateHz, int rxElements, double carrierHz,
                            List<String> warnings) {
        node.allowOnly("backend", "sampleRate", "channels", "txLimits", "uhd", "switched", "replay");
        Backend backend = node.get("backend").enumeration(Backend.class);
        ReplayConfig replay = null;
        if (backend == Backend.REPLAY) {
            replay = ReplayReader.read(node, node.path().isEmpty() ? "replay" : node.path() + ".replay");
        } else if (node.has("replay")) {
            throw node.get("replay").error("radio.replay is only read by backend replay; this radio is "
                    + backend.name().toLowerCase(Locale.ROOT));
        }
        ConfigNode rateNode = node.get("sampleRate");
        double sampleRateHz = rateNode.within(rateNode.positiveQuantity(Quantity.FREQUENCY), 0, Limits.MAX_SAMPLE_RATE_HZ,
                1e6, "MS/s", "per-channel rates of USRP-class radios");
        double ratio = sampleRateHz / symbolRateHz;
        if (Math.abs(ratio - Math.rint(ratio)) > 1e-9 * ratio || Math.rint(ratio) < 1) {
            throw rateNode.error("must be a whole multiple (>= 1) of symbolRate " + symbolRateHz + " Hz, got "
                    + sampleRateHz + " Hz (ratio " + ratio + ")");
        }
        ConfigNode chNode = node.get("channels");
        int channels = chNode.integer();
        if (channels != rxElements) {
            throw chNode.error("the radio has " + channels + " channels but arrays.rx has " + rxElements
                    + " elements; each receive element needs one channel");
        }
        TxLimits limits = node.has("txLimits") ? readTxLimits(node.get("txLimits")) : TxLimits.DISABLED;
        SwitchedArrayConfig switched = null;
        if (node.has("switched")) {
            if (backend != Backend.UHD) {
                throw node.get("switched").error("a switched array applies to the uhd backend (one RF chain behind "
                        + "an RF switch); remove it for backend " + backend.name().toLowerCase(Locale.ROOT));
            }
            switched = readSwitched(node.get("switched"), rxElements);
        }
        UhdConfig uhd = null;
        if (backend == Backend.UHD) {
            if (!node.has("uhd")) {
                throw new ConfigException(node.file(), node.path() + ".uhd",
                        "missing required field 'uhd': the uhd backend needs at least uhd.args and uhd.channels");
            }
            uhd = UhdReader.read(node.get("uhd"), rxElements, carrierHz, switched != null, warnings);
        } else if (node.has("uhd")) {
            throw node.get("uhd").error("radio.uhd is only read by backend uhd; this radio is "
                    + backend.name().toLowerCase(Locale.ROOT));
        }
        return new RadioConfig(backend, sampleRateHz, channels, limits, uhd, switched, replay);
    }

    /** {@code radio.txLimits}: without it the configuration is receive-only and nothing is ever transmitted. */
    private static TxLimits readTxLimits(ConfigNode lim) {
        lim.allowOnly("frequencyRanges", "maxGain", "maxSampleRate", "maxAmplitude");
        List<double[]> ranges = new ArrayList<>();
        for (ConfigNode r : lim.get("frequencyRanges").list()) {
            double[] lohi = r.point(Quantity.FREQUENCY);
            if (!(lohi[1] >= lohi[0]) || lohi[0] <= 0) {
                throw r.error("expected [low, high] with 0 < low <= high");
            }
            ranges.add(lohi);
        }
        if (ranges.isEmpty()) {
            throw lim.get("frequencyRanges").error("list at least one allowed [low, high] range");
        }
        double maxGainDb = lim.get("maxGain").quantity(Quantity.DECIBEL);
        double maxRate = lim.get("maxSampleRate").positiveQuantity(Quantity.FREQUENCY);
        double maxAmplitude = Double.POSITIVE_INFINITY;
        if (lim.has("maxAmplitude")) {
            maxAmplitude = lim.get("maxAmplitude").number();
            if (!(maxAmplitude > 0 && maxAmplitude <= 1)) {
                throw lim.get("maxAmplitude").error("a sample magnitude in (0, 1] (1 is the DAC's full scale), got "
                        + maxAmplitude);
            }
        }
        return new TxLimits(List.copyOf(ranges), maxGainDb, maxRate, maxAmplitude);
    }

    /** {@code radio.switched}: dwell and settling samples per element visit and the visiting order. */
    private static SwitchedArrayConfig readSwitched(ConfigNode node, int elements) {
        node.allowOnly("dwellSamples", "settlingSamples", "order");
        ConfigNode dwellNode = node.get("dwellSamples");
        int dwell = dwellNode.integer();
        if (dwell < 1) {
            throw dwellNode.error("must be >= 1 sample per element visit, got " + dwell);
        }
        int settling = 0;
        if (node.has("settlingSamples")) {
            ConfigNode s = node.get("settlingSamples");
            settling = s.integer();
            if (settling < 0) {
                throw s.error("must be >= 0, got " + settling);
            }
        }
        int[] order = node.has("order") ? readSwitchOrder(node.get("order"), elements) : identity(elements);
        return new SwitchedArrayConfig(dwell, settling, order);
    }

    /** {@code radio.switched.order}: a permutation of the element indices. */
    private static int[] readSwitchOrder(ConfigNode orderNode, int elements) {
        List<ConfigNode> items = orderNode.list();
        if (items.size() != elements) {
            throw orderNode.error("lists " + items.size() + " elements but arrays.rx has " + elements
                    + "; give every element exactly once");
        }
        int[] order = new int[elements];
        boolean[] seen = new boolean[elements];
        for (int i = 0; i < elements; i++) {
            int e = items.get(i).integer();
            if (e < 0 || e >= elements) {
                throw items.get(i).error("element index must be 0.." + (elements - 1) + ", got " + e);
            }
            if (seen[e]) {
                throw items.get(i).error("element " + e + " appears twice; give every element exactly once");
            }
            seen[e] = true;
            order[i] = e;
        }
        return order;
    }

    private static int[] identity(int elements) {
        int[] order = new int[elements];
        for (int i = 0; i < elements; i++) {
            order[i] = i;
        }
        return order;
    }
}
