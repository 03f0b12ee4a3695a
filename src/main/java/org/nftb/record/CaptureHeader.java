package org.nftb.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.nftb.calibration.table.CalibrationTables;
import org.nftb.config.Backend;
import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.config.UhdConfig;
import org.nftb.model.CpiTiming;
import org.nftb.model.ElementArray;
import org.nftb.sigmf.Datatype;
import org.nftb.sigmf.NftbKeys;
import org.nftb.sigmf.SigmfFiles;
import org.nftb.sigmf.SpatialAxes;

import java.io.IOException;
import java.util.Locale;

/**
 * The metadata of a capture that does not depend on the samples: the provisional {@code .sigmf-meta} of every
 * channel and the {@code .sigmf-collection}, written before the first sample so that even a recording killed at once
 * is recognisable and repairable. {@link CaptureFinisher} completes them (hashes, sample counts, capture segments,
 * annotations) from the journal, keeping every other field.
 *
 * <p>Per channel: {@code core} fields (datatype, rate, version, recorder, hw, collection), {@code spatial:num_elements},
 * {@code spatial:channel_index} and, in a template capture segment, {@code spatial:phase_offset} (the calibration's
 * phase of the element relative to channel 0, degrees: the spatial extension's definition, "apply
 * exp(−i·radians(phase_offset)) to align"). In the collection: {@code spatial:element_geometry} (converted with
 * {@link SpatialAxes}) and the {@code nftb} namespace ({@link NftbKeys}).
 */
final class CaptureHeader {
    /** The recorder's name and version ({@code core:recorder}). */
    static final String RECORDER = "nftb 0.1.0";
    private static final ObjectMapper JSON = SigmfFiles.json();

    private CaptureHeader() {
    }

    static ObjectNode channelMeta(CaptureLayout layout, RecordingSpec spec, String device, int channel) {
        RunConfig cfg = spec.config();
        ObjectNode root = JSON.createObjectNode();
        ObjectNode global = root.putObject("global");
        global.put("core:datatype", spec.datatype().name());
        global.put("core:sample_rate", cfg.radio().sampleRateHz());
        global.put("core:version", SigmfFiles.VERSION);
        global.put("core:recorder", RECORDER);
        global.put("core:hw", device);
        global.put("core:collection", layout.base());
        global.put("core:description", String.format(Locale.ROOT, "channel %d (receive element %d) of '%s'", channel,
                channel, cfg.name()));
        extensions(global.putArray("core:extensions"));
        global.put("spatial:num_elements", cfg.rxArray().count());
        global.put("spatial:channel_index", channel);
        global.put(NftbKeys.ELEMENT, channel);
        if (!spec.datatype().equals(Datatype.CF32_LE)) {
            global.put(NftbKeys.FULL_SCALE, spec.fullScale());
        }
        global.put(NftbKeys.STATE, NftbKeys.RECORDING);
        ObjectNode template = root.putArray("captures").addObject();
        template.put("core:sample_start", 0);
        template.put("spatial:phase_offset", phaseOffsetDeg(spec.calibration().responseW(), channel));
        SceneConfig scene = cfg.scene();
        if (scene != null && scene.transmitPath() != null
                && scene.transmitPath().mode() == SceneConfig.TransmitPath.Mode.INJECT
                && cfg.radio().backend() == Backend.SIM) {
            // a known reference through a splitter into every chain: the whole recording is calibration signal
            ObjectNode cal = template.putObject("spatial:calibration");
            cal.put("caltype", "ref");
            cal.putObject("cal_geometry").put("unknown", true);
        }
        root.putArray("annotations");
        return root;
    }

    /** arg(w_c) − arg(w_0) in degrees, wrapped to (−180, 180]. */
    static double phaseOffsetDeg(double[] w, int c) {
        double d = Math.atan2(w[2 * c + 1], w[2 * c]) - Math.atan2(w[1], w[0]);
        d = Math.IEEEremainder(d, 2 * Math.PI);
        return Math.toDegrees(d <= -Math.PI ? d + 2 * Math.PI : d);
    }

