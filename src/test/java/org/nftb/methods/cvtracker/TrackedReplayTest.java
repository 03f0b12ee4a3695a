package org.nftb.methods.cvtracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.cli.Main;
import org.nftb.testing.TestConfigs;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tracked run (hw-config/seed001-tracked-sim.yaml) recorded with {@code nftb run --record}, then replayed with
 * {@code nftb replay}: the replay's {@code track} records are the recorded run's, line for line and byte for byte,
 * in lossless mode and in live mode. Live, on one worker and a two-slot ring with the simulated array unpaced, the
 * recorded run drops CPIs (ring full): the capture notes them and the replay drops them again, so the tracker sees
 * the same gaps; with {@code --all-cpis} the replay estimates them and its tracks differ.
 */
class TrackedReplayTest {
    static final int CPIS = 30;
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aLosslessTrackedRunReplaysToTheSameTrackRecordsBitForBit(@TempDir Path dir) throws Exception {
        Run live = recordAndReplay(dir, "lossless", "");
        assertEquals(0, live.health.get("cpisDroppedRingFull").asLong());
        assertSameLines(live.trackLines, live.replayed.trackLines);
        assertTrue(live.trackLines.size() >= CPIS + 1, "an update per CPI and the end record");
    }

    @Test
    void aLiveTrackedRunThatDroppedCpisReplaysToTheSameTrackRecordsBitForBit(@TempDir Path dir) throws Exception {
        Run live = recordAndReplay(dir, "live", "  workers: 1\n  ringSlots: 2\n");
        assertTrue(live.health.get("cpisDroppedRingFull").asLong() > 0, "the recorded run dropped CPIs: "
                + live.health);
        assertTrue(live.trackLines.stream().anyMatch(l -> l.contains("\"cause\":\"dropped\"")),
                "the tracker saw the drops as gaps");
        assertSameLines(live.trackLines, live.replayed.trackLines);
        assertEquals(0, live.replayed.health.get("cpisDroppedRingFull").asLong(), "the replay runs lossless");
        assertTrue(live.replayed.health.get("cpisDroppedAsRecorded").asLong() > 0);

        Path all = dir.resolve("all.jsonl");
        nftb("replay", dir.resolve("cap").toString(), "--all-cpis", "--cpis", String.valueOf(CPIS), "--out",
                all.toString());
        Run everything = read(all);
        assertEquals(0, everything.health.get("cpisDroppedAsRecorded").asLong());
        assertTrue(everything.trackLines.stream().noneMatch(l -> l.contains("\"gap\"")), "no gaps with --all-cpis");
    }

    private static void assertSameLines(List<String> recorded, List<String> replayed) {
        assertEquals(recorded.size(), replayed.size(), "track records");
        for (int i = 0; i < recorded.size(); i++) {
            assertEquals(recorded.get(i), replayed.get(i), "track record " + i);
        }
    }

    /** The run's JSON lines: its track records (as written) and its final health record. */
    record Run(List<String> trackLines, JsonNode health, Run replayed) {
    }

    private static Run recordAndReplay(Path dir, String ringMode, String pipelineKeys) throws Exception {
        Path cfg = TestConfigs.trackedSeed001(dir, ringMode, pipelineKeys);
        Path live = dir.resolve("live.jsonl");
        Path replayed = dir.resolve("replay.jsonl");
        nftb("run", "--config", cfg.toString(), "--cpis", String.valueOf(CPIS), "--no-dashboard", "--record",
                dir.resolve("cap").toString(), "--out", live.toString());
        nftb("replay", dir.resolve("cap").toString(), "--cpis", String.valueOf(CPIS), "--out", replayed.toString());
        Run r = read(live);
        return new Run(r.trackLines, r.health, read(replayed));
    }

    private static Run read(Path file) throws IOException {
        List<String> tracks = new ArrayList<>();
        JsonNode health = null;
        for (String line : Files.readAllLines(file)) {
            JsonNode r = JSON.readTree(line);
            if (r.get("type").asText().equals("track")) {
                tracks.add(line);
            } else if (r.get("type").asText().equals("health") && r.get("final").asBoolean()) {
                health = r;
            }
        }
        assertTrue(health != null, "a final health record in " + file);
        return new Run(tracks, health, null);
    }

    private static void nftb(String... args) {
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute(args), err.toString());
    }
}
