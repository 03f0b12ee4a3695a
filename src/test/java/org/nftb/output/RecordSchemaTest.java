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
    }
}
