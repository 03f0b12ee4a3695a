package org.nftb.hardening;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.calibration.table.CalibrationException;
import org.nftb.calibration.CalibrationSelection;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.calibration.table.CalibrationTables;
import org.nftb.config.PipelineConfig;
import org.nftb.config.RunConfig;
import org.nftb.device.sim.SimulatedArray;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.estimator.Estimators;
import org.nftb.model.ArrayErrors;
import org.nftb.output.JsonLinesSink;
import org.nftb.output.RecordSink;
import org.nftb.pipeline.Pipeline;
import org.nftb.testing.TestConfigs;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The calibration-table fuzz suite of issue 7: seeded mutations of a valid table (numbers replaced by extremes,
 * deletions, truncation, garbage, duplicated keys, trailing content, wrong types). Each is either refused with a
 * {@link CalibrationException} naming the file, or accepted and then calibrates three CPIs of the default scenario
 * without a rejected CPI. The reported cases are tests of their own.
 */
class CalibrationFuzzTest {
    static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    static final String[] EXTREMES = {"1e308", "-1e308", "1e-320", "0", "2e-9", "1e50", "-1", "1e3", "NaN", "\"x\"",
        "null", "[]", "{}", "1e-4"};
    static EstimatorSetup setup;
    static RunConfig cfg;

    @BeforeAll
    static void tables() {
        cfg = TestConfigs.seed001(41, false);
        cfg = cfg.withPipeline(cfg.pipeline().withWorkers(1).withRingMode(PipelineConfig.RingMode.LOSSLESS));
        setup = Estimators.of(cfg.estimator()).setup(cfg);
    }

    static Path validTable(Path dir) throws Exception {
        Path f = dir.resolve("base.json");
        CalibrationTables.write(new CalibrationTable(cfg.rxArray().fingerprint(), cfg.carrierFrequencyHz(),
                Instant.parse("2026-11-22T10:00:00Z"), "fuzz-base", ArrayErrors.draw(256, Math.PI / 36, 1, 3), "base"), f);
        return f;
    }

