package org.nftb.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.nftb.estimate.EstimatorConfig;
import org.nftb.estimate.EstimatorContext;
import org.nftb.estimate.EstimatorProvider;
import org.nftb.estimate.Estimators;
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

        ArrayReader.RxTx arrays = ArrayReader.read(top.get("arrays"), wavelengthM);
        ElementArray rx = arrays.rx();
        ElementArray tx = arrays.tx();
        boolean monostatic = arrays.monostatic();

        RadioConfig radio = RadioReader.read(top.get("radio"), symbolRateHz, rx.count(), carrierHz, warnings);
        String calibration = null;
        if (top.has("calibration")) {
            ConfigNode cal = top.get("calibration").allowOnly("table");
            calibration = cal.get("table").text();
        }
        EstimatorContext estimatorContext = new EstimatorContext(rx, tx, monostatic, carrierHz, symbolRateHz,
                cpiSymbols, (int) Math.round(radio.sampleRateHz() / symbolRateHz));
        EstimatorConfig estimator = readEstimator(top.get("estimator"), estimatorContext, warnings);
        SceneConfig scene = null;
        if (top.has("scene")) {
            scene = readScene(top.get("scene"), rx, cpiSymbols, symbolRateHz, wavelengthM, radio);
        } else if (radio.backend() == Backend.SIM) {
            throw new ConfigException(source, "scene", "missing required field 'scene': the sim backend needs targets");
        }
        PipelineConfig pipeline = top.optional("pipeline").map(PipelineReader::read).orElseGet(PipelineReader::defaults);
        RunConfig partial = new RunConfig(source, name, carrierHz, symbolRateHz, cpiSymbols, rx, tx, monostatic, radio,
                calibration, estimator, scene, pipeline, List.of());
        Estimators.of(estimator).check(partial, warnings);
        return new RunConfig(source, name, carrierHz, symbolRateHz, cpiSymbols, rx, tx, monostatic, radio,
                calibration, estimator, scene, pipeline, List.copyOf(warnings));
    }

    /**
     * Reads {@code estimator:}: its {@code type} picks a registered {@link EstimatorProvider}, which reads and
     * validates the rest of the section itself.
     */
    private static EstimatorConfig readEstimator(ConfigNode node, EstimatorContext context, List<String> warnings) {
        ConfigNode typeNode = node.get("type");
        String type = typeNode.text();
        EstimatorProvider provider = Estimators.find(type);
        if (provider == null) {
            throw typeNode.error("unknown estimator '" + type + "'; available: " + String.join(", ", Estimators.types()));
        }
        return provider.read(node, context, warnings);
    }

    private static SceneConfig readScene(ConfigNode node, ElementArray rx, int cpiSymbols, double symbolRateHz,
                                         double wavelengthM, RadioConfig radio) {
        node.allowOnly("seed", "motion", "realTime", "targets", "calibrationErrors", "link");
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
                double[] p = t.get("position").point(Quantity.LENGTH);
                if (!(p[1] > rx.referenceYM())) {
                    throw t.get("position").error("the target must be in front of the array (y > "
                            + rx.referenceYM() + " m, broadside is +y)");
                }
                double[] v = t.has("velocity") ? t.get("velocity").point(Quantity.VELOCITY) : new double[2];
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
        return new SceneConfig(seed, motion, realTime, List.copyOf(targets), errors);
    }
}
