package org.nftb.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.calibration.table.CalibrationTables;
import org.nftb.cli.Main;
import org.nftb.model.ArrayErrors;
import org.nftb.run.Configs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator meets in {@code nftb reprocess} and {@code nftb study} (issue 24): reprocess applies the
 * calibration embedded in the capture by default, as replay does (its estimates are replay's), says so, and writes
 * a CSV with every row of its Parquet parts; the shipped small study passes its own checks.
 */
class OperatorJobsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static String config(Path dir) throws Exception {
        Path config = dir.resolve("small.yaml");
        Files.writeString(config, """
                name: small reprocess array
                carrierFrequency: 28 GHz
                symbolRate: 5 kHz
                cpiSymbols: 4
                arrays:
                  rx:
                    ula: {count: 8, spacingWavelengths: 0.5, origin: [0 m, 0 m], orientation: 0 deg}
                  tx: rx
                radio: {backend: sim, sampleRate: 10 kHz, channels: 8}
                estimator:
                  type: dftmusic
                  cacheDirectory: %s
                  lookup: {ranges: {min: 0.5 m, max: 10 m, count: 8}}
                scene:
                  seed: 5
                  motion: linear
                  realTime: false
                  targets:
                    - {range: 2 m, angle: 10 deg, radialVelocity: 3 m/s, transverseVelocity: -2 m/s, processedSnrDb: 30}
                  calibrationErrors: {phaseMax: 5 deg, amplitudeMax: 1 dB, seed: 7}
                pipeline: {ringMode: lossless, workers: 2}
                """.formatted(dir.resolve("tables")));
        return config.toString();
    }

    static int nftb(PrintStream err, String... args) {
        PrintStream saved = System.err;
        System.setErr(err);
        try {
            return Main.commandLine().execute(args);
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void reprocessAppliesTheCapturesCalibrationLikeReplayAndWritesCsv(@TempDir Path dir) throws Exception {
        String config = config(dir);
        // the table in force is the array's true W: not the identity the configuration would select
        Path table = dir.resolve("w.json");
        CalibrationTables.write(new CalibrationTable(Configs.load(Path.of(config)).rxArray()
                .fingerprint(), 28e9, Instant.EPOCH, "simulated-truth", ArrayErrors.draw(8, Math.toRadians(5), 1, 7),
                "w.json"), table);
        Path cap = dir.resolve("cap");
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        assertEquals(0, nftb(err, "run", "--config", config, "--calibration", table.toString(), "--cpis", "30",
                "--record", cap.toString(), "--out", dir.resolve("live.jsonl").toString(), "--no-dashboard"));
        Path replay = dir.resolve("replay.jsonl");
        assertEquals(0, nftb(err, "replay", cap.toString(), "--out", replay.toString(), "--no-dashboard"));
        Path out = dir.resolve("re");
        assertEquals(0, nftb(err, "reprocess", cap.toString(), "--config", config, "--out", out.toString(), "--csv"));
        String said = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("reprocess: using the calibration embedded in the capture")
                && said.contains("simulated-truth"), said);

        Map<Long, JsonNode> replayed = new HashMap<>();
        for (String line : Files.readAllLines(replay)) {
            JsonNode r = JSON.readTree(line);
            if (r.get("type").asText().equals("estimate") && r.get("targets").size() == 1) {
                replayed.put(r.get("seq").asLong(), r.get("targets").get(0));
            }
        }
        List<String> csv = Files.readAllLines(out.resolve("cpis.csv"));
        List<String> header = List.of(csv.get(0).split(","));
        int matched = 0;
        for (String line : csv.subList(1, csv.size())) {
            String[] row = line.split(",", -1);
            JsonNode t = replayed.get(Long.parseLong(row[header.indexOf("sequence")]));
            if (t == null || Integer.parseInt(row[header.indexOf("targets")]) != 1) {
                continue;
            }
            assertEquals(t.get("angleRad").asDouble(), Double.parseDouble(row[header.indexOf("angleRad_0")]), 0.0);
            assertEquals(t.get("rangeM").asDouble(), Double.parseDouble(row[header.indexOf("rangeM_0")]), 0.0);
            matched++;
        }
        assertTrue(matched >= 25, "reprocess matched replay on " + matched + " CPIs");
        long parquetRows = 0;
        try (var parts = Files.list(out.resolve("cpis"))) {
            for (Path p : parts.toList()) {
                parquetRows += ParquetTable.read(p).size();
            }
        }
        assertEquals(parquetRows, csv.size() - 1, "the CSV holds every row of the Parquet parts");
        assertTrue(said.contains("reprocess 100%") && said.contains("tasks ("), "progress with an ETA: " + said);
    }

    @Test
    void theShippedSmallStudyPassesItsOwnChecks(@TempDir Path dir) {
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        Path spec = Files.exists(Path.of("studies/seed001-small.yaml")) ? Path.of("studies/seed001-small.yaml")
                : Path.of("../studies/seed001-small.yaml");
        assertEquals(0, nftb(err, "study", spec.toString(), "--out", dir.toString()),
                errBytes.toString(StandardCharsets.UTF_8));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("study seed001-small 100%"),
                errBytes.toString(StandardCharsets.UTF_8));
    }
}
