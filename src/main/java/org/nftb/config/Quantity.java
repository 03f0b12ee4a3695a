package org.nftb.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Physical quantities the YAML may write with units ({@code 28 GHz}, {@code 15 deg}); each converts to SI at the
 * boundary. A bare number is read as the SI unit, except for angles, which must name {@code deg} or {@code rad}
 * (a bare {@code 15} is the classic degrees-or-radians mistake).
 */
public enum Quantity {
    FREQUENCY("a frequency such as '28 GHz'", Map.of("hz", 1.0, "khz", 1e3, "mhz", 1e6, "ghz", 1e9), true),
    LENGTH("a length such as '7 m'", Map.of("m", 1.0, "cm", 1e-2, "mm", 1e-3, "km", 1e3), true),
    ANGLE("an angle such as '15 deg' or '0.26 rad'", Map.of("rad", 1.0, "deg", Math.PI / 180, "mrad", 1e-3), false),
    VELOCITY("a velocity such as '10 m/s'", Map.of("m/s", 1.0, "km/h", 1 / 3.6), true),
    DURATION("a duration such as '5 ms'", Map.of("s", 1.0, "ms", 1e-3, "us", 1e-6, "ns", 1e-9), true),
    DECIBEL("a level in dB such as '1 dB'", Map.of("db", 1.0), true),
    DBM("a power such as '20 dBm'", Map.of("dbm", 1.0), true),
    DBI("an antenna gain such as '10 dBi'", Map.of("dbi", 1.0), true),
    AREA("an area such as '1 m2'", Map.of("m2", 1.0, "m^2", 1.0), true),
    /** A white-noise acceleration's spectral density: each second of prediction adds this much (m/s)² of velocity
     * variance (a tracker's process noise). */
    ACCELERATION_DENSITY("an acceleration noise density such as '0.5 m2/s3'", Map.of("m2/s3", 1.0, "m^2/s^3", 1.0),
            true);

    private final String example;
    private final Map<String, Double> units;
    private final boolean bareNumberAllowed;

    Quantity(String example, Map<String, Double> units, boolean bareNumberAllowed) {
        this.example = example;
        this.units = new TreeMap<>(units);   // sorted: error messages list units in a fixed order
        this.bareNumberAllowed = bareNumberAllowed;
    }

    /** Human text naming what is expected. */
    public String example() {
        return example;
    }

    /**
     * Parses {@code "28 GHz"}, {@code "28GHz"} or (where allowed) a bare number into SI.
     *
     * @throws IllegalArgumentException with a reason naming the expected form
     */
    public double parse(String text) {
        String t = text.trim();
        int split = 0;
        while (split < t.length() && "+-.0123456789eE".indexOf(t.charAt(split)) >= 0) {
            // stop at an 'e' that starts a unit rather than an exponent
            if ((t.charAt(split) == 'e' || t.charAt(split) == 'E')
                    && (split + 1 >= t.length() || "+-0123456789".indexOf(t.charAt(split + 1)) < 0)) {
                break;
            }
            split++;
        }
        String number = t.substring(0, split).trim();
        String unit = t.substring(split).trim().toLowerCase(Locale.ROOT);
        double value;
        try {
            value = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected " + example + ", got '" + ConfigNode.clip(text) + "'");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("expected a finite value, got '" + ConfigNode.clip(text) + "'");
        }
        if (unit.isEmpty()) {
            if (!bareNumberAllowed) {
                throw new IllegalArgumentException("expected " + example + " (write the unit), got '"
                        + ConfigNode.clip(text) + "'");
            }
            return value;
        }
        Double scale = units.get(unit);
        if (scale == null) {
            throw new IllegalArgumentException("unknown unit '" + ConfigNode.clip(t.substring(split).trim()) + "': expected "
                    + example + " (units: " + String.join(", ", units.keySet()) + ")");
        }
        double si = value * scale;
        if (!Double.isFinite(si)) {
            throw new IllegalArgumentException("'" + ConfigNode.clip(text) + "' overflows a double in SI units");
        }
        return si;
    }
}
