package org.nftb.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a {@link FaultPlan}: {@code scene.faults} of a hw-config and the SPEC of {@code nftb replay --inject SPEC}
 * (a YAML file, or the same YAML written inline) are one description, read here. Either a list of faults or a
 * mapping {@code {seed: N, faults: [...]}}; each fault a mapping:
 * <pre>
 * {kind: loss, at: 0.2 s, for: 5 ms}                          # loss | timeout | late: a gap on every channel
 * {kind: slip, at: 0.2 s, channels: [3], size: 2}             # samples late
 * {kind: phase, at: 0.2 s, channels: [0, 1], size: 90 deg}
 * {kind: gain, at: 0.2 s, channels: [5], size: -6 dB}
 * {kind: dead, at: 0.2 s, channels: [2], mode: noise, size: 0 dB}
 * {kind: clip, at: 0.2 s, channels: all, size: 0.5}           # linear amplitude per component
 * {kind: nan, at: 0.2 s, for: 1 ms, channels: [4], mode: inf}
 * {kind: clock, at: 0.2 s, for: 1 s, channels: all, size: 20}  # ppm slow
 * {kind: tone, at: 0.2 s, size: 10 dB, frequency: 1 kHz, angle: 20 deg}
 * </pre>
 * {@code for} is optional (to the end of the stream) except for gaps, NaN bursts and clock offsets. Everything is
 * checked against the array (channels that exist) and the sample rate; sizes outside what a radio can do are
 * refused naming the item and the allowed range, so is a fault that starts past the end ({@link #checkEnd}).
 */
public final class FaultsReader {
    /** Largest slip, and largest accumulated clock drift, in samples (the delay line's history). */
    public static final int MAX_DELAY_SAMPLES = 4096;
    /** Longest time a fault may start at or last, s (a lab run, not a year). */
    static final double MAX_TIME_S = 1e6;
    /** Largest SPEC file read. */
    static final int MAX_SPEC_BYTES = 1 << 20;

    private FaultsReader() {
    }

    /**
     * The plan written as SPEC: a YAML file's name, else the YAML itself.
     *
     * @throws ConfigException naming {@code --inject} (or the file) and the item
     */
    public static FaultPlan parseSpec(String spec, int channelCount, double sampleRateHz) {
        String source = "--inject";
        String text = spec;
        Path file = asFile(spec);
        if (file != null) {
            source = "--inject " + file;
            try {
                if (Files.size(file) > MAX_SPEC_BYTES) {
                    throw new ConfigException(source, "", "is larger than " + MAX_SPEC_BYTES + " bytes; a fault "
                            + "plan is a short list");
                }
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException(source, "", "cannot read: " + e.getMessage(), e);
            }
        }
        JsonNode root = ConfigLoader.readYaml(source, text);
        return read(new ConfigNode(source, root.isArray() ? "faults" : "", root), 1, channelCount, sampleRateHz);
    }

    private static Path asFile(String spec) {
        String t = spec.trim();
        if (t.isEmpty() || t.startsWith("[") || t.startsWith("{") || t.contains("\n")) {
            return null;
        }
        try {
            Path p = Path.of(t);
            return Files.isRegularFile(p) ? p : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /**
     * Reads {@code node}: a list of faults, or {@code {seed, faults}}.
     *
     * @param defaultSeed the seed when none is given
     */
    public static FaultPlan read(ConfigNode node, long defaultSeed, int channelCount, double sampleRateHz) {
        long seed = defaultSeed;
        ConfigNode list = node;
        if (!isList(node)) {
            node.allowOnly("seed", "faults");
            seed = node.optional("seed").map(ConfigNode::longInteger).orElse(defaultSeed);
            list = node.get("faults");
        }
        List<FaultPlan.Fault> faults = new ArrayList<>();
        for (ConfigNode f : list.list()) {
            faults.add(readFault(f, channelCount, sampleRateHz));
        }
        if (faults.isEmpty()) {
            throw list.error("lists no fault; give at least one, e.g. [{kind: loss, at: 0.1 s, for: 5 ms}]");
        }
        return new FaultPlan(node.file(), seed, faults);
    }

    private static boolean isList(ConfigNode node) {
        try {
            node.list();
            return true;
        } catch (ConfigException notAList) {
            return false;
        }
    }

    private static FaultPlan.Fault readFault(ConfigNode f, int channelCount, double fs) {
        String item = f.path().startsWith(".") ? f.path().substring(1) : f.path();
        FaultPlan.Kind kind = f.get("kind").enumeration(FaultPlan.Kind.class);
        switch (kind) {
            case LOSS, TIMEOUT, LATE -> f.allowOnly("kind", "at", "for");
            case NAN -> f.allowOnly("kind", "at", "for", "channels", "mode");
            case DEAD -> f.allowOnly("kind", "at", "for", "channels", "mode", "size");
            case TONE -> f.allowOnly("kind", "at", "for", "channels", "size", "frequency", "angle");
            default -> f.allowOnly("kind", "at", "for", "channels", "size");
        }
        double atS = f.get("at").quantity(Quantity.DURATION);
        f.get("at").within(atS, 0, MAX_TIME_S, 1, "s", "seconds of stream time from the first sample");
        boolean needsEnd = kind.isGap() || kind == FaultPlan.Kind.NAN || kind == FaultPlan.Kind.CLOCK;
        if (needsEnd && !f.has("for")) {
            throw f.error("a " + kind.key() + " fault needs 'for' (how long, e.g. for: 5 ms)");
        }
        double durationS = Double.POSITIVE_INFINITY;
        if (f.has("for")) {
            durationS = f.get("for").positiveQuantity(Quantity.DURATION);
            f.get("for").within(durationS, 1 / fs, MAX_TIME_S, 1, "s", "at least one sample, at most a lab run");
        }
        int[] channels = f.has("channels") ? readChannels(f.get("channels"), channelCount) : null;
        if (!f.has("channels") && needsChannels(kind)) {
            throw f.error("a " + kind.key() + " fault needs 'channels' (a list such as [0, 3], or all)");
        }
        String mode = "";
        double size = 0;
        double frequencyHz = 0;
        double angleRad = 0;
        switch (kind) {
            case LOSS, TIMEOUT, LATE -> size = durationS;
            case SLIP -> {
                ConfigNode s = f.get("size");
                size = s.integer();
                s.within(size, 1, MAX_DELAY_SAMPLES, 1, "samples", "a slip is late by 1 to " + MAX_DELAY_SAMPLES
                        + " samples; to slip the others early, slip these late");
            }
            case PHASE -> {
                ConfigNode s = f.get("size");
                size = s.quantity(Quantity.ANGLE);
                s.within(Math.abs(size), 1e-9, 2 * Math.PI, Math.PI / 180, "deg", "a nonzero jump of at most a turn");
            }
            case GAIN -> {
                ConfigNode s = f.get("size");
                size = s.quantity(Quantity.DECIBEL);
                s.within(size, -60, 40, 1, "dB", "a gain step of a receive chain");
                if (size == 0) {
                    throw s.error("a gain step of 0 dB changes nothing; give a nonzero step");
                }
            }
            case DEAD -> {
                mode = f.optional("mode").map(ConfigNode::text).orElse("zeros").toLowerCase(Locale.ROOT);
                if (!mode.equals("zeros") && !mode.equals("noise")) {
                    throw f.get("mode").error("unknown value '" + ConfigNode.clip(mode) + "'; allowed: zeros, noise");
                }
                if (f.has("size") && mode.equals("zeros")) {
                    throw f.get("size").error("a dead channel of zeros has no size; size is the noise power of "
                            + "mode: noise");
                }
                ConfigNode s = f.optional("size").orElse(null);
                size = s == null ? 0 : s.within(s.quantity(Quantity.DECIBEL), -100, 60, 1, "dB",
                        "noise power per sample relative to 1");
            }
            case CLIP -> {
                ConfigNode s = f.get("size");
                size = s.number();
                s.within(size, 1e-12, 1e30, 1, "", "the clipping level, a positive amplitude per component");
            }
            case NAN -> {
                mode = f.optional("mode").map(ConfigNode::text).orElse("nan").toLowerCase(Locale.ROOT);
                if (!mode.equals("nan") && !mode.equals("inf")) {
                    throw f.get("mode").error("unknown value '" + ConfigNode.clip(mode) + "'; allowed: nan, inf");
                }
            }
            case CLOCK -> {
                ConfigNode s = f.get("size");
                size = s.number();
                s.within(size, 1e-3, 1000, 1, "ppm", "a slow sample clock; crystals are off by a few ppm");
                double driftSamples = size * 1e-6 * durationS * fs;
                if (driftSamples > MAX_DELAY_SAMPLES) {
                    throw f.get("for").error(String.format(Locale.ROOT, "%g ppm for %g s drifts %.0f samples, more "
                            + "than the %d the injector holds; shorten 'for' or the offset", size, durationS,
                            driftSamples, MAX_DELAY_SAMPLES));
                }
            }
            case TONE -> {
                ConfigNode s = f.get("size");
                size = s.within(s.quantity(Quantity.DECIBEL), -100, 100, 1, "dB", "power per sample relative to 1");
                ConfigNode fr = f.get("frequency");
                frequencyHz = fr.quantity(Quantity.FREQUENCY);
                fr.within(frequencyHz, -fs / 2, fs / 2, 1, "Hz", "within the sampled band, ±sampleRate/2");
                angleRad = f.optional("angle").map(n -> n.quantity(Quantity.ANGLE)).orElse(0.0);
                f.optional("angle").ifPresent(n -> n.within(Math.abs(n.quantity(Quantity.ANGLE)), 0,
                        Math.toRadians(90), Math.PI / 180, "deg", "a direction in front of the array"));
            }
            default -> throw new IllegalStateException(kind.name());
        }
        return new FaultPlan.Fault(item, kind, atS, durationS, channels, size, mode, frequencyHz, angleRad);
    }

    private static boolean needsChannels(FaultPlan.Kind kind) {
        return switch (kind) {
            case SLIP, PHASE, GAIN, DEAD, CLIP, NAN -> true;
            default -> false;
        };
    }

    /** {@code all} (null: every channel) or a list of distinct channels that exist. */
    private static int[] readChannels(ConfigNode c, int channelCount) {
        if (c.isText()) {
            if (c.text().trim().equalsIgnoreCase("all")) {
                return null;
            }
            throw c.error("expected a list of channels such as [0, 3], or all; got '" + ConfigNode.clip(c.text())
                    + "'");
        }
        List<ConfigNode> items = c.list();
        if (items.isEmpty()) {
            throw c.error("lists no channel; give at least one, or all");
        }
        boolean[] seen = new boolean[channelCount];
        for (ConfigNode i : items) {
            long ch = i.longInteger();
            if (ch < 0 || ch >= channelCount) {
                throw i.error("channel " + ch + " does not exist: the array has " + channelCount + " channels, 0.."
                        + (channelCount - 1));
            }
            if (seen[(int) ch]) {
                throw i.error("channel " + ch + " is listed twice");
            }
            seen[(int) ch] = true;
        }
        int[] out = new int[items.size()];
        int k = 0;
        for (int ch = 0; ch < channelCount; ch++) {
            if (seen[ch]) {
                out[k++] = ch;
            }
        }
        return out;
    }

    /**
     * Refuses a fault that starts at or after {@code endS}, the end of the stream the plan is applied to (a capture's
     * length), naming the item.
     *
     * @param what what ends there, for the message ("the capture's 2.0 s")
     */
    public static void checkEnd(FaultPlan plan, double endS, String what) {
        for (FaultPlan.Fault f : plan.faults()) {
            if (f.atS() >= endS) {
                throw new ConfigException(plan.source(), f.item() + ".at", String.format(Locale.ROOT,
                        "starts at %.6f s, at or past the end of %s (%.6f s); give a time within it", f.atS(), what,
                        endS));
            }
        }
    }
}
