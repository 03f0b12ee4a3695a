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
import org.nftb.model.PhysicalConstants;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and validates {@code hw-config/*.yaml}. Every fault is a {@link ConfigException} naming file, field and
 * reason; findings that do not stop a run (a target outside the region where the estimator is valid) are
 * returned as {@link RunConfig#warnings()}. The YAML schema is documented in README.md ("Configuration").
 *
 * <p>This class reads the top-level keys (rows {@code name}, {@code carrierFrequency}, {@code symbolRate},
 * {@code cpiSymbols}, {@code calibration.table}, {@code estimator.type}) and hands each section to its reader:
 * {@link ArrayReader} ({@code arrays}), {@link RadioReader} ({@code radio}, with {@link UhdReader} for
 * {@code radio.uhd}), the registered {@link EstimatorProvider} ({@code estimator}), {@link SceneReader}
 * ({@code scene}) and {@link PipelineReader} ({@code pipeline}).
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
        ConfigNode top = new ConfigNode(source, "", readYaml(source, yamlText));
        top.allowOnly("name", "carrierFrequency", "symbolRate", "cpiSymbols", "arrays", "radio", "calibration",
                "estimator", "scene", "pipeline");
        List<String> warnings = new ArrayList<>();

        String name = top.optional("name").map(ConfigNode::text).orElse(source);
        double carrierHz = top.get("carrierFrequency").positiveQuantity(Quantity.FREQUENCY);
        double wavelengthM = PhysicalConstants.wavelengthM(carrierHz);
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
        CalibrationConfig calibration = top.optional("calibration").map(CalibrationReader::read)
                .orElse(CalibrationConfig.NONE);
        EstimatorContext estimatorContext = new EstimatorContext(rx, tx, monostatic, carrierHz, symbolRateHz,
                cpiSymbols, (int) Math.round(radio.sampleRateHz() / symbolRateHz));
        EstimatorConfig estimator = readEstimator(top.get("estimator"), estimatorContext, warnings);
        SceneConfig scene = null;
        if (top.has("scene")) {
            scene = SceneReader.read(top.get("scene"), rx, cpiSymbols, symbolRateHz, wavelengthM, radio);
        } else if (radio.backend() == Backend.SIM) {
            throw new ConfigException(source, "scene", "missing required field 'scene': the sim backend needs targets");
        }
        PipelineConfig pipeline = top.optional("pipeline").map(PipelineReader::read).orElseGet(PipelineReader::defaults);
        RunConfig config = new RunConfig(source, name, carrierHz, symbolRateHz, cpiSymbols, rx, tx, monostatic, radio,
                calibration, estimator, scene, pipeline, List.of());
        Estimators.of(estimator).check(config, warnings);
        return config.withWarnings(warnings);
    }

    /** The YAML tree of {@code yamlText}; malformed YAML is refused naming line and column, an empty file too. */
    private static JsonNode readYaml(String source, String yamlText) {
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
        return root;
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
}
