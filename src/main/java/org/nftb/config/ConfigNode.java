package org.nftb.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A YAML node that knows its file and its dotted path, so that every error names both. Reading is strict:
 * {@link #allowOnly} rejects unknown keys, and typed getters reject wrong kinds and units.
 */
public final class ConfigNode {
    private final String file;
    private final String path;
    private final JsonNode json;

    public ConfigNode(String file, String path, JsonNode json) {
        this.file = file;
        this.path = path;
        this.json = json;
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    /** An error about this node. */
    public ConfigException error(String reason) {
        return new ConfigException(file, path, reason);
    }

    private String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Rejects keys other than {@code allowed}, naming the unknown key and the allowed ones. */
    public ConfigNode allowOnly(String... allowed) {
        requireObject();
        Set<String> ok = new LinkedHashSet<>(Arrays.asList(allowed));
        Iterator<String> names = json.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!ok.contains(name)) {
                throw new ConfigException(file, childPath(name),
                        "unknown key '" + clip(name) + "'" + (path.isEmpty() ? "" : " in " + path)
                                + "; allowed: " + String.join(", ", ok));
            }
        }
        return this;
    }

    private void requireObject() {
        if (json == null || !json.isObject()) {
            throw error("expected a mapping (key: value lines), got " + describe(json));
        }
    }

    public boolean has(String key) {
        requireObject();
        JsonNode v = json.get(key);
        return v != null && !v.isNull();
    }

    /** The required child {@code key}. */
    public ConfigNode get(String key) {
        requireObject();
        JsonNode v = json.get(key);
        if (v == null || v.isNull()) {
            throw new ConfigException(file, childPath(key), "missing required field '" + key + "'");
        }
        return new ConfigNode(file, childPath(key), v);
    }

    public Optional<ConfigNode> optional(String key) {
        return has(key) ? Optional.of(get(key)) : Optional.empty();
    }

    public String text() {
        if (!json.isTextual()) {
            throw error("expected text, got " + describe(json));
        }
        return json.asText();
    }

    public boolean bool() {
        if (!json.isBoolean()) {
            throw error("expected true or false, got " + describe(json));
        }
        return json.asBoolean();
    }

    public int integer() {
        if (!json.isIntegralNumber() || !json.canConvertToInt()) {
            throw error("expected a whole number, got " + describe(json));
        }
        return json.asInt();
    }

    public long longInteger() {
        if (!json.isIntegralNumber() || !json.canConvertToLong()) {
            throw error("expected a whole number, got " + describe(json));
        }
        return json.asLong();
    }

    public double number() {
        if (!json.isNumber()) {
            throw error("expected a number, got " + describe(json));
        }
        double v = json.asDouble();
        if (!Double.isFinite(v)) {
            throw error("expected a finite number, got " + clip(json.asText()));
        }
        return v;
    }

    /** A quantity with optional unit, converted to SI. */
    public double quantity(Quantity q) {
        try {
            if (json.isNumber()) {
                return q.parse(json.asText());
            }
            if (json.isTextual()) {
                return q.parse(json.asText());
            }
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
        throw error("expected " + q.example() + ", got " + describe(json));
    }

    /** A quantity that must be strictly positive. */
    public double positiveQuantity(Quantity q) {
        double v = quantity(q);
        if (!(v > 0)) {
            throw error("must be > 0, got " + clip(json.asText()));
        }
        return v;
    }

    /** A point {@code [x, y]} of two quantities, each converted to SI. */
    double[] point(Quantity q) {
        List<ConfigNode> xy = list();
        if (xy.size() != 2) {
            throw error("expected [x, y], got " + xy.size() + " values");
        }
        return new double[] {xy.get(0).quantity(q), xy.get(1).quantity(q)};
    }

    /** The optional positive duration {@code key} in nanoseconds (truncated), {@code defaultSeconds} when absent. */
    long durationNanos(String key, double defaultSeconds) {
        double s = optional(key).map(n -> n.positiveQuantity(Quantity.DURATION)).orElse(defaultSeconds);
        return (long) (s * 1e9);
    }

    public <E extends Enum<E>> E enumeration(Class<E> type) {
        String t = text();
        // 'next_pps', 'next-pps' and 'nextPps' all name NEXT_PPS
        String key = t.replace("-", "").replace("_", "");
        for (E e : type.getEnumConstants()) {
            if (e.name().replace("_", "").equalsIgnoreCase(key)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw error("unknown value '" + clip(t) + "'; allowed: " + String.join(", ", names));
    }

    public List<ConfigNode> list() {
        if (json == null || !json.isArray()) {
            throw error("expected a list, got " + describe(json));
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            out.add(new ConfigNode(file, path + "[" + i + "]", json.get(i)));
        }
        return out;
    }

    public boolean isText() {
        return json != null && json.isTextual();
    }

    /**
     * {@code value} (read from this node) if it lies in [{@code low}, {@code high}], else an error naming the range in
     * {@code unit} (values shown divided by {@code unitScale}) and why the bound exists.
     */
    double within(double value, double low, double high, double unitScale, String unit, String why) {
        if (!(value >= low && value <= high)) {
            throw error(String.format(Locale.ROOT, "must be between %.6g and %.6g %s (%s), got %.6g %s%s",
                    low / unitScale, high / unitScale, unit, why, value / unitScale, unit,
                    bareNumberHint(value, low, high, unitScale, unit)));
        }
        return value;
    }

    /**
     * For a bare number out of range that would be in range in the unit the bounds are shown in ({@code
     * carrierFrequency: 28} is 28 Hz), the suggestion to write that unit; else "".
     */
    private String bareNumberHint(double value, double low, double high, double unitScale, String unit) {
        if (json == null || !json.isNumber() || unitScale == 1) {
            return "";
        }
        double inUnit = value * unitScale;
        if (!(inUnit >= low && inUnit <= high)) {
            return "";
        }
        return "; a bare number is read in SI units (" + json.asText() + " = " + String.format(Locale.ROOT,
                "%.6g", value) + " in the base unit): did you mean '" + json.asText() + " " + unit + "'?";
    }

    /** Most characters of a user's value echoed in a message; longer values are cut and their length said. */
    static final int ECHO_LIMIT = 80;

    /** {@code text} as echoed in messages: cut to {@value #ECHO_LIMIT} characters (a 1 MB value is not repeated). */
    public static String clip(String text) {
        return clip(text, ECHO_LIMIT);
    }

    /** {@code text} cut to {@code limit} characters, saying how long it was. */
    public static String clip(String text, int limit) {
        if (text == null || text.length() <= limit) {
            return text;
        }
        return text.substring(0, limit) + "… (" + text.length() + " characters)";
    }

    private static String describe(JsonNode n) {
        if (n == null || n.isNull()) {
            return "nothing";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        return "'" + clip(n.asText()) + "'";
    }
}
