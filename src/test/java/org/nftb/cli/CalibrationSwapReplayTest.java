package org.nftb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.calibration.table.CalibrationTables;
import org.nftb.calibration.table.ChainWeights;
import org.nftb.device.replay.Capture;
import org.nftb.model.ArrayErrors;
import org.nftb.sigmf.NftbKeys;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calibration tables swapped while recording (the drift watch self-calibrating, at whatever CPI boundary the threads
 * reached) are embedded in the capture with an annotation where each took effect, and a replay — {@code nftb replay}
 * or {@code nftb run} with {@code radio.backend: replay} — applies each from there: the estimates are the live run's,
 * bit for bit, across the swaps.
 */
class CalibrationSwapReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** (version, first CPI) of every {@code calibration} record of a run's output (one per swap). */
    private static List<long[]> swaps(Path jsonl) throws Exception {
        List<long[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            JsonNode r = JSON.readTree(line);
            if (r.get("type").asText().equals("calibration")) {
                out.add(new long[] {r.get("version").asLong(), r.get("seq").asLong()});
            }
        }
        return out;
    }

    @Test
    void aRunWhoseCalibrationIsSwappedMidRunReplaysToTheSameEstimatesBitForBit(@TempDir Path dir) throws Exception {
        // the drift watch self-calibrates every 6 CPIs from a table up to 10 degrees off the array's true W
        Path config = dir.resolve("watched.yaml");
        String yaml = Files.readString(RunCommandTest.testConfig(dir))
                + "pipeline: {ringMode: lossless, workers: 2}\n"
                + "calibration: {watch: {everyCpis: 6, selfCalibrate: true}}\n";
        Files.writeString(config, yaml);
        double[] w = ChainWeights.of(ArrayErrors.draw(256, Math.toRadians(5), 1, 7))
                .times(ArrayErrors.draw(256, Math.toRadians(10), 0.5, 11)).w();
        Path table = dir.resolve("off.json");
        CalibrationTables.write(new CalibrationTable("5b29a000-256", 28e9, Instant.EPOCH, "off-by-10-deg", w,
                "off.json"), table);
        Path live = dir.resolve("live.jsonl");
        Path cap = dir.resolve("cap");
        StringWriter err = new StringWriter();
        assertEquals(0, RunCommandTest.run(err, "run", "--config", config.toString(), "--cpis", "32", "--out",
                live.toString(), "--calibration", table.toString(), "--record", cap.toString()), err.toString());
        List<long[]> liveSwaps = swaps(live);
        assertTrue(!liveSwaps.isEmpty() && liveSwaps.get(0)[1] > 0, "the watch swapped tables mid-run");

        // every version after the first is embedded, annotated at the first sample of the CPI it began with
        Capture c = Capture.open(cap);
        List<JsonNode> changes = c.referenceAnnotations(NftbKeys.CALIBRATION_CHANGE);
        long spc = c.nftb(NftbKeys.CPI).get("samples_per_cpi").asLong();
        assertTrue(changes.size() >= liveSwaps.size(), changes.size() + " changes recorded");
        for (long[] s : liveSwaps) {
            JsonNode a = changes.stream().filter(x -> x.get(NftbKeys.CALIBRATION_CHANGE).get("version").asLong()
                    == s[0]).findFirst().orElseThrow(() -> new AssertionError("version " + s[0] + " not recorded"));
            assertEquals(s[1] * spc, a.get("core:sample_start").asLong(),
                    "at the first sample of CPI " + s[1] + ", where the live run first used it");
        }

        String info = RecordReplayCommandTest.stdout(() -> assertEquals(0, RunCommandTest.run(new StringWriter(),
                "capture", "info", cap.toString())));
        assertTrue(info.contains("calibration  off-by-10-deg table") && info.contains("version 2 from sample "), info);

        Path replay = dir.resolve("replay.jsonl");
        assertEquals(0, RunCommandTest.run(err, "replay", cap.toString(), "--cpis", "32", "--out", replay.toString()),
                err.toString());
        Map<Long, String> want = RecordReplayCommandTest.byCpi(live);
        assertEquals(32, want.size());
        assertEquals(want, RecordReplayCommandTest.byCpi(replay), "estimates and calibration versions per CPI");
        List<long[]> replaySwaps = swaps(replay);
        assertEquals(liveSwaps.size(), replaySwaps.size());
        for (int i = 0; i < liveSwaps.size(); i++) {
            assertArrayEquals(liveSwaps.get(i), replaySwaps.get(i), "swap " + i);
        }

        // the replay backend named in an hw-config does the same: the capture's calibration, not the config's
        Path replayConfig = dir.resolve("replay.yaml");
        Files.writeString(replayConfig, yaml.replace("backend: sim", "backend: replay\n  replay: {capture: " + cap
                + ", pace: max}"));
        Path viaRun = dir.resolve("via-run.jsonl");
        assertEquals(0, RunCommandTest.run(err, "run", "--config", replayConfig.toString(), "--cpis", "32", "--out",
                viaRun.toString()), err.toString());
        assertEquals(want, RecordReplayCommandTest.byCpi(viaRun));
        assertTrue(Files.readAllLines(viaRun).get(0).contains("off-by-10-deg"), Files.readAllLines(viaRun).get(0));

        // a start check in the configuration does not run on a replay (an injected one would have to transmit)
        Path checked = dir.resolve("replay-checked.yaml");
        Files.writeString(checked, Files.readString(replayConfig).replace("calibration: {watch:",
                "calibration: {startCheck: {method: inject}, watch:"));
        Path viaChecked = dir.resolve("via-checked.jsonl");
        assertEquals(0, RunCommandTest.run(err, "run", "--config", checked.toString(), "--cpis", "32", "--out",
                viaChecked.toString()), err.toString());
        assertEquals(want, RecordReplayCommandTest.byCpi(viaChecked));
    }
}
