package org.nftb.hardening;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded mutations of a YAML configuration's text, the way a hostile or careless user breaks one: deleted lines,
 * values of the wrong type, extreme and non-finite numbers, odd units, duplicated keys, truncation, garbage, extra
 * documents, swapped lines, numbers scaled by powers of ten. Deterministic for a given seed.
 */
final class ConfigMutator {
    private static final Pattern VALUE = Pattern.compile("(\\b[A-Za-z][A-Za-z0-9]*): *([^,{}\\[\\]\\n#]+|\\[[^\\[\\]\\n]*\\])");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final String[] VALUES = {
        "1e308", "-1e308", "1e-320", "0", "-1", "2147483647", "9223372036854775807", "99999999999999999999999",
        ".nan", ".inf", "-.inf", "NaN", "abc", "''", "[1, 2]", "{a: 1}", "true", "null", "~", "28 gHZ", "1e308 GHz",
        "5 parsecs", "-3 dB", "1e30 Hz", "0.0000001 Hz", "1e300 m", "-7 m", "90 deg", "-90 deg", "1e9 deg",
        "1e308 m/s", "299792458 m/s", "1000", "-1000", "65536", "1073741824", "0.5", "3", "lossless", "live", "1 us",
        "1e9 s", "[[1 GHz, 0.5 GHz]]", "[0 m]", "[1 m, 2 m, 3 m]", "\"\\u0000\"", "x".repeat(2000),
    };

    private final SplittableRandom random;

    ConfigMutator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** One mutated variant of {@code text} (1 to 3 mutations), with a label saying what was done. */
    Variant mutate(String text) {
        String t = text;
        StringBuilder label = new StringBuilder();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(13);
            String before = t;
            t = switch (kind) {
                case 0 -> deleteLine(t);
                case 1, 2 -> replaceValue(t, VALUES[random.nextInt(VALUES.length)]);
                case 3 -> duplicateLine(t);
                case 4 -> t.substring(0, random.nextInt(t.length() + 1));
                case 5 -> insertGarbage(t);
                case 6 -> t + (random.nextBoolean() ? "---\nname: second\n" : "---\n: : [\n");
                case 7 -> swapLines(t);
                case 8 -> scaleNumber(t);
                case 9 -> reindent(t);
                default -> extremeNumber(t);
            };
            label.append(i == 0 ? "" : "+").append(kind);
            if (t.equals(before)) {
                label.append("(no-op)");
            }
        }
        return new Variant(label.toString(), t);
    }

    record Variant(String label, String text) {
    }

    private List<String> lines(String t) {
        return new ArrayList<>(List.of(t.split("\n", -1)));
    }

    private String deleteLine(String t) {
        List<String> l = lines(t);
        l.remove(random.nextInt(l.size()));
        return String.join("\n", l);
    }

    private String duplicateLine(String t) {
        List<String> l = lines(t);
        int i = random.nextInt(l.size());
        l.add(i, l.get(i));
        return String.join("\n", l);
    }

    private String swapLines(String t) {
        List<String> l = lines(t);
        int i = random.nextInt(l.size());
        int j = random.nextInt(l.size());
        String a = l.get(i);
        l.set(i, l.get(j));
        l.set(j, a);
        return String.join("\n", l);
    }

    private String reindent(String t) {
        List<String> l = lines(t);
        int i = random.nextInt(l.size());
        l.set(i, (random.nextBoolean() ? "  " : "") + l.get(i).stripLeading());
        return String.join("\n", l);
    }

    private String insertGarbage(String t) {
        String[] garbage = {"\t", "\u0000", "{", "]", ": :", "&a *b", "!!binary x", "\uFFFD\uFFFD", "%YAML 9.9\n", "'"};
        int at = random.nextInt(t.length() + 1);
        return t.substring(0, at) + garbage[random.nextInt(garbage.length)] + t.substring(at);
    }

    private String replaceValue(String t, String value) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = VALUE.matcher(t);
        while (m.find()) {
            spans.add(new int[] {m.start(2), m.end(2)});
        }
        if (spans.isEmpty()) {
            return t;
        }
        int[] s = spans.get(random.nextInt(spans.size()));
        return t.substring(0, s[0]) + value + t.substring(s[1]);
    }

    private static final String[] EXTREMES = {"1e308", "-1e308", "1e-320", "1e30", "1000", "-1000", "99999999999",
        "0", "2147483647", "-1", "1e6", "3e8"};

    private String extremeNumber(String t) {
        List<int[]> spans = numberSpans(t);
        if (spans.isEmpty()) {
            return t;
        }
        int[] s = spans.get(random.nextInt(spans.size()));
        return t.substring(0, s[0]) + EXTREMES[random.nextInt(EXTREMES.length)] + t.substring(s[1]);
    }

    private List<int[]> numberSpans(String t) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = NUMBER.matcher(t);
        while (m.find()) {
            boolean inComment = t.lastIndexOf('#', m.start()) > t.lastIndexOf('\n', m.start());
            if (!inComment) {
                spans.add(new int[] {m.start(), m.end()});
            }
        }
        return spans;
    }

    private String scaleNumber(String t) {
        List<int[]> spans = numberSpans(t);
        if (spans.isEmpty()) {
            return t;
        }
        int[] s = spans.get(random.nextInt(spans.size()));
        return t.substring(0, s[0]) + t.substring(s[0], s[1]) + "e" + (random.nextInt(61) - 30) + t.substring(s[1]);
    }
}
