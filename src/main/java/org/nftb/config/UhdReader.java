package org.nftb.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the {@code radio.uhd:} section (docs/configuration.md, {@code radio.backend}, the fields under
 * {@code radio.uhd} of docs/uhd.md): device args, clock and time sources, time alignment, subdevice specs, wire
 * format, the channel-to-element map, the optional TX channels and the lock, start and device-lost timeouts.
 */
final class UhdReader {
    private UhdReader() {
    }

    /**
     * Reads {@code node} (the {@code radio.uhd} mapping).
     *
     * @param elements  receive elements ({@code arrays.rx} count)
     * @param carrierHz default of each channel's {@code frequency}
     * @param switched  true when one RF chain steps through the elements ({@code radio.switched} is given)
     * @param warnings  findings that do not stop a run are added here
     */
    static UhdConfig read(ConfigNode node, int elements, double carrierHz, boolean switched, List<String> warnings) {
        node.allowOnly("args", "clockSource", "timeSource", "timeAlignment", "rxSubdev", "txSubdev", "wireFormat",
                "channels", "tx", "lockTimeout", "startDelay", "deviceLostTimeout");
        String args = node.get("args").text();
        UhdConfig.ReferenceSource clock = node.optional("clockSource")
                .map(n -> n.enumeration(UhdConfig.ReferenceSource.class)).orElse(UhdConfig.ReferenceSource.INTERNAL);
        UhdConfig.ReferenceSource time = node.optional("timeSource")
                .map(n -> n.enumeration(UhdConfig.ReferenceSource.class)).orElse(UhdConfig.ReferenceSource.INTERNAL);
        UhdConfig.TimeAlignment alignment = node.optional("timeAlignment")
                .map(n -> n.enumeration(UhdConfig.TimeAlignment.class))
                .orElse(time == UhdConfig.ReferenceSource.INTERNAL ? UhdConfig.TimeAlignment.NOW
                        : UhdConfig.TimeAlignment.UNKNOWN_PPS);
        if (alignment != UhdConfig.TimeAlignment.NOW && time == UhdConfig.ReferenceSource.INTERNAL) {
            throw node.get("timeAlignment").error(alignment.name().toLowerCase(Locale.ROOT)
                    + " needs a PPS: set timeSource to external or gpsdo, or use timeAlignment now");
        }
        String rxSubdev = node.optional("rxSubdev").map(ConfigNode::text).orElse(null);
        String txSubdev = node.optional("txSubdev").map(ConfigNode::text).orElse(null);
        UhdConfig.WireFormat wire = node.optional("wireFormat").map(n -> n.enumeration(UhdConfig.WireFormat.class))
                .orElse(UhdConfig.WireFormat.SC16);
        List<UhdConfig.RxChannel> rx = readRxChannels(node.get("channels"), elements, carrierHz, switched);
        UhdConfig.Tx tx = node.has("tx") ? readTx(node.get("tx")) : null;
        long lockTimeout = node.durationNanos("lockTimeout", 5.0);
        long startDelay = node.durationNanos("startDelay", 0.2);
        long lost = node.durationNanos("deviceLostTimeout", 3.0);
        UhdConfig cfg = new UhdConfig(args, clock, time, alignment, rxSubdev, txSubdev, wire, rx, tx,
                lockTimeout, startDelay, lost);
        if (cfg.motherboardsInArgs() > 1 && alignment == UhdConfig.TimeAlignment.NOW) {
            warnings.add(node.path() + ": " + cfg.motherboardsInArgs() + " devices with timeAlignment now: their "
                    + "clocks are set one after the other, so channels of different devices are not time-aligned; "
                    + "share a PPS and use timeAlignment unknown_pps");
        }
        return cfg;
    }

    /** {@code radio.uhd.channels}: one per element, or exactly one behind a switch; at most one exports its LO. */
    private static List<UhdConfig.RxChannel> readRxChannels(ConfigNode chList, int elements, double carrierHz,
                                                            boolean switched) {
        List<ConfigNode> items = chList.list();
        int expected = switched ? 1 : elements;
        if (items.size() != expected) {
            throw chList.error(switched
                    ? "a switched array has one RF chain: list exactly one channel, got " + items.size()
                    : "lists " + items.size() + " channels but arrays.rx has " + elements
                            + " elements; map every element to one channel");
        }
        List<UhdConfig.RxChannel> rx = new ArrayList<>();
        boolean[] elementSeen = new boolean[elements];
        Set<Integer> channelSeen = new HashSet<>();
        for (ConfigNode c : items) {
            rx.add(readRxChannel(c, elements, carrierHz, switched, elementSeen, channelSeen));
        }
        long exporters = rx.stream().filter(UhdConfig.RxChannel::loExport).count();
        if (exporters > 1) {
            throw chList.error("more than one channel has loExport: true; one channel exports the shared LO");
        }
        return List.copyOf(rx);
    }

    /** One entry of {@code radio.uhd.channels}; marks its channel and element in the two {@code seen} sets. */
    private static UhdConfig.RxChannel readRxChannel(ConfigNode c, int elements, double carrierHz, boolean switched,
                                                     boolean[] elementSeen, Set<Integer> channelSeen) {
        c.allowOnly("channel", "element", "antenna", "gain", "frequency", "bandwidth", "loSource", "loExport");
        ConfigNode chn = c.get("channel");
        int channel = chn.integer();
        if (channel < 0) {
            throw chn.error("must be >= 0, got " + channel);
        }
        if (!channelSeen.add(channel)) {
            throw chn.error("channel " + channel + " is listed twice");
        }
        int element = -1;
        if (switched) {
            if (c.has("element")) {
                throw c.get("element").error("behind a switch the element order comes from radio.switched.order;"
                        + " remove 'element'");
            }
        } else {
            ConfigNode en = c.get("element");
            element = en.integer();
            if (element < 0 || element >= elements) {
                throw en.error("element index must be 0.." + (elements - 1) + ", got " + element);
            }
            if (elementSeen[element]) {
                throw en.error("element " + element + " is fed by two channels");
            }
            elementSeen[element] = true;
        }
        String antenna = c.optional("antenna").map(ConfigNode::text).orElse(null);
        double gain = c.get("gain").quantity(Quantity.DECIBEL);
        double freq = c.optional("frequency").map(n -> n.positiveQuantity(Quantity.FREQUENCY)).orElse(carrierHz);
        double bw = c.optional("bandwidth").map(n -> n.positiveQuantity(Quantity.FREQUENCY)).orElse(Double.NaN);
        UhdConfig.LoSource lo = c.optional("loSource").map(n -> n.enumeration(UhdConfig.LoSource.class))
                .orElse(null);
        boolean export = c.optional("loExport").map(ConfigNode::bool).orElse(false);
        return new UhdConfig.RxChannel(channel, element, antenna, gain, freq, bw, lo, export);
    }

    /** {@code radio.uhd.tx}: without it the radio refuses to transmit. */
    private static UhdConfig.Tx readTx(ConfigNode t) {
        t.allowOnly("channels", "antenna");
        List<Integer> txChannels = new ArrayList<>();
        for (ConfigNode c : t.get("channels").list()) {
            int v = c.integer();
            if (v < 0 || txChannels.contains(v)) {
                throw c.error("TX channel must be >= 0 and listed once, got " + v);
            }
            txChannels.add(v);
        }
        if (txChannels.isEmpty()) {
            throw t.get("channels").error("list at least one TX channel, or remove radio.uhd.tx");
        }
        return new UhdConfig.Tx(txChannels, t.optional("antenna").map(ConfigNode::text).orElse(null));
    }
}
