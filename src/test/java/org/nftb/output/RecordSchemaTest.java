package org.nftb.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.cli.Main;
import org.nftb.testing.TestConfigs;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The record schema file is the contract: real {@code nftb run} output validates against it, and it rejects. */
class RecordSchemaTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static JsonSchema schema;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = RecordSchemaTest.class.getResourceAsStream("/schema/nftb-records.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    static Path config(Path dir, String extra) throws Exception {
        String yaml = Files.readString(Path.of("hw-config/seed001-sim.yaml"))
                .replace("realTime: true", "realTime: false")
                .replace("refinementSweeps: 2", "refinementSweeps: 2\n  cacheDirectory: " + TestConfigs.TABLE_CACHE)
                + extra;
        Path f = dir.resolve("sim.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void realRunOutputValidatesAgainstTheSchemaFileRecordByRecord(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run.jsonl");
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute("run", "--config", config(dir, "").toString(), "--cpis", "20", "--out",
                out.toString()), err.toString());
        List<String> lines = Files.readAllLines(out);
        Set<String> types = new HashSet<>();
        for (String line : lines) {
            JsonNode record = JSON.readTree(line);
            Set<ValidationMessage> problems = schema.validate(record);
            assertTrue(problems.isEmpty(), problems + " in " + line);
            types.add(record.get("type").asText());
        }
        assertTrue(types.containsAll(Set.of("start", "estimate", "health")), types.toString());
    }

    /**
     * A tracked run (hw-config/seed001-tracked-sim.yaml) in live mode on one worker and a two-slot ring, unpaced: the
     * simulated array outruns the estimator, so CPIs are dropped and the tracker writes gap records between its
     * update records, and an end record. Every record validates, the start record names the stage.
     */
    @Test
    void aTrackedRunThatDropsCpisValidatesWithItsTrackRecords(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("tracked.jsonl");
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute("run", "--config", TestConfigs.trackedSeed001(dir, "live",
                "  workers: 1\n  ringSlots: 2\n").toString(), "--cpis", "25", "--no-dashboard", "--out",
                out.toString()), err.toString());
        Set<String> events = new HashSet<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode record = JSON.readTree(line);
            Set<ValidationMessage> problems = schema.validate(record);
            assertTrue(problems.isEmpty(), problems + " in " + line);
            if (record.get("type").asText().equals("start")) {
                assertTrue(record.get("sequential").asText().startsWith("cvtracker"), line);
            }
            if (record.get("type").asText().equals("track")) {
                events.add(record.get("event").asText() + (record.has("gap")
                        ? " " + record.get("gap").get("cause").asText() : ""));
            }
        }
        assertEquals(Set.of("update", "gap dropped", "end"), events);
    }

    @Test
    void theSchemaRefusesARecordThatBreaksTheContract() throws Exception {
        // a reported target without its quality block, and an unknown record type
        JsonNode noQuality = JSON.readTree("{\"type\":\"estimate\",\"seq\":0,\"cpiTimeNanos\":0,\"stateTimeNanos\":1,"
                + "\"calibrationVersion\":1,\"latencyNanos\":5,\"targets\":[{\"angleRad\":0,\"angleDeg\":0,\"rangeM\":1,"
                + "\"radialVelocityMps\":0,\"transverseVelocityMps\":0,\"xM\":0,\"yM\":1,\"vxMps\":0,\"vyMps\":0,"
                + "\"diagnostics\":{}}]}");
        assertFalse(schema.validate(noQuality).isEmpty());
        assertFalse(schema.validate(JSON.readTree("{\"type\":\"estimates\",\"seq\":0}")).isEmpty());
        JsonNode fault = JSON.readTree("{\"type\":\"fault\",\"seq\":3,\"what\":\"x\",\"where\":\"y\"}");
        assertTrue(schema.validate(fault).isEmpty());
        // a track update record must say what it saw; a gap record must say its cause
        String track = "{\"type\":\"track\",\"seq\":3,\"stateTimeNanos\":5,\"event\":\"update\",\"tracks\":[],"
                + "\"ended\":[]";
        assertFalse(schema.validate(JSON.readTree(track + "}")).isEmpty());
        assertTrue(schema.validate(JSON.readTree(track + ",\"estimates\":0,\"unresolved\":0,\"unusable\":0,"
                + "\"started\":0,\"notStarted\":0}")).isEmpty());
        assertFalse(schema.validate(JSON.readTree(track.replace("update", "gap")
                + ",\"gap\":{\"fromSeq\":3,\"toSeq\":4,\"cpis\":1,\"cause\":\"late\"}}")).isEmpty());
    }
}
