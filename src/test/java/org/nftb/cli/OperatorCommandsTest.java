package org.nftb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's small things (issue 24, item 5), each as a user meets it: config check and template, unit hints,
 * missing-file messages, completion, --log-file, the UHD log level in the help, replay's dashboard options and its
 * normal end, bench pipeline's round labels.
 */
class OperatorCommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static String stdout(Runnable r) {
        return RecordReplayCommandTest.stdout(r);
    }

    @Test
    void theTemplateIsACommentedConfigThatConfigCheckAccepts(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        String text = stdout(() -> assertEquals(0, RunCommandTest.run(err, "config", "template")));
        assertTrue(text.lines().filter(l -> l.trim().startsWith("#")).count() >= 10, "commented:\n" + text);
        Path f = dir.resolve("mine.yaml");
        assertEquals(0, RunCommandTest.run(err, "config", "template", "--out", f.toString()), err.toString());
        assertEquals(text, Files.readString(f));
        String checked = stdout(() -> assertEquals(0, RunCommandTest.run(err, "config", "check", f.toString())));
        assertTrue(checked.contains(f + ": OK") && checked.contains("dftmusic on sim"), checked);
        assertEquals(2, RunCommandTest.run(err, "config", "template", "--out", f.toString()), "no overwrite");
    }

    @Test
    void configCheckRefusesABadConfigNamingFileAndFieldAndABareCarrierGetsAUnitHint(@TempDir Path dir)
            throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(RunCommandTest.testConfig(dir))
                .replace("carrierFrequency: 28 GHz", "carrierFrequency: 28"));
        StringWriter err = new StringWriter();
        assertEquals(2, RunCommandTest.run(err, "config", "check", bad.toString()));
        assertTrue(err.toString().contains(bad + ": carrierFrequency:") && err.toString().contains(
                "did you mean '28 GHz'?"), err.toString());
    }

    @Test
    void aMissingConfigListsTheExistingOnesAndAMissingCalibrationIsBlamedOnTheOption(@TempDir Path dir)
            throws Exception {
        StringWriter err = new StringWriter();
        assertEquals(2, RunCommandTest.run(err, "run", "--config", "hw-config/seed001-simm.yaml", "--cpis", "1"));
        assertTrue(err.toString().contains("no such file; existing ones:") && err.toString().contains(
                "hw-config/seed001-sim.yaml") && err.toString().contains("hw-config/seed003-sim.yaml"), err.toString());

        StringWriter err2 = new StringWriter();
        Path missing = dir.resolve("nope.json");
        assertEquals(2, RunCommandTest.run(err2, "run", "--config", RunCommandTest.testConfig(dir).toString(),
                "--calibration", missing.toString(), "--cpis", "1", "--no-dashboard"));
        assertTrue(err2.toString().contains(missing + ": no such calibration table (named by --calibration)")
                && !err2.toString().contains("calibration.table"), err2.toString());
    }

    @Test
    void completionPrintsABashScriptForEveryCommand() {
        String script = stdout(() -> assertEquals(0, RunCommandTest.run(new StringWriter(), "completion")));
        assertTrue(script.contains("complete -F") && script.contains("_picocli_nftb"), script.substring(0,
                Math.min(400, script.length())));
        for (String cmd : List.of("run", "replay", "report", "config", "calibrate", "bench")) {
            assertTrue(script.contains(cmd), cmd);
        }
    }

    @Test
    void logFileReceivesTheLogAndTheHelpSaysHowToQuietUhd(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("nftb.log");
        StringWriter err = new StringWriter();
        assertEquals(0, RunCommandTest.run(err, "run", "--log-file", log.toString(), "--config",
                RunCommandTest.testConfig(dir).toString(), "--cpis", "2", "--out", dir.resolve("r.jsonl").toString(),
                "--no-dashboard"), err.toString());
        String text = Files.readString(log);
        assertTrue(text.contains("RunCommand - config:") && text.contains("calibration in force"), text);
        JsonNode summary = lastRecord(dir.resolve("r.jsonl"));
        assertEquals("log", summary.get("outputs").get(1).get("kind").asText());
        String help = stdout(() -> RunCommandTest.run(new StringWriter(), "run", "--help"));
        assertTrue(help.contains("UHD_LOG_CONSOLE_LEVEL") && help.contains("--log-file"), help);
    }

    @Test
    void replayTakesTheDashboardOptionsAndItsNormalEndIsNoReceiveFault(@TempDir Path dir) throws Exception {
        Path cap = dir.resolve("cap");
        StringWriter err = new StringWriter();
        assertEquals(0, RunCommandTest.run(err, "run", "--config", RunCommandTest.testConfig(dir).toString(), "--cpis",
                "6", "--out", dir.resolve("live.jsonl").toString(), "--record", cap.toString(), "--no-dashboard"),
                err.toString());
        Path replay = dir.resolve("replay.jsonl");
        assertEquals(0, RunCommandTest.run(err, "replay", cap.toString(), "--out", replay.toString(),
                "--no-dashboard"), err.toString());
        JsonNode health = null;
        for (String line : Files.readAllLines(replay)) {
            JsonNode r = JSON.readTree(line);
            if (r.get("type").asText().equals("health") && r.get("final").asBoolean()) {
                health = r;
            }
        }
        assertTrue(health != null && health.get("rxFaults").isEmpty(), "a replay's end is not a fault: " + health);
        assertEquals(0, RunCommandTest.run(err, "replay", cap.toString(), "--out", dir.resolve("r2.jsonl").toString(),
                "--dashboard-port", "0", "--bind", "127.0.0.1"), err.toString());
    }

    @Test
    void benchPipelineLabelsEachRoundWithItsStreamLengthAndTheTimeItTook() {
        long t0 = System.nanoTime();
        String out = stdout(() -> assertEquals(0, RunCommandTest.run(new StringWriter(), "bench", "pipeline",
                "--seconds", "0.4", "--rounds", "1", "--lossless-cpis", "10")));
        double wall = (System.nanoTime() - t0) / 1e9;
        Matcher m = Pattern.compile("round 1, 1 worker\\(s\\): \\d+ CPIs from the radio \\(0\\.4 s of stream; the "
                + "round took ([0-9.]+) s").matcher(out);
        assertTrue(m.find(), out);
        double took = Double.parseDouble(m.group(1));
        assertTrue(took >= 0.4 && took <= wall, took + " s of " + wall + " s:\n" + out);
        assertFalse(out.contains("(0.4 s) with"), out);
    }

    static JsonNode lastRecord(Path jsonl) throws Exception {
        List<String> lines = Files.readAllLines(jsonl);
        return JSON.readTree(lines.get(lines.size() - 1));
    }
}