    static String mutate(String text, SplittableRandom r) {
        String t = text;
        int n = 1 + r.nextInt(2);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(8)) {
                case 0, 1, 2 -> {
                    List<int[]> spans = new ArrayList<>();
                    Matcher m = NUMBER.matcher(t);
                    while (m.find()) {
                        spans.add(new int[] {m.start(), m.end()});
                    }
                    int[] s = spans.get(r.nextInt(spans.size()));
                    t = t.substring(0, s[0]) + EXTREMES[r.nextInt(EXTREMES.length)] + t.substring(s[1]);
                }
                case 3 -> t = t.substring(0, r.nextInt(t.length() + 1));
                case 4 -> {
                    int at = r.nextInt(t.length() + 1);
                    String[] g = {"{", "]", ",", "\"", "\u0000", "}{", ":", "garbage"};
                    t = t.substring(0, at) + g[r.nextInt(g.length)] + t.substring(at);
                }
                case 5 -> t = t + (r.nextBoolean() ? "\n{\"format\": \"nftb-calibration/1\"}" : " trailing");
                case 6 -> t = t.replaceFirst("\"method\"", "\"method\": \"dup\",\n  \"method\"");
                default -> {
                    String[] keys = {"\"format\"", "\"arrayId\"", "\"centerFrequencyHz\"", "\"createdUtc\"",
                        "\"response\""};
                    t = t.replace(keys[r.nextInt(keys.length)], "\"renamed\"");
                }
            }
        }
        return t;
    }

    @Test
    void everyMutatedTableIsRefusedNamingTheFileOrCalibratesCpisCleanly(@TempDir Path dir) throws Exception {
        String base = Files.readString(validTable(dir));
        SplittableRandom r = new SplittableRandom(20261122L);
        Map<String, Integer> counts = new TreeMap<>();
        List<String> defects = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            Path f = dir.resolve("variant-" + i + ".json");
            String text = mutate(base, r);
            Files.writeString(f, text);
            CalibrationTable table;
            try {
                table = CalibrationSelection.select(cfg, f);
            } catch (CalibrationException e) {
                if (!e.getMessage().startsWith(f.toString()) || e.getMessage().length() > 1200) {
                    defects.add("unclear refusal: " + e.getMessage());
                }
                counts.merge("refused", 1, Integer::sum);
                continue;
            } catch (RuntimeException | Error e) {
                defects.add("crash: " + e + "\n" + text.substring(0, Math.min(400, text.length())));
                counts.merge("crash", 1, Integer::sum);
                continue;
            }
            try (SimulatedArray sim = new SimulatedArray(cfg);
                 JsonLinesSink sink = new JsonLinesSink(OutputStream.nullOutputStream(), "null", false)) {
                Pipeline.RunResult run = new Pipeline(cfg, sim, new CalibrationState(table), setup, sink, null, 3)
                        .run(new RecordSink.RunInfo("f", "f", "sim", "dftmusic", "fe", setup.diagnosticNames(),
                                table.describe(), 1, "lossless", 8, "", List.of()));
                if (run.health().cpisRejected() > 0) {
                    defects.add("accepted table rejects CPIs: " + f);
                    counts.merge("accepted, failed at run time", 1, Integer::sum);
                } else {
                    counts.merge("accepted and ran", 1, Integer::sum);
                }
            }
        }
        System.out.println("calibration fuzz: 240 variants: " + counts);
        assertTrue(defects.isEmpty(), String.join("\n", defects.subList(0, Math.min(10, defects.size()))));
        assertTrue(counts.getOrDefault("accepted and ran", 0) >= 10, counts.toString());
    }

    @Test
    void theReportedCasesAreRefusedNamingFileAndField(@TempDir Path dir) throws Exception {
        Path base = validTable(dir);
        String text = Files.readString(base);
        Map<String, String> cases = new TreeMap<>();
        cases.put("trailing content after the table", text + "\n{}");
        cases.put("a key given twice", text.replaceFirst("\"method\"", "\"method\": \"x\",\n  \"method\""));
        cases.put("an element of magnitude 2e-9", text.replaceFirst("\\[\\s*[-0-9.eE]+\\s*,\\s*[-0-9.eE]+\\s*\\]",
                "[2e-9, 0]"));
        cases.put("every element of magnitude 1e50", text.replaceAll("\\[\\s*-?[0-9.]+(E-?[0-9]+)?\\s*,\\s*-?[0-9.]+(E-?[0-9]+)?\\s*\\]",
                "[1e50, 0]"));
        cases.put("an element of magnitude 1e50", text.replaceFirst("\\[\\s*[-0-9.eE]+\\s*,\\s*[-0-9.eE]+\\s*\\]",
                "[1e50, 0]"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path f = dir.resolve(c.getKey().replace(' ', '-') + ".json");
            Files.writeString(f, c.getValue());
            CalibrationException e = assertThrows(CalibrationException.class, () -> CalibrationTables.load(f),
                    c.getKey());
            assertTrue(e.getMessage().startsWith(f.toString()), c.getKey() + ": " + e.getMessage());
        }
        Path binary = dir.resolve("binary.json");
        Files.write(binary, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});
        assertTrue(assertThrows(CalibrationException.class, () -> CalibrationTables.load(binary)).getMessage()
                .contains("not UTF-8"));
        Path zero = Path.of("/dev/zero");
        if (Files.isReadable(zero)) {
            assertTrue(assertThrows(CalibrationException.class, () -> CalibrationTables.load(zero)).getMessage()
                    .contains("larger than"));
        }
        assertEquals(256, CalibrationTables.load(base).elements(), "the unmutated table loads");
        assertTrue(new String(Files.readAllBytes(base), StandardCharsets.UTF_8).contains("response"));
    }
}
