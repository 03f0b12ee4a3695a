package org.nftb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.record.CaptureFixtures;

import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code nftb replay CAPTURE --inject SPEC} end to end on a recorded capture of the small simulated array (8 channels,
 * 4 samples per CPI at 5 kHz: CPI k holds stream samples 4k..4k+3, i.e. starts at 0.8k ms).
 */
class FaultInjectionReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPEC = "{seed: 2, faults: [{kind: loss, at: 4 ms, for: 2 ms},"
            + " {kind: phase, at: 10 ms, channels: [1, 2], size: 90 deg},"
            + " {kind: nan, at: 20 ms, for: 0.2 ms, channels: [3]},"
            + " {kind: dead, at: 24 ms, channels: [5], mode: noise}]}";

    /**
     * Every record but health and summary (wall-clock counters: elapsed time, latency), without latencyNanos, in
     * order.
     */
    static List<String> records(Path jsonl) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            JsonNode r = JSON.readTree(line);
            String type = r.get("type").asText();
            if (!type.equals("health") && !type.equals("summary")) {
                ((ObjectNode) r).remove("latencyNanos");
                out.add(r.toString());
            }
        }
        return out;
    }

    static Path capture(Path dir) throws Exception {
        Path config = dir.resolve("small.yaml");
        Files.writeString(config, CaptureFixtures.smallArrayYaml(1, "linear"));
        Path cap = dir.resolve("cap");
        StringWriter err = new StringWriter();
        assertEquals(0, RunCommandTest.run(err, "record", "--config", config.toString(), "--out", cap.toString(),
                "--cpis", "40"), err.toString());
        return cap;
    }

    @Test
    void aReplayWithTheSameInjectSpecReproducesItsRecordsBitForBitAndSaysWhatWasInjected(@TempDir Path dir)
            throws Exception {
        Path cap = capture(dir);
        StringWriter err = new StringWriter();
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        Path plain = dir.resolve("plain.jsonl");
        assertEquals(0, RunCommandTest.run(err, "replay", cap.toString(), "--inject", SPEC, "--out", a.toString()),
                err.toString());
        assertEquals(0, RunCommandTest.run(err, "replay", cap.toString(), "--inject", SPEC, "--out", b.toString()),
                err.toString());
        assertEquals(0, RunCommandTest.run(err, "replay", cap.toString(), "--out", plain.toString()), err.toString());
        List<String> recordsA = records(a);
        assertEquals(recordsA, records(b));

        // the start record, then one inject record per fault, valid against the record schema
        JsonSchema schema;
        try (InputStream in = getClass().getResourceAsStream("/schema/nftb-records.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        assertTrue(recordsA.get(0).contains("\"type\":\"start\""));
        for (int k = 1; k <= 4; k++) {
            JsonNode inject = JSON.readTree(recordsA.get(k));
            assertEquals("inject", inject.get("type").asText());
            assertEquals("faults[" + (k - 1) + "]", inject.get("item").asText());
            assertTrue(schema.validate(inject).isEmpty(), schema.validate(inject) + " in " + inject);
        }
        JsonNode loss = JSON.readTree(recordsA.get(1));
        assertEquals(20, loss.get("firstSample").asLong());
        assertEquals(30, loss.get("endSample").asLong());
        assertEquals("all", loss.get("channels").asText());
        assertTrue(JSON.readTree(recordsA.get(2)).get("endSample").isNull());
        for (String line : Files.readAllLines(a)) {
            assertTrue(schema.validate(JSON.readTree(line)).isEmpty(), line);
        }

        Map<Long, String> faulted = RecordReplayCommandTest.byCpi(a);
        Map<Long, String> clean = RecordReplayCommandTest.byCpi(plain);
        // samples 20..29 lost: CPIs 5, 6 and 7 (28..31) are never assembled; the others before 10 ms are untouched
        for (long k = 0; k < 12; k++) {
            if (k >= 5 && k <= 7) {
                assertFalse(faulted.containsKey(k), "CPI " + k + " lies in the gap");
            } else {
                assertEquals(clean.get(k), faulted.get(k), "CPI " + k);
            }
        }
        // from 10 ms (CPI 12.5 → 13) channels 1 and 2 are turned by 90°: the estimates change
        assertNotEquals(clean.get(14L), faulted.get(14L));
        // the NaN burst at sample 100 (CPI 25) rejects that CPI, naming the channel
        assertTrue(faulted.get(25L).contains("\"type\":\"fault\"") && faulted.get(25L).contains("channel 3"),
                faulted.get(25L));
    }

    @Test
    void sceneFaultsInjectIntoTheSimulatedArrayAndAReplayOfItsRecordingDoesNotInjectThemTwice(@TempDir Path dir)
            throws Exception {
        Path config = dir.resolve("faulty.yaml");
        Files.writeString(config, CaptureFixtures.smallArrayYaml(1, "linear")
                + "  faults: [{kind: phase, at: 8 ms, channels: [0], size: 180 deg}]\n"
                + "pipeline: {ringMode: lossless}\n");
        Path live = dir.resolve("live.jsonl");
        Path cap = dir.resolve("cap");
        StringWriter err = new StringWriter();
        assertEquals(0, RunCommandTest.run(err, "run", "--config", config.toString(), "--cpis", "20", "--out",
                live.toString(), "--record", cap.toString()), err.toString());
        List<String> liveRecords = records(live);
        JsonNode inject = JSON.readTree(liveRecords.get(1));
        assertEquals("phase", inject.get("kind").asText());
        assertEquals(config.toString(), inject.get("source").asText());
        Path replay = dir.resolve("replay.jsonl");
        assertEquals(0, RunCommandTest.run(err, "replay", cap.toString(), "--cpis", "20", "--out",
                replay.toString()), err.toString());
        assertFalse(records(replay).get(1).contains("\"type\":\"inject\""), "the capture already holds the faults");
        Map<Long, String> want = RecordReplayCommandTest.byCpi(live);
        Map<Long, String> got = RecordReplayCommandTest.byCpi(replay);
        for (long k = 0; k < 20; k++) {
            assertEquals(want.get(k), got.get(k), "CPI " + k);
        }
    }

    @Test
    void badSpecsAreRefusedNamingTheItemWithExit2(@TempDir Path dir) throws Exception {
        Path cap = capture(dir);
        StringWriter err = new StringWriter();
        assertEquals(2, RunCommandTest.run(err, "replay", cap.toString(), "--inject",
                "[{kind: phase, at: 1 ms, channels: [8], size: 90 deg}]"));
        assertTrue(err.toString().contains("--inject: faults[0].channels[0]: channel 8 does not exist: the array has "
                + "8 channels, 0..7"), err.toString());
        err = new StringWriter();
        assertEquals(2, RunCommandTest.run(err, "replay", cap.toString(), "--inject",
                "[{kind: loss, at: 1 ms, for: 1 ms}, {kind: gain, at: 5 s, channels: [0], size: 3 dB}]"));
        assertTrue(err.toString().contains("--inject: faults[1].at: starts at 5.000000 s, at or past the end of the "
                + "part of"), err.toString());
        err = new StringWriter();
        assertEquals(2, RunCommandTest.run(err, "replay", cap.toString(), "--inject", "[{kind: wobble, at: 1 ms}]"));
        assertTrue(err.toString().contains("faults[0].kind: unknown value 'wobble'"), err.toString());
        err = new StringWriter();
        assertEquals(2, RunCommandTest.run(err, "replay", cap.toString(), "--inject", "[{kind: loss, at: 1 ms, "));
        assertTrue(err.toString().contains("--inject: ") && err.toString().contains("not valid YAML"), err.toString());
    }
}
