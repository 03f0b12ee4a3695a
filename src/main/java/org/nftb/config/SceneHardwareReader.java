package org.nftb.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the parts of {@code scene} that model the radio hardware rather than the targets: {@code loPhaseJumps}
 * and {@code transmitPath} (docs/configuration.md, {@code scene}). Called by {@link ConfigLoader} for the scene node.
 */
final class SceneHardwareReader {
    /** Largest delay of the inject path, samples (a splitter network, not a delay line). */
    static final double MAX_DELAY_SAMPLES = 1 << 20;

    private SceneHardwareReader() {
    }

    /** Returns {@code scene} with the hardware settings found in {@code node}; {@code channels} receive channels. */
    static SceneConfig read(ConfigNode node, SceneConfig scene, int channels) {
        SceneConfig out = scene;
        if (node.has("loPhaseJumps")) {
            out = out.withLoPhaseJumps(node.get("loPhaseJumps").enumeration(SceneConfig.LoPhaseJumps.class));
        }
        if (node.has("transmitPath")) {
            out = out.withTransmitPath(transmitPath(node.get("transmitPath"), channels));
        }
        return out;
    }

    /**
     * {@code reflect}, {@code inject}, or a mapping {@code {mode, splitterGain, delaySamples}} (inject; delaySamples
     * is one number for every channel or a list with one per channel) or {@code {mode: reflect, twoWay: true}} (the
     * echo's round-trip delay and two-way Doppler, for wideband waveforms).
     */
    private static SceneConfig.TransmitPath transmitPath(ConfigNode node, int channels) {
        if (node.isText()) {
            SceneConfig.TransmitPath.Mode mode = node.enumeration(SceneConfig.TransmitPath.Mode.class);
            return mode == SceneConfig.TransmitPath.Mode.REFLECT ? SceneConfig.TransmitPath.reflect()
                    : SceneConfig.TransmitPath.inject(0, zeros(channels));
        }
        node.allowOnly("mode", "splitterGain", "delaySamples", "twoWay");
        SceneConfig.TransmitPath.Mode mode = node.get("mode").enumeration(SceneConfig.TransmitPath.Mode.class);
        if (mode == SceneConfig.TransmitPath.Mode.REFLECT) {
            if (node.has("splitterGain") || node.has("delaySamples")) {
                throw node.error("splitterGain and delaySamples belong to mode inject (a splitter into every "
                        + "receive chain); mode reflect has only twoWay");
            }
            boolean twoWay = node.optional("twoWay").map(ConfigNode::bool).orElse(false);
            return twoWay ? SceneConfig.TransmitPath.reflectTwoWay() : SceneConfig.TransmitPath.reflect();
        }
        if (node.has("twoWay")) {
            throw node.get("twoWay").error("belongs to mode reflect (the echo's two-way propagation); mode inject "
                    + "has its own delaySamples");
        }
        double gainDb = node.optional("splitterGain").map(n -> n.quantity(Quantity.DECIBEL)).orElse(0.0);
        List<Double> delays = node.has("delaySamples") ? delays(node.get("delaySamples"), channels) : zeros(channels);
        return SceneConfig.TransmitPath.inject(gainDb, delays);
    }

    private static List<Double> delays(ConfigNode node, int channels) {
        List<Double> out = new ArrayList<>(channels);
        if (node.isText()) {
            throw node.error("expected a delay in samples (e.g. 1.25) or a list of one per channel");
        }
        List<ConfigNode> items;
        try {
            items = node.list();
        } catch (ConfigException notAList) {   // ConfigNode tells text from the rest only: read it as one number
            double d = delay(node);
            for (int c = 0; c < channels; c++) {
                out.add(d);
            }
            return out;
        }
        if (items.size() != channels) {
            throw node.error("lists " + items.size() + " delays; give one per receive channel (" + channels
                    + ") or a single number for all");
        }
        for (ConfigNode item : items) {
            out.add(delay(item));
        }
        return out;
    }

    private static double delay(ConfigNode node) {
        double d = node.number();
        if (!(d >= 0) || d > MAX_DELAY_SAMPLES) {
            throw node.error("must lie in [0, " + (long) MAX_DELAY_SAMPLES + "] samples, got " + d);
        }
        return d;
    }

    private static List<Double> zeros(int channels) {
        List<Double> out = new ArrayList<>(channels);
        for (int c = 0; c < channels; c++) {
            out.add(0.0);
        }
        return out;
    }
}