    static ObjectNode collection(CaptureLayout layout, RecordingSpec spec, String device, boolean truth) {
        RunConfig cfg = spec.config();
        ObjectNode root = JSON.createObjectNode();
        ObjectNode c = root.putObject("collection");
        c.put("core:version", SigmfFiles.VERSION);
        c.put("core:description", "nftb capture of '" + cfg.name() + "': " + cfg.rxArray().count()
                + " receive channels, one Recording each");
        extensions(c.putArray("core:extensions"));
        c.putArray("core:streams");
        ElementArray rx = cfg.rxArray();
        ArrayNode geometry = c.putArray("spatial:element_geometry");
        for (int e = 0; e < rx.count(); e++) {
            ArrayNode p = geometry.addObject().putArray("point");
            for (double v : SpatialAxes.toSpatialPoint(rx.xM(e) - rx.referenceXM(), rx.yM(e) - rx.referenceYM())) {
                p.add(v);
            }
        }
        c.put(NftbKeys.FORMAT, NftbKeys.FORMAT_VALUE);
        c.put(NftbKeys.STATE, NftbKeys.RECORDING);
        c.put(NftbKeys.RECORDER, RECORDER);
        c.put(NftbKeys.DEVICE, device);
        c.put(NftbKeys.HW_CONFIG, spec.hwConfigText());
        c.put(NftbKeys.HW_CONFIG_SOURCE, spec.hwConfigSource());
        ObjectNode cal = c.putObject(NftbKeys.CALIBRATION);
        cal.put("source", spec.calibration().source());
        cal.set("table", CalibrationTables.toJson(spec.calibration()));
        c.set(NftbKeys.ESTIMATOR, estimatorSection(spec.hwConfigText()));
        c.putArray(NftbKeys.ARRAY_REFERENCE).add(rx.referenceXM()).add(rx.referenceYM());
        ArrayNode map = c.putArray(NftbKeys.ELEMENT_CHANNELS);
        for (int e = 0; e < rx.count(); e++) {
            ObjectNode m = map.addObject();
            m.put("element", e);
            m.put("channel", e);
            m.put("x_m", rx.xM(e));
            m.put("y_m", rx.yM(e));
            m.put("source", channelSource(cfg, e));
        }
        ObjectNode cpi = c.putObject(NftbKeys.CPI);
        cpi.put("symbols", cfg.cpiSymbols());
        cpi.put("samples_per_symbol", cfg.samplesPerSymbol());
        cpi.put("samples_per_cpi", cfg.samplesPerCpi());
        cpi.put("state_offset_ns", CpiTiming.centreOffsetNanos(cfg.cpiSymbols(), cfg.symbolPeriodS()));
        if (truth && cfg.scene() != null) {
            ObjectNode t = c.putObject(NftbKeys.TRUTH_MODEL);
            t.put("motion", cfg.scene().motion().name().toLowerCase(Locale.ROOT));
            t.put("targets", cfg.scene().targets().size());
        }
        return root;
    }

    private static void extensions(ArrayNode ext) {
        ext.addObject().put("name", NftbKeys.SPATIAL).put("version", NftbKeys.SPATIAL_VERSION).put("optional", true);
        ext.addObject().put("name", NftbKeys.EXTENSION).put("version", NftbKeys.EXTENSION_VERSION)
                .put("optional", true);
    }

    /** Where element {@code e}'s samples come from, for the element → channel map. */
    private static String channelSource(RunConfig cfg, int e) {
        if (cfg.radio().switched() != null) {
            return "RF chain 0 behind the switch, element " + e;
        }
        UhdConfig uhd = cfg.radio().uhd();
        if (uhd != null) {
            for (UhdConfig.RxChannel ch : uhd.rxChannels()) {
                if (ch.element() == e) {
                    return String.format(Locale.ROOT, "uhd channel %d (%s, %.1f dB)", ch.channel(),
                            ch.antenna() == null ? "default antenna" : ch.antenna(), ch.gainDb());
                }
            }
        }
        return cfg.radio().backend().name().toLowerCase(Locale.ROOT) + " channel " + e;
    }

    /** The {@code estimator:} section of the hw-config, as JSON (the settings the capture was estimated with). */
    private static JsonNode estimatorSection(String yaml) {
        try {
            JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(yaml);
            JsonNode est = tree == null ? null : tree.get("estimator");
            return est == null ? JSON.createObjectNode() : est;
        } catch (IOException e) {
            throw new IllegalArgumentException("the hw-config text to embed is not YAML: " + e.getMessage(), e);
        }
    }
}
