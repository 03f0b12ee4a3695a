package org.nftb.calibration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads and writes calibration tables ({@code calibration/*.json}, format {@value #FORMAT}, documented in
 * README.md) and checks that a table fits the array it is applied to.
 */
public final class CalibrationTables {
    public static final String FORMAT = "nftb-calibration/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CalibrationTables() {
    }

    /** Loads a table; every fault names the file and the field. */
    public static CalibrationTable load(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new CalibrationException(file + ": no such calibration table (calibration.table in the hw-config)");
        } catch (IOException e) {
            throw new CalibrationException(file + ": not a readable JSON calibration table: " + e.getMessage());
        }
        return fromJson(root, file.toString());
    }

    /**
     * A table from its JSON form ({@value #FORMAT}), e.g. one embedded in a capture; {@code src} names where it was
     * read in every error (and becomes the table's source).
     */
    public static CalibrationTable fromJson(JsonNode root, String src) {
        if (!FORMAT.equals(text(root, "format", src))) {
            throw new CalibrationException(src + ": format: expected '" + FORMAT + "'");
        }
        String arrayId = text(root, "arrayId", src);
        String method = text(root, "method", src);
        double fc = number(root, "centerFrequencyHz", src);
        Instant created;
        try {
            created = Instant.parse(text(root, "createdUtc", src));
        } catch (DateTimeParseException e) {
            throw new CalibrationException(src + ": createdUtc: expected an ISO-8601 instant like 2026-11-22T10:00:00Z");
        }
        JsonNode resp = root.get("response");
        if (resp == null || !resp.isArray() || resp.isEmpty()) {
            throw new CalibrationException(src + ": response: expected a list of [re, im] pairs, one per element");
        }
        double[] w = new double[2 * resp.size()];
        for (int n = 0; n < resp.size(); n++) {
            JsonNode pair = resp.get(n);
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber() || !pair.get(1).isNumber()) {
                throw new CalibrationException(src + ": response[" + n + "]: expected [re, im]");
            }
            double re = pair.get(0).asDouble();
            double im = pair.get(1).asDouble();
            if (!Double.isFinite(re) || !Double.isFinite(im) || Math.hypot(re, im) < 1e-9) {
                throw new CalibrationException(src + ": response[" + n + "]: must be finite and non-zero, got ["
                        + re + ", " + im + "]");
            }
            w[2 * n] = re;
            w[2 * n + 1] = im;
        }
        return new CalibrationTable(arrayId, fc, created, method, w, src);
    }

    /** Writes {@code table} as JSON. */
    public static void write(CalibrationTable table, Path file) throws IOException {
        ObjectNode root = toJson(table);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    /** The JSON form of {@code table} ({@value #FORMAT}), as {@link #write} stores it. */
    public static ObjectNode toJson(CalibrationTable table) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("arrayId", table.arrayId());
        root.put("centerFrequencyHz", table.centerFrequencyHz());
        root.put("createdUtc", table.createdUtc().toString());
        root.put("method", table.method());
        ArrayNode resp = root.putArray("response");
        double[] w = table.responseW();
        for (int n = 0; n < w.length / 2; n++) {
            resp.addArray().add(w[2 * n]).add(w[2 * n + 1]);
        }
        return root;
    }

    /**
     * Checks that {@code table} fits an array of {@code elements} elements at {@code carrierHz}; a carrier
     * mismatch beyond 1 % is refused because phase errors scale with frequency.
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
