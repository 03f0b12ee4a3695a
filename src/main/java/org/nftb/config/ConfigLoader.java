package org.nftb.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.nftb.model.ElementArray;
import org.nftb.model.PolarState;
import org.nftb.model.TargetState;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads and validates {@code hw-config/*.yaml}. Every fault is a {@link ConfigException} naming file, field and
 * reason; findings that do not stop a run (a target outside the region where the estimator is valid) are
 * returned as {@link RunConfig#warnings()}. The YAML schema is documented in README.md.
 */
public final class ConfigLoader {
    /** Classpath location of the embedded default (seed 001's scenario on the simulated array). */
    public static final String DEFAULT_RESOURCE = "/hw-config/seed001-sim.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigLoader() {
    }

    /** Loads the embedded default configuration. */
    public static RunConfig loadDefault() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new ConfigException("classpath:" + DEFAULT_RESOURCE, "", "embedded default missing from the build");
            }
            return parse("classpath:" + DEFAULT_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException("classpath:" + DEFAULT_RESOURCE, "", "cannot read: " + e.getMessage(), e);
        }
    }

    /** Loads and validates {@code file}. */
    public static RunConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), "", "no such file");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "", "cannot read: " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    /** Parses and validates YAML text; {@code source} names it in errors. */
    public static RunConfig parse(String source, String yamlText) {
        JsonNode root;
        try {
            root = YAML.readTree(yamlText);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw new ConfigException(source, "", "not valid YAML" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException(source, "", "file is empty");
        }
        ConfigNode top = new ConfigNode(source, "", root);
        top.allowOnly("name", "carrierFrequency", "symbolRate", "cpiSymbols", "arrays", "radio", "calibration",
                "estimator", "scene", "pipeline");
        List<String> warnings = new ArrayList<>();

        String name = top.optional("name").map(ConfigNode::text).orElse(source);
        double carrierHz = top.get("carrierFrequency").positiveQuantity(Quantity.FREQUENCY);
        double wavelengthM = org.nftb.model.PhysicalConstants.wavelengthM(carrierHz);
        ConfigNode symbolRateNode = top.get("symbolRate");
        double symbolRateHz = symbolRateNode.positiveQuantity(Quantity.FREQUENCY);
        ConfigNode cpiNode = top.get("cpiSymbols");
        int cpiSymbols = cpiNode.integer();
        if (cpiSymbols < 2) {
            throw cpiNode.error("must be >= 2 symbols, got " + cpiSymbols);
        }

        ConfigNode arrays = top.get("arrays").allowOnly("rx", "tx");
        ElementArray rx = readArray(arrays.get("rx"), wavelengthM);
        boolean monostatic = true;
        ElementArray tx = rx;
        if (arrays.has("tx")) {
            ConfigNode txNode = arrays.get("tx");
            if (txNode.isText()) {
                if (!txNode.text().equals("rx")) {
                    throw txNode.error("write 'rx' for a monostatic array or describe the transmit array");
                }
            } else {
                tx = readArray(txNode, wavelengthM);
                monostatic = false;
            }
        }

        RadioConfig radio = readRadio(top.get("radio"), symbolRateHz, rx.count(), carrierHz, warnings);
        String calibration = null;
        if (top.has("calibration")) {
            ConfigNode cal = top.get("calibration").allowOnly("table");
            calibration = cal.get("table").text();
        }
        DftMusicConfig estimator = readEstimator(top.get("estimator"), rx, cpiSymbols, wavelengthM);
        SceneConfig scene = null;
        if (top.has("scene")) {
            scene = readScene(top.get("scene"), rx, cpiSymbols, symbolRateHz, wavelengthM, radio, warnings,
                    estimator);
        } else if (radio.backend() == Backend.SIM) {
            throw new ConfigException(source, "scene", "missing required field 'scene': the sim backend needs targets");
        }
        PipelineConfig pipeline = readPipeline(top.optional("pipeline").orElse(null));
        return new RunConfig(source, name, carrierHz, symbolRateHz, cpiSymbols, rx, tx, monostatic, radio,
                calibration, estimator, scene, pipeline, List.copyOf(warnings));
    }

    private static ElementArray readArray(ConfigNode node, double wavelengthM) {
        node.allowOnly("ula", "elements");
        if (node.has("ula") == node.has("elements")) {
            throw node.error("give exactly one of 'ula' (count, spacing, origin, orientation) or 'elements' (positions)");
        }
        if (node.has("ula")) {
            ConfigNode u = node.get("ula").allowOnly("count", "spacingWavelengths", "spacing", "origin", "orientation");
            ConfigNode countNode = u.get("count");
            int count = countNode.integer();
            if (count < 1) {
                throw countNode.error("must be >= 1, got " + count);
            }
            double spacingM;
            if (u.has("spacingWavelengths") == u.has("spacing")) {
                throw u.error("give exactly one of 'spacingWavelengths' (e.g. 0.5) or 'spacing' (e.g. '5.35 mm')");
            }
            if (u.has("spacingWavelengths")) {
                ConfigNode s = u.get("spacingWavelengths");
                double w = s.number();
                if (!(w > 0)) {
                    throw s.error("must be > 0, got " + w);
                }
                spacingM = w * wavelengthM;
            } else {
                spacingM = u.get("spacing").positiveQuantity(Quantity.LENGTH);
            }
            double ox = 0;
            double oy = 0;
            if (u.has("origin")) {
                double[] o = point(u.get("origin"), Quantity.LENGTH);
                ox = o[0];
                oy = o[1];
            }
            double orientation = u.optional("orientation").map(n -> n.quantity(Quantity.ANGLE)).orElse(0.0);
            return ElementArray.ula(count, spacingM, ox, oy, orientation);
        }
        List<ConfigNode> items = node.get("elements").list();
        if (items.isEmpty()) {
            throw node.get("elements").error("needs at least one element position");
        }
        double[] x = new double[items.size()];
        double[] y = new double[items.size()];
        for (int i = 0; i < items.size(); i++) {
            double[] p = point(items.get(i), Quantity.LENGTH);
            x[i] = p[0];
            y[i] = p[1];
        }
        double cx = 0;
        double cy = 0;
        for (int i = 0; i < x.length; i++) {
            cx += x[i] / x.length;
            cy += y[i] / x.length;
        }
        return new ElementArray(x, y, cx, cy);
    }

    private static double[] point(ConfigNode node, Quantity q) {
        List<ConfigNode> xy = node.list();
        if (xy.size() != 2) {
            throw node.error("expected [x, y], got " + xy.size() + " values");
        }
        return new double[] {xy.get(0).quantity(q), xy.get(1).quantity(q)};
    }

    private static RadioConfig readRadio(ConfigNode node, double symbolRateHz, int rxElements, double carrierHz,
                                         List<String> warnings) {
        node.allowOnly("backend", "sampleRate", "channels", "txLimits", "uhd", "switched");
        Backend backend = node.get("backend").enumeration(Backend.class);
        if (backend == Backend.REPLAY) {
            throw node.get("backend").error("replay (SigMF captures) is not available in this build; use sim or uhd");
        }
        ConfigNode rateNode = node.get("sampleRate");
        double sampleRateHz = rateNode.positiveQuantity(Quantity.FREQUENCY);
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
        ConfigNode lim = node.get("txLimits").allowOnly("frequencyRanges", "maxGain", "maxSampleRate");
        List<double[]> ranges = new ArrayList<>();
        for (ConfigNode r : lim.get("frequencyRanges").list()) {
            double[] lohi = point(r, Quantity.FREQUENCY);
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
        TxLimits limits = new TxLimits(List.copyOf(ranges), maxGainDb, maxRate);

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
            uhd = readUhd(node.get("uhd"), rxElements, carrierHz, switched != null, warnings);
        } else if (node.has("uhd")) {
            throw node.get("uhd").error("radio.uhd is only read by backend uhd; this radio is "
                    + backend.name().toLowerCase(Locale.ROOT));
        }
        return new RadioConfig(backend, sampleRateHz, channels, limits, uhd, switched);
    }

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
        int[] order = new int[elements];
        for (int i = 0; i < elements; i++) {
            order[i] = i;
        }
        if (node.has("order")) {
            List<ConfigNode> items = node.get("order").list();
            if (items.size() != elements) {
                throw node.get("order").error("lists " + items.size() + " elements but arrays.rx has " + elements
                        + "; give every element exactly once");
            }
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
        }
        return new SwitchedArrayConfig(dwell, settling, order);
    }

    private static UhdConfig readUhd(ConfigNode node, int elements, double carrierHz, boolean switched,
                                     List<String> warnings) {
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

        ConfigNode chList = node.get("channels");
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
        java.util.Set<Integer> channelSeen = new java.util.HashSet<>();
        for (ConfigNode c : items) {
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
            rx.add(new UhdConfig.RxChannel(channel, element, antenna, gain, freq, bw, lo, export));
        }
        long exporters = rx.stream().filter(UhdConfig.RxChannel::loExport).count();
        if (exporters > 1) {
            throw chList.error("more than one channel has loExport: true; one channel exports the shared LO");
        }

        UhdConfig.Tx tx = null;
        if (node.has("tx")) {
            ConfigNode t = node.get("tx").allowOnly("channels", "antenna");
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
            tx = new UhdConfig.Tx(txChannels, t.optional("antenna").map(ConfigNode::text).orElse(null));
        }
        long lockTimeout = nanos(node, "lockTimeout", 5.0);
        long startDelay = nanos(node, "startDelay", 0.2);
        long lost = nanos(node, "deviceLostTimeout", 3.0);
        UhdConfig cfg = new UhdConfig(args, clock, time, alignment, rxSubdev, txSubdev, wire, List.copyOf(rx), tx,
                lockTimeout, startDelay, lost);
        if (cfg.motherboardsInArgs() > 1 && alignment == UhdConfig.TimeAlignment.NOW) {
            warnings.add(node.path() + ": " + cfg.motherboardsInArgs() + " devices with timeAlignment now: their "
                    + "clocks are set one after the other, so channels of different devices are not time-aligned; "
                    + "share a PPS and use timeAlignment unknown_pps");
        }
        return cfg;
    }

    private static long nanos(ConfigNode node, String key, double defaultSeconds) {
        double s = node.optional(key).map(n -> n.positiveQuantity(Quantity.DURATION)).orElse(defaultSeconds);
        return (long) (s * 1e9);
    }

    private static DftMusicConfig readEstimator(ConfigNode node, ElementArray rx, int cpiSymbols, double wavelengthM) {
        node.allowOnly("type", "angleFftSize", "dopplerFftSize", "lookup", "refinementSweeps", "cacheDirectory");
        String type = node.get("type").text();
        if (!type.equals("dftmusic")) {
            throw node.get("type").error("unknown estimator '" + type + "'; available: dftmusic");
        }
        int angleFft = powerOfTwo(node.optional("angleFftSize").orElse(null), 4 * Integer.highestOneBit(rx.count()),
                rx.count(), "element count");
        int dopplerFft = powerOfTwo(node.optional("dopplerFftSize").orElse(null),
                4 * Integer.highestOneBit(cpiSymbols), cpiSymbols, "cpiSymbols");
        requireUlaAlongX(node, rx);
        double ebrd = rx.effectiveBeamfocusingDistanceM(wavelengthM, 0);
        double nearest = Math.max(rx.apertureM() / 2, wavelengthM);
        Grid angles = new Grid(Math.toRadians(-60), Math.toRadians(60), 13);
        Grid ranges = null;
        Grid transverse = new Grid(0, 20, 9);
        if (node.has("lookup")) {
            ConfigNode lk = node.get("lookup").allowOnly("angles", "ranges", "transverseVelocities");
            if (lk.has("angles")) {
                angles = grid(lk.get("angles"), Quantity.ANGLE);
            }
            if (lk.has("ranges")) {
                ranges = grid(lk.get("ranges"), Quantity.LENGTH);
                if (ranges.min() <= 0) {
                    throw lk.get("ranges").error("min must be > 0");
                }
            }
            if (lk.has("transverseVelocities")) {
                transverse = grid(lk.get("transverseVelocities"), Quantity.VELOCITY);
                if (transverse.min() != 0) {
                    throw lk.get("transverseVelocities").error("min must be 0 m/s: the 3-dB Doppler spread is even in "
                            + "v_θ, so the table holds magnitudes (the sign comes from the AD ridge tilt and MUSIC)");
                }
            }
        }
        if (ranges == null) {
            // default grid: from half the aperture to the effective beamfocusing distance at broadside
            if (!(ebrd > 2 * nearest)) {
                throw node.error(String.format(Locale.ROOT, "arrays.rx is too small for dftmusic: its effective "
                        + "beamfocusing distance %.3f m leaves no near-field region beyond %.3f m (seed 001 needs a "
                        + "large array); give estimator.lookup.ranges {min, max, count} if you know better",
                        ebrd, nearest));
            }
            ranges = new Grid(nearest, ebrd, 32);
        }
        int sweeps = 2;
        if (node.has("refinementSweeps")) {
            ConfigNode s = node.get("refinementSweeps");
            sweeps = s.integer();
            if (sweeps < 1 || sweeps > 10) {
                throw s.error("must be 1..10, got " + sweeps);
            }
        }
        String cache = node.optional("cacheDirectory").map(ConfigNode::text)
                .orElse(System.getProperty("user.home") + "/.cache/nftb");
        return new DftMusicConfig(angleFft, dopplerFft, angles, ranges, transverse, sweeps, cache);
    }

    /** dftmusic's angle DFT needs a uniform linear array along x, elements in increasing x (seed 001). */
    private static void requireUlaAlongX(ConfigNode estimatorNode, ElementArray rx) {
        int n = rx.count();
        String where = "arrays.rx";
        if (n < 2) {
            throw new ConfigException(estimatorNode.file(), where, "dftmusic needs at least 2 receive elements");
        }
        double d = rx.xM(1) - rx.xM(0);
        for (int i = 0; i < n; i++) {
            if (Math.abs(rx.xM(i) - (rx.xM(0) + i * d)) > 1e-9 * Math.max(1, Math.abs(d) * n)
                    || Math.abs(rx.yM(i) - rx.yM(0)) > 1e-9 || !(d > 0)) {
                throw new ConfigException(estimatorNode.file(), where, "dftmusic needs a uniform linear array along "
                        + "the x-axis (orientation 0 deg, elements in increasing x); element " + i + " breaks it");
            }
        }
    }

    private static Grid grid(ConfigNode node, Quantity q) {
        node.allowOnly("min", "max", "count");
        double min = node.get("min").quantity(q);
        double max = node.get("max").quantity(q);
        ConfigNode countNode = node.get("count");
        int count = countNode.integer();
        if (count < 2 || count > 4096) {
            throw countNode.error("must be 2..4096, got " + count);
        }
        if (!(max > min)) {
            throw node.error("max must be greater than min");
        }
        return new Grid(min, max, count);
    }

    private static int powerOfTwo(ConfigNode node, int defaultValue, int atLeast, String what) {
        if (node == null) {
            return defaultValue;
        }
        int v = node.integer();
        if (v < atLeast || Integer.bitCount(v) != 1) {
            throw node.error("must be a power of two >= " + what + " (" + atLeast + "), got " + v);
        }
        return v;
    }

    private static SceneConfig readScene(ConfigNode node, ElementArray rx, int cpiSymbols, double symbolRateHz,
                                         double wavelengthM, RadioConfig radio, List<String> warnings,
                                         DftMusicConfig est) {
        node.allowOnly("seed", "motion", "realTime", "targets", "calibrationErrors", "link", "loPhaseJumps",
                "transmitPath");
        long seed = node.optional("seed").map(ConfigNode::longInteger).orElse(1L);
        SceneConfig.Motion motion = node.optional("motion").map(n -> n.enumeration(SceneConfig.Motion.class))
                .orElse(SceneConfig.Motion.FROZEN);
        boolean realTime = node.optional("realTime").map(ConfigNode::bool).orElse(true);
        double[] link = null;
        if (node.has("link")) {
            ConfigNode l = node.get("link").allowOnly("txPower", "antennaGain", "noiseFigure");
            link = new double[] {l.get("txPower").quantity(Quantity.DBM), l.get("antennaGain").quantity(Quantity.DBI),
                    l.get("noiseFigure").quantity(Quantity.DECIBEL)};
        }
        List<ConfigNode> items = node.get("targets").list();
        if (items.isEmpty()) {
            throw node.get("targets").error("needs at least one target");
        }
        // processed SNR = per-sample SNR + 10·log10(N·M·S): the assembler integrates S samples per symbol and the
        // 2D-DFT adds N·M (seed 001 §V: 39.1 dB for N = 256, M = 32, S = 1)
        int samplesPerSymbol = (int) Math.round(radio.sampleRateHz() / symbolRateHz);
        double processingGainDb = 10 * Math.log10((double) rx.count() * cpiSymbols * samplesPerSymbol);
        List<SceneConfig.Target> targets = new ArrayList<>();
        for (ConfigNode t : items) {
            t.allowOnly("range", "angle", "radialVelocity", "transverseVelocity", "position", "velocity",
                    "snrDb", "processedSnrDb", "rcs");
            TargetState state;
            if (t.has("position")) {
                if (t.has("range") || t.has("angle") || t.has("radialVelocity") || t.has("transverseVelocity")) {
                    throw t.error("give either position/velocity or range/angle/radialVelocity/transverseVelocity, not both");
                }
                double[] p = point(t.get("position"), Quantity.LENGTH);
                if (!(p[1] > rx.referenceYM())) {
                    throw t.get("position").error("the target must be in front of the array (y > "
                            + rx.referenceYM() + " m, broadside is +y)");
                }
                double[] v = t.has("velocity") ? point(t.get("velocity"), Quantity.VELOCITY) : new double[2];
                state = new TargetState(p[0], p[1], v[0], v[1]);
            } else {
                double r = t.get("range").positiveQuantity(Quantity.LENGTH);
                double th = t.get("angle").quantity(Quantity.ANGLE);
                if (Math.abs(th) >= Math.PI / 2) {
                    throw t.get("angle").error("must lie strictly between -90 deg and 90 deg (in front of the array)");
                }
                double vr = t.optional("radialVelocity").map(n -> n.quantity(Quantity.VELOCITY)).orElse(0.0);
                double vt = t.optional("transverseVelocity").map(n -> n.quantity(Quantity.VELOCITY)).orElse(0.0);
                state = TargetState.fromPolar(new PolarState(r, th, vr, vt), rx.referenceXM(), rx.referenceYM());
            }
            int given = (t.has("snrDb") ? 1 : 0) + (t.has("processedSnrDb") ? 1 : 0) + (t.has("rcs") ? 1 : 0);
            if (given != 1) {
                throw t.error("give exactly one of snrDb (per sample and element), processedSnrDb (after the "
                        + String.format(Locale.ROOT, "%.1f", processingGainDb) + " dB 2D-DFT gain) or rcs (needs scene.link)");
            }
            double snrDb;
            if (t.has("snrDb")) {
                snrDb = t.get("snrDb").number();
            } else if (t.has("processedSnrDb")) {
                snrDb = t.get("processedSnrDb").number() - processingGainDb;
            } else {
                if (link == null) {
                    throw t.get("rcs").error("an rcs target needs scene.link (txPower, antennaGain, noiseFigure)");
                }
                double rcs = t.get("rcs").positiveQuantity(Quantity.AREA);
                PolarState pol = state.toPolar(rx.referenceXM(), rx.referenceYM());
                snrDb = RadarEquation.perSampleSnrDb(link[0], link[1], link[2], rcs, wavelengthM, pol.rangeM(),
                        radio.sampleRateHz());
            }
            PolarState pol = state.toPolar(rx.referenceXM(), rx.referenceYM());
            double ebrd = rx.effectiveBeamfocusingDistanceM(wavelengthM, pol.angleRad());
            if (pol.rangeM() >= ebrd) {
                warnings.add(String.format(Locale.ROOT, "%s: target at r = %.2f m, θ = %.1f deg lies beyond the effective "
                                + "beamfocusing Rayleigh distance %.2f m (seed 001 §III-A): the angular and Doppler "
                                + "spreads vanish there and the dftmusic estimator is not valid",
                        t.path(), pol.rangeM(), Math.toDegrees(pol.angleRad()), ebrd));
            } else if (pol.angleRad() < est.lookupAngles().min() || pol.angleRad() > est.lookupAngles().max()) {
                warnings.add(String.format(Locale.ROOT, "%s: target at θ = %.1f deg lies outside the lookup angle grid "
                        + "[%.1f, %.1f] deg; coarse range and v_θ will be read at the grid's edge", t.path(),
                        Math.toDegrees(pol.angleRad()), Math.toDegrees(est.lookupAngles().min()),
                        Math.toDegrees(est.lookupAngles().max())));
            } else if (pol.rangeM() < est.lookupRanges().min() || pol.rangeM() > est.lookupRanges().max()) {
                warnings.add(String.format(Locale.ROOT, "%s: target at r = %.2f m lies outside the lookup range grid "
                        + "[%.2f, %.2f] m; coarse range estimates will clamp to the grid", t.path(), pol.rangeM(),
                        est.lookupRanges().min(), est.lookupRanges().max()));
            }
            targets.add(new SceneConfig.Target(state, snrDb));
        }
        SceneConfig.CalibrationErrors errors = null;
        if (node.has("calibrationErrors")) {
            ConfigNode e = node.get("calibrationErrors").allowOnly("phaseMax", "amplitudeMax", "seed");
            double phase = e.get("phaseMax").quantity(Quantity.ANGLE);
            double amp = e.get("amplitudeMax").quantity(Quantity.DECIBEL);
            if (phase < 0 || amp < 0) {
                throw e.error("phaseMax and amplitudeMax must be >= 0");
            }
            errors = new SceneConfig.CalibrationErrors(phase, amp, e.optional("seed").map(ConfigNode::longInteger)
                    .orElse(seed + 1));
        }
        return SceneHardwareReader.read(node, new SceneConfig(seed, motion, realTime, List.copyOf(targets), errors),
                rx.count());
    }

    private static PipelineConfig readPipeline(ConfigNode node) {
        int slots = 8;
        PipelineConfig.WaitStrategyKind wait = PipelineConfig.WaitStrategyKind.BLOCKING;
        long timeoutNanos = 1_000_000_000L;
        if (node != null) {
            node.allowOnly("ringSlots", "waitStrategy", "receiveTimeout");
            if (node.has("ringSlots")) {
                ConfigNode s = node.get("ringSlots");
                slots = s.integer();
                if (slots < 2 || Integer.bitCount(slots) != 1) {
                    throw s.error("must be a power of two >= 2, got " + slots);
                }
            }
            if (node.has("waitStrategy")) {
                wait = node.get("waitStrategy").enumeration(PipelineConfig.WaitStrategyKind.class);
            }
            if (node.has("receiveTimeout")) {
                timeoutNanos = (long) (node.get("receiveTimeout").positiveQuantity(Quantity.DURATION) * 1e9);
            }
        }
        return new PipelineConfig(slots, wait, timeoutNanos);
    }
}
