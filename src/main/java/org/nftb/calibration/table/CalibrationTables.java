package org.nftb.calibration.table;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nftb.config.ConfigNode;
import org.nftb.config.TextFiles;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes calibration files ({@code calibration/*.json}, documented in {@code calibration/README.md}):
 * format {@value #FORMAT_2} (written by {@code nftb calibrate}) and the older {@value #FORMAT} (still read, and
 * written for tools that make tables elsewhere). Doubles are written in their shortest exact form, so a table
 * written and read back gives bit-identical weights. A corrupt file is an error naming the file and the field,
 * never a silent identity.
 */
public final class CalibrationTables {
    public static final String FORMAT = "nftb-calibration/1";
    public static final String FORMAT_2 = "nftb-calibration/2";
    /** The reference convention, as the file states it. */
    public static final String REFERENCE = "element 0: arg w_0 = 0; mean of 20*log10|w_n| over the elements = 0 dB";
    /** Strict: a key given twice or anything after the table's closing brace is refused, not silently dropped. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** Largest calibration file read (a 2^20-element table at several carriers fits; /dev/zero does not). */
    static final int MAX_FILE_BYTES = 64 << 20;
    /**
     * Largest spread of |w_n| around their median, dB: an element 60 dB off the others is a broken chain, and
     * dividing by it would multiply that element's noise by 10^3 (a 2e-9 element turned estimates to garbage).
     */
    static final double MAX_DYNAMIC_RANGE_DB = 60;

    private CalibrationTables() {
    }

    /** Reads a calibration file of either format (a missing one is blamed on no particular setting). */
    public static CalibrationFile read(Path file) {
        return read(file, null);
    }

    /**
     * Reads a calibration file of either format.
     *
     * @param namedBy where the file was named, for the message when it does not exist (e.g. {@code --calibration},
     *                {@code calibration.table in the hw-config}), or null
     */
    public static CalibrationFile read(Path file, String namedBy) {
        JsonNode root;
        try {
            root = JSON.readTree(TextFiles.readUtf8(file, MAX_FILE_BYTES, "a calibration table",
                    reason -> new CalibrationException(file + ": " + (reason.equals("no such file")
                            ? "no such calibration table" + (namedBy == null ? "" : " (named by " + namedBy + ")")
                            : reason))));
        } catch (IOException e) {
            throw new CalibrationException(file + ": not a readable JSON calibration table: "
                    + ConfigNode.clip(e.getMessage(), 400));
        }
        return parse(root, file.toString());
    }

    /**
     * A calibration file of either format from its JSON form, e.g. one embedded in a capture; {@code src} names
     * where it was read in every error (and becomes the table's source).
     */
    public static CalibrationFile parse(JsonNode root, String src) {
        if (root == null || !root.isObject()) {
            throw new CalibrationException(src + ": not a JSON object; expected a calibration table");
        }
        String format = text(root, "format", src);
        if (FORMAT.equals(format)) {
            return CalibrationFile.ofVersion1(new CalibrationTable(text(root, "arrayId", src),
                    number(root, "centerFrequencyHz", src), instant(root, src), text(root, "method", src),
                    response(root.get("response"), -1, src + ": response"), src));
        }
        if (!FORMAT_2.equals(format)) {
            throw new CalibrationException(src + ": format: expected '" + FORMAT_2 + "' (or the older '" + FORMAT
                    + "'), got '" + format + "'");
        }
        JsonNode id = field(root, "identity", src);
        ArrayIdentity identity = new ArrayIdentity(text(id, "hwConfigHash", src + ": identity"),
                strings(field(id, "devices", src + ": identity"), src + ": identity.devices"),
                integers(field(id, "channelMap", src + ": identity"), src + ": identity.channelMap"));
        JsonNode freqs = root.get("frequencies");
        if (freqs == null || !freqs.isArray() || freqs.isEmpty()) {
            throw new CalibrationException(src + ": frequencies: expected a non-empty list of measured frequencies");
        }
        List<CalibrationFile.FrequencyPoint> points = new ArrayList<>();
        int elements = -1;
        for (int i = 0; i < freqs.size(); i++) {
            String at = src + ": frequencies[" + i + "]";
            JsonNode p = freqs.get(i);
            ChainWeights rx = weights(field(p, "rx", at), elements, at + ".rx");
            elements = rx.chains();
            ChainWeights tx = p.has("tx") ? weights(p.get("tx"), -1, at + ".tx") : null;
            double[] delays = p.has("delaySamples") ? numbers(p.get("delaySamples"), elements, at + ".delaySamples")
                    : null;
            ChainWeights injected = p.has("injected") ? weights(p.get("injected"), elements, at + ".injected") : null;
            points.add(new CalibrationFile.FrequencyPoint(number(p, "frequencyHz", at), rx, tx, delays, injected));
        }
        double[] positions = null;
        if (root.has("positionsM")) {
            positions = response(root.get("positionsM"), elements, src + ": positionsM", false);
        }
        Map<String, Double> quality = new LinkedHashMap<>();
        if (root.has("quality")) {
            root.get("quality").fields().forEachRemaining(e -> quality.put(e.getKey(),
                    e.getValue().isNumber() ? e.getValue().asDouble() : Double.NaN));
        }
        List<String> notes = root.has("notes") ? strings(root.get("notes"), src + ": notes") : List.of();
        return new CalibrationFile(2, text(root, "arrayId", src), identity, instant(root, src),
                text(root, "method", src), number(root, "frequencyToleranceHz", src), points, positions, quality,
                notes, src);
    }

    /**
     * Reads a file holding one frequency and returns its table.
     *
     * @throws CalibrationException when the file holds several frequencies (use {@link #read} and
     *                              {@link CalibrationFile#tableAt})
     */
    public static CalibrationTable load(Path file) {
        return load(file, null);
    }

    /** {@link #load(Path)}, naming where the file was given ({@link #read(Path, String)}). */
    public static CalibrationTable load(Path file, String namedBy) {
        CalibrationFile f = read(file, namedBy);
        if (f.points().size() != 1) {
            throw new CalibrationException(file + ": holds tables at " + f.frequencies() + "; name the carrier");
        }
        return f.tableAt(f.minFrequencyHz());
    }

    /**
     * The one table of a JSON calibration (as embedded in a capture): a file of one frequency, at that frequency.
     *
     * @throws CalibrationException naming {@code src} when it is malformed or holds several frequencies
     */
    public static CalibrationTable fromJson(JsonNode root, String src) {
        CalibrationFile f = parse(root, src);
        if (f.points().size() != 1) {
            throw new CalibrationException(src + ": holds tables at " + f.frequencies() + "; name the carrier");
        }
        return f.tableAt(f.minFrequencyHz());
    }

    /** The JSON form ({@value #FORMAT}) of one table, as captures embed it and {@link #fromJson} reads it back. */
    public static ObjectNode toJson(CalibrationTable table) {
        return CalibrationTableWriter.toJson(table);
    }

    /** Writes {@code file} in format {@value #FORMAT_2}. */
    public static void write(CalibrationFile file, Path path) throws IOException {
        CalibrationTableWriter.write(file, path);
    }

    /** Writes {@code table} in the older format {@value #FORMAT} (one frequency, no identity or uncertainty). */
    public static void write(CalibrationTable table, Path file) throws IOException {
        CalibrationTableWriter.write(table, file);
    }

    /**
     * Checks that {@code table} fits an array of {@code elements} elements at {@code carrierHz}; a carrier
     * mismatch beyond 1 % is refused because phase errors scale with frequency (the rule of version-1 files).
     */
    public static void checkFits(CalibrationTable table, int elements, double carrierHz) {
        if (table.elements() != elements) {
            throw new CalibrationException(table.source() + ": has " + table.elements() + " elements, the array has "
                    + elements);
        }
        if (Math.abs(table.centerFrequencyHz() - carrierHz) > 0.01 * carrierHz) {
            throw new CalibrationException(table.source() + ": measured at " + table.centerFrequencyHz() / 1e9
                    + " GHz, the run is at " + carrierHz / 1e9 + " GHz; re-calibrate at this carrier");
        }
    }

    private static ChainWeights weights(JsonNode o, int elements, String at) {
        if (!o.isObject()) {
            throw new CalibrationException(at + ": expected an object with response, phaseStdDeg, amplitudeStdDb");
        }
        double[] w = response(o.get("response"), elements, at + ".response");
        int n = w.length / 2;
        double[] p = o.has("phaseStdDeg") ? uncertainties(o.get("phaseStdDeg"), n, at + ".phaseStdDeg") : nan(n);
        for (int i = 0; i < n; i++) {
            p[i] = Math.toRadians(p[i]);
        }
        double[] a = o.has("amplitudeStdDb") ? uncertainties(o.get("amplitudeStdDb"), n, at + ".amplitudeStdDb")
                : nan(n);
        return new ChainWeights(w, p, a);
    }

    private static double[] nan(int n) {
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    private static double[] uncertainties(JsonNode a, int n, String at) {
        if (a == null || !a.isArray() || a.size() != n) {
            throw new CalibrationException(at + ": expected " + n + " values (null where unknown)");
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            JsonNode x = a.get(i);
            if (x.isNull()) {
                v[i] = Double.NaN;
            } else if (x.isNumber() && x.asDouble() >= 0 && Double.isFinite(x.asDouble())) {
                v[i] = x.asDouble();
            } else {
                throw new CalibrationException(at + "[" + i + "]: expected a finite number >= 0 or null, got " + x);
            }
        }
        return v;
    }

    private static double[] response(JsonNode resp, int elements, String at) {
        return response(resp, elements, at, true);
    }

    /** A list of [a, b] pairs (finite; non-zero as complex numbers when {@code weights}), interleaved. */
    private static double[] response(JsonNode resp, int elements, String at, boolean weights) {
        if (resp == null || !resp.isArray() || resp.isEmpty()) {
            throw new CalibrationException(at + ": expected a list of [re, im] pairs, one per element");
        }
        if (elements >= 0 && resp.size() != elements) {
            throw new CalibrationException(at + ": holds " + resp.size() + " pairs, expected one per element ("
                    + elements + ")");
        }
        double[] w = new double[2 * resp.size()];
        for (int n = 0; n < resp.size(); n++) {
            JsonNode pair = resp.get(n);
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber() || !pair.get(1).isNumber()) {
                throw new CalibrationException(at + "[" + n + "]: expected [re, im]");
            }
            double re = pair.get(0).asDouble();
            double im = pair.get(1).asDouble();
            if (!Double.isFinite(re) || !Double.isFinite(im) || (weights && Math.hypot(re, im) < 1e-9)) {
                throw new CalibrationException(at + "[" + n + "]: must be finite" + (weights ? " and non-zero" : "")
                        + ", got [" + re + ", " + im + "]");
            }
            w[2 * n] = re;
            w[2 * n + 1] = im;
        }
        if (weights) {
            checkDynamicRange(w, at);
        }
        return w;
    }

    /** Refuses weights whose magnitudes spread more than {@value #MAX_DYNAMIC_RANGE_DB} dB around their median. */
    private static void checkDynamicRange(double[] w, String at) {
        int n = w.length / 2;
        double[] mag = new double[n];
        for (int i = 0; i < n; i++) {
            mag[i] = Math.hypot(w[2 * i], w[2 * i + 1]);
        }
        double[] sorted = mag.clone();
        Arrays.sort(sorted);
        double median = sorted[n / 2];
        if (!(median >= 1e-6 && median <= 1e6)) {
            throw new CalibrationException(String.format(Locale.ROOT, "%s: the elements' median |w| is %.3g; "
                    + "a calibration weight lies within 120 dB of 1 (dividing by %.3g would turn every sample into "
                    + "%s)", at, median, median, median > 1 ? "zero" : "overflow"));
        }
        for (int i = 0; i < n; i++) {
            double db = 20 * Math.log10(mag[i] / median);
            if (Math.abs(db) > MAX_DYNAMIC_RANGE_DB) {
                throw new CalibrationException(String.format(Locale.ROOT, "%s[%d]: |w| = %.3g is %.0f dB "
                        + "from the median of the elements (at most %.0f dB): a broken or disconnected chain, not a "
                        + "calibration; repair it or re-measure", at, i, mag[i], db, MAX_DYNAMIC_RANGE_DB));
            }
        }
    }

    private static double[] numbers(JsonNode a, int n, String at) {
        if (a == null || !a.isArray() || a.size() != n) {
            throw new CalibrationException(at + ": expected " + n + " numbers, one per element");
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            if (!a.get(i).isNumber() || !Double.isFinite(a.get(i).asDouble())) {
                throw new CalibrationException(at + "[" + i + "]: expected a finite number, got " + a.get(i));
            }
            v[i] = a.get(i).asDouble();
        }
        return v;
    }

    private static List<String> strings(JsonNode a, String at) {
        if (!a.isArray()) {
            throw new CalibrationException(at + ": expected a list of text");
        }
        List<String> out = new ArrayList<>();
        a.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static List<Integer> integers(JsonNode a, String at) {
        if (!a.isArray()) {
            throw new CalibrationException(at + ": expected a list of channel numbers");
        }
        List<Integer> out = new ArrayList<>();
        for (JsonNode x : a) {
            if (!x.canConvertToInt() || !x.isIntegralNumber()) {
                throw new CalibrationException(at + ": expected whole numbers, got " + x);
            }
            out.add(x.asInt());
        }
        return out;
    }

    private static JsonNode field(JsonNode o, String key, String at) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            throw new CalibrationException(at + ": " + key + ": missing");
        }
        return v;
    }

    private static Instant instant(JsonNode root, String src) {
        try {
            return Instant.parse(text(root, "createdUtc", src));
        } catch (DateTimeParseException e) {
            throw new CalibrationException(src + ": createdUtc: expected an ISO-8601 instant like 2026-11-22T10:00:00Z");
        }
    }

    private static String text(JsonNode root, String key, String src) {
        JsonNode v = root.get(key);
        if (v == null || !v.isTextual()) {
            throw new CalibrationException(src + ": " + key + ": missing or not text");
        }
        return v.asText();
    }

    private static double number(JsonNode root, String key, String src) {
        JsonNode v = root.get(key);
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new CalibrationException(src + ": " + key + ": missing or not a finite number");
        }
        return v.asDouble();
    }
}
