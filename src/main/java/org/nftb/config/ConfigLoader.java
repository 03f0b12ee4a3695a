package org.nftb.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.nftb.model.ElementArray;
import org.nftb.model.PhysicalConstants;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads and validates {@code hw-config/*.yaml}. Every fault is a {@link ConfigException} naming file, field and
 * reason; findings that do not stop a run (a target outside the region where the estimator is valid) are
 * returned as {@link RunConfig#warnings()}. The YAML schema is documented in docs/configuration.md.
 *
 * <p>This class reads the top-level keys (rows {@code name}, {@code carrierFrequency}, {@code symbolRate},
 * {@code cpiSymbols}, {@code calibration.table}, {@code estimator.type}) and hands each section to its reader:
 * {@link ArrayReader} ({@code arrays}), {@link RadioReader} ({@code radio}, with {@link UhdReader} for
 * {@code radio.uhd}), the estimator's own {@link EstimatorSectionReader} ({@code estimator}, looked up in the
 * {@link SectionReaders} the caller passes: the run assembly passes the plug-in registry), {@link SceneReader}
 * ({@code scene}), {@link PipelineReader} ({@code pipeline}) and, last, the optional sequential stage's own
 * {@link SequentialSectionReader} ({@code sequential}).
 */
public final class ConfigLoader {
    /** Classpath location of the embedded default (seed 001's scenario on the simulated array). */
    public static final String DEFAULT_RESOURCE = "/hw-config/seed001-sim.yaml";

    /**
     * Largest configuration file read: 4 MiB holds a 100 000-element array listed element by element (a larger one is
     * a {@code ula}); the YAML parser slows down sharply on huge scalars (a 25 MB name took minutes), and /dev/zero
     * must be refused at once.
     */
    static final int MAX_FILE_BYTES = 4 << 20;
    /** Longest {@code name}, characters. */
    static final int MAX_NAME_CHARS = 200;
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .loaderOptions(yamlLimits())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private static LoaderOptions yamlLimits() {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(MAX_FILE_BYTES);
        o.setAllowDuplicateKeys(false);
        return o;
    }

    private ConfigLoader() {
    }

    /** Loads the embedded default configuration; plug-in sections are read by {@code readers}. */
    public static RunConfig loadDefault(SectionReaders readers) {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new ConfigException("classpath:" + DEFAULT_RESOURCE, "", "embedded default missing from the build");
            }
            return parse("classpath:" + DEFAULT_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8), readers);
        } catch (IOException e) {
            throw new ConfigException("classpath:" + DEFAULT_RESOURCE, "", "cannot read: " + e.getMessage(), e);
        }
    }

    /** Loads and validates {@code file} (UTF-8 text of at most {@value #MAX_FILE_BYTES} bytes). */
    public static RunConfig load(Path file, SectionReaders readers) {
        if (!Files.exists(file)) {
            throw new ConfigException(file.toString(), "", "no such file; " + existing(file));
        }
        return parse(file.toString(), TextFiles.readUtf8(file, MAX_FILE_BYTES, "a configuration",
                (what) -> new ConfigException(file.toString(), "", what)), readers);
    }

    /**
     * The configurations an operator may have meant: the {@code .yaml} files in the missing file's directory (or
     * the working directory) and in {@code hw-config/}, and the embedded default.
     */
    static String existing(Path missing) {
        Path parent = missing.toAbsolutePath().getParent();
        TreeSet<String> found = new TreeSet<>();
        for (Path dir : new Path[] {parent, Path.of("hw-config")}) {
            if (dir == null || !Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString()
                        .endsWith(".yml")).limit(50).forEach(p -> found.add(Path.of("").toAbsolutePath()
                        .relativize(p.toAbsolutePath()).toString()));
            } catch (IOException | RuntimeException e) {
                // a directory we cannot list offers nothing
            }
        }
        return (found.isEmpty() ? "no .yaml files next to it or in hw-config/" : "existing ones: "
                + String.join(", ", found)) + " (or run without --config for the embedded default; nftb config "
                + "template writes a commented one to start from)";
    }

    /**
     * Parses and validates YAML text; {@code source} names it in errors, {@code readers} read the plug-in
     * sections.
     */
    public static RunConfig parse(String source, String yamlText, SectionReaders readers) {
        ConfigNode top = new ConfigNode(source, "", readYaml(source, yamlText));
        top.allowOnly("name", "carrierFrequency", "symbolRate", "cpiSymbols", "arrays", "radio", "calibration",
                "estimator", "scene", "pipeline", "sequential");
        List<String> warnings = new ArrayList<>();

        String name = top.optional("name").map(ConfigNode::text).orElse(source);
        if (name.length() > MAX_NAME_CHARS) {
            throw top.get("name").error("at most " + MAX_NAME_CHARS + " characters, got " + name.length());
        }
        ConfigNode carrierNode = top.get("carrierFrequency");
        double carrierHz = carrierNode.within(carrierNode.positiveQuantity(Quantity.FREQUENCY), Limits.MIN_CARRIER_HZ,
                Limits.MAX_CARRIER_HZ, 1e9, "GHz", "radio carriers from 1 kHz to 1 THz");
        double wavelengthM = PhysicalConstants.wavelengthM(carrierHz);
        ConfigNode symbolRateNode = top.get("symbolRate");
        double symbolRateHz = symbolRateNode.positiveQuantity(Quantity.FREQUENCY);
        ConfigNode cpiNode = top.get("cpiSymbols");
        int cpiSymbols = cpiNode.integer();
        if (cpiSymbols < 2 || cpiSymbols > Limits.MAX_CPI_SYMBOLS) {
            throw cpiNode.error("must be 2.." + Limits.MAX_CPI_SYMBOLS + " symbols, got " + cpiSymbols);
        }
        symbolRateNode.within(cpiSymbols / symbolRateHz, 0, Limits.MAX_CPI_SECONDS, 1, "s",
                "the CPI, cpiSymbols / symbolRate, must last at most " + (int) Limits.MAX_CPI_SECONDS + " s");

        ArrayReader.RxTx arrays = ArrayReader.read(top.get("arrays"), wavelengthM);
        ElementArray rx = arrays.rx();
        ElementArray tx = arrays.tx();
        boolean monostatic = arrays.monostatic();

        RadioConfig radio = RadioReader.read(top.get("radio"), symbolRateHz, rx.count(), carrierHz, warnings);
        CalibrationConfig calibration = top.optional("calibration").map(CalibrationReader::read)
                .orElse(CalibrationConfig.NONE);
        EstimatorContext estimatorContext = new EstimatorContext(rx, tx, monostatic, carrierHz, symbolRateHz,
                cpiSymbols, (int) Math.round(radio.sampleRateHz() / symbolRateHz));
        ConfigNode estimatorNode = top.get("estimator");
        EstimatorSectionReader estimatorReader = estimatorReader(estimatorNode, readers);
        EstimatorConfig estimator = estimatorReader.read(estimatorNode, estimatorContext, warnings);
        SceneConfig scene = null;
        if (top.has("scene")) {
            scene = SceneReader.read(top.get("scene"), rx, cpiSymbols, symbolRateHz, wavelengthM, radio);
        } else if (radio.backend() == Backend.SIM) {
            throw new ConfigException(source, "scene", "missing required field 'scene': the sim backend needs targets");
        }
        PipelineConfig pipeline = top.optional("pipeline").map(PipelineReader::read).orElseGet(PipelineReader::defaults);
        RunConfig config = new RunConfig(source, name, carrierHz, symbolRateHz, cpiSymbols, rx, tx, monostatic, radio,
                calibration, estimator, scene, pipeline, null, List.of());
        estimatorReader.check(config, warnings);
        if (top.has("sequential")) {
            ConfigNode stageNode = top.get("sequential");
            config = config.withSequential(stageReader(stageNode, readers).read(stageNode, config, warnings));
        }
        MemoryCheck.check(config, estimatorReader.workingBytesPerWorker(config), top);
        return config.withWarnings(warnings);
    }

    /**
     * The YAML tree of {@code yamlText}, strictly: malformed YAML is refused naming line, column and the field being
     * read; so are a key given twice in one mapping (the second would silently win), more than one YAML document
     * (everything after the first would be ignored) and an empty file.
     */
    static JsonNode readYaml(String source, String yamlText) {
        JsonNode root;
        try (JsonParser parser = YAML.getFactory().createParser(yamlText)) {
            MappingIterator<JsonNode> documents = YAML.readValues(parser, JsonNode.class);
            root = documents.hasNextValue() ? documents.nextValue() : null;
            if (documents.hasNextValue()) {
                throw new ConfigException(source, "", "holds more than one YAML document (a line '---' starts "
                        + "another); a configuration is one document: remove everything after the first");
            }
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, fieldOf(e), "not valid YAML" + locationOf(e) + ": "
                    + ConfigNode.clip(e.getOriginalMessage().replace("Malformed numeric value",
                    "not a finite number:"), 400), e);
        } catch (IOException e) {
            throw new ConfigException(source, "", "cannot read: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException(source, "", "file is empty");
        }
        return root;
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
    }

    /** The dotted path of the field the parser was reading when it failed, or "" when it cannot tell. */
    private static String fieldOf(JsonProcessingException e) {
        if (!(e.getProcessor() instanceof JsonParser p)) {
            return "";
        }
        Deque<String> names = new ArrayDeque<>();
        for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                names.addFirst(c.getCurrentName());
            } else if (c.inArray()) {
                names.addFirst("[" + Math.max(0, c.getCurrentIndex()) + "]");
            }
        }
        return String.join(".", names).replace(".[", "[");
    }

    /** The reader {@code sequential.type} picks among the installed ones; unknown types list the installed ones. */
    private static SequentialSectionReader stageReader(ConfigNode node, SectionReaders readers) {
        ConfigNode typeNode = node.get("type");
        String type = typeNode.text();
        SequentialSectionReader reader = readers.stage(type);
        if (reader == null) {
            throw typeNode.error("unknown sequential stage '" + ConfigNode.clip(type) + "'; available: "
                    + String.join(", ", readers.stageTypes()));
        }
        return reader;
    }

    /** The reader {@code estimator.type} picks among the installed ones; unknown types list the installed ones. */
    private static EstimatorSectionReader estimatorReader(ConfigNode node, SectionReaders readers) {
        ConfigNode typeNode = node.get("type");
        String type = typeNode.text();
        EstimatorSectionReader reader = readers.estimator(type);
        if (reader == null) {
            throw typeNode.error("unknown estimator '" + ConfigNode.clip(type) + "'; available: "
                    + String.join(", ", readers.estimatorTypes()));
        }
        return reader;
    }
}
