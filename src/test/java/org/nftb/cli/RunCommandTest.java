package org.nftb.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.testing.TestConfigs;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunCommandTest {

    static Path testConfig(Path dir) throws Exception {
        String yaml = Files.readString(Path.of("hw-config/seed001-sim.yaml"))
                .replace("realTime: true", "realTime: false")
                .replace("refinementSweeps: 2", "refinementSweeps: 2\n  cacheDirectory: " + TestConfigs.TABLE_CACHE);
        Path f = dir.resolve("sim.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    static int run(StringWriter err, String... args) {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void runWritesTheRequestedNumberOfEstimatesAsJsonLines(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out/run.jsonl");
        StringWriter err = new StringWriter();
        int code = run(err, "run", "--config", testConfig(dir).toString(), "--cpis", "4", "--out", out.toString());
        assertEquals(0, code, err.toString());
        List<String> lines = Files.readAllLines(out);
        ObjectMapper json = new ObjectMapper();
        long estimates = lines.stream().filter(l -> l.contains("\"type\":\"estimate\"")).count();
        assertEquals(4, estimates);
        for (String l : lines) {
            json.readTree(l);
        }
    }

    @Test
    void anExistingOutputFileIsNotOverwrittenUnlessAsked(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("keep.jsonl");
        Files.writeString(out, "{\"type\":\"start\"}\n");
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "run", "--config", testConfig(dir).toString(), "--cpis", "2", "--out", out.toString()));
        assertTrue(err.toString().contains("exists") && err.toString().contains("--overwrite"), err.toString());
        assertEquals("{\"type\":\"start\"}\n", Files.readString(out));
        assertEquals(0, run(new StringWriter(), "run", "--config", testConfig(dir).toString(), "--cpis", "2", "--out",
                out.toString(), "--overwrite"));
    }

    @Test
    void aFullDiskIsAClearErrorNamingTheFile(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        int code = run(err, "run", "--config", testConfig(dir).toString(), "--cpis", "4", "--out", "/dev/full");
        assertEquals(2, code);
        assertTrue(err.toString().contains("cannot write records to /dev/full")
                && err.toString().contains("No space left on device"), err.toString());
    }

    @Test
    void aMalformedConfigExitsWithTheFileAndFieldInTheMessage(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(testConfig(dir)).replace("cpiSymbols: 32", "cpiSymbols: many"));
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "run", "--config", bad.toString()));
        assertTrue(err.toString().contains(bad + ": cpiSymbols: expected a whole number, got 'many'"), err.toString());
    }

    @Test
    void aCalibrationTableForAnotherArrayIsRefusedBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        Path table = dir.resolve("t.json");
        org.nftb.calibration.table.CalibrationTables.write(
                org.nftb.calibration.table.CalibrationTable.identity(8, "other", 28e9), table);
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "run", "--config", testConfig(dir).toString(), "--calibration", table.toString()));
        assertTrue(err.toString().contains("has 8 elements, the array has 256"), err.toString());
    }
}
