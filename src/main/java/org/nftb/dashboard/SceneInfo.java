package org.nftb.dashboard;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.config.Backend;
import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.config.UhdConfig;
import org.nftb.model.ArrayErrors;
import org.nftb.model.ElementArray;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * What the page needs beyond the records, as JSON: the array geometry and timing from the {@link RunConfig} (for
 * the map and the axes), the clock settings of the radio, and the per-element amplitude and phase of a calibration
 * table (the records name a table; the page plots its weights). Built off the hot path: at start and when a new
 * table takes effect.
 */
final class SceneInfo {
    private static final JsonFactory JSON = new JsonFactory();

    private SceneInfo() {
    }

    /**
     * The static facts of a run. For the simulated array with {@code scene.calibrationErrors}, it includes the
     * array's true response W (what a perfect calibration table would hold), so the page can show how far the table
     * in force is from it.
     */
    static String scene(RunConfig cfg) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("name", cfg.name());
            g.writeStringField("config", cfg.source());
            g.writeNumberField("carrierFrequencyHz", cfg.carrierFrequencyHz());
            g.writeNumberField("wavelengthM", cfg.wavelengthM());
            g.writeNumberField("symbolRateHz", cfg.symbolRateHz());
            g.writeNumberField("cpiSymbols", cfg.cpiSymbols());
            g.writeNumberField("sampleRateHz", cfg.radio().sampleRateHz());
            g.writeStringField("backend", cfg.radio().backend().name().toLowerCase(Locale.ROOT));
            g.writeStringField("clock", clock(cfg));
            g.writeBooleanField("monostatic", cfg.monostatic());
            writeArray(g, "rx", cfg.rxArray());
            if (!cfg.monostatic()) {
                writeArray(g, "tx", cfg.txArray());
            }
            SceneConfig scene = cfg.radio().backend() == Backend.SIM ? cfg.scene() : null;
            if (scene != null) {
                g.writeStringField("motion", scene.motion().name().toLowerCase(Locale.ROOT));
            }
            if (scene != null && scene.calibrationErrors() != null) {
                SceneConfig.CalibrationErrors e = scene.calibrationErrors();
                double[] w = ArrayErrors.draw(cfg.rxArray().count(), e.phaseMaxRad(), e.amplitudeMaxDb(), e.seed());
                g.writeObjectFieldStart("simulatedW");
                writeWeights(g, w);
                g.writeEndObject();
            }
            g.writeEndObject();
        });
    }

    /** Clock and lock status as far as the configuration and the device's start-up checks establish them. */
    static String clock(RunConfig cfg) {
        UhdConfig u = cfg.radio().uhd();
        if (u == null) {
            return cfg.radio().backend() == Backend.SIM ? "simulated (one ideal clock for every channel)"
                    : cfg.radio().backend().name().toLowerCase(Locale.ROOT) + " (stream time from the recording)";
        }
        String lock = u.clockSource() == UhdConfig.ReferenceSource.INTERNAL
                ? "internal reference; lo_locked checked on every channel at start"
                : "ref_locked and lo_locked checked at start (the run does not start unlocked)";
        return "10 MHz " + u.clockSource().uhdName() + ", PPS " + u.timeSource().uhdName() + ", " + lock;
    }

    /** One calibration table: identity, the CPI it applies from, amplitude (dB) and phase (deg) per element. */
    static String calibration(long version, long fromSequence, CalibrationTable table) {
        return write(g -> {
            g.writeStartObject();
            g.writeNumberField("version", version);
            g.writeNumberField("fromSeq", fromSequence);
            g.writeStringField("table", table.describe());
            g.writeStringField("method", table.method());
            writeWeights(g, table.responseW());
            g.writeEndObject();
        });
    }

    private static void writeWeights(JsonGenerator g, double[] w) throws IOException {
        int n = w.length / 2;
        g.writeArrayFieldStart("amplitudeDb");
        for (int i = 0; i < n; i++) {
            g.writeNumber(round(10 * Math.log10(w[2 * i] * w[2 * i] + w[2 * i + 1] * w[2 * i + 1])));
        }
        g.writeEndArray();
        g.writeArrayFieldStart("phaseDeg");
        for (int i = 0; i < n; i++) {
            g.writeNumber(round(Math.toDegrees(Math.atan2(w[2 * i + 1], w[2 * i]))));
        }
        g.writeEndArray();
    }

    /** Six significant decimals are plenty for a plot and keep a 256-element table near 4 kB. */
    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static void writeArray(JsonGenerator g, String name, ElementArray a) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("referenceXM", a.referenceXM());
        g.writeNumberField("referenceYM", a.referenceYM());
        g.writeNumberField("apertureM", a.apertureM());
        g.writeArrayFieldStart("elementsM");
        for (int i = 0; i < a.count(); i++) {
            g.writeStartArray();
            g.writeNumber(a.xM(i));
            g.writeNumber(a.yM(i));
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }
}
