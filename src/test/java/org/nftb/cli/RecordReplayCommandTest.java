package org.nftb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.calibration.table.CalibrationTables;
import org.nftb.device.replay.Capture;
import org.nftb.model.ArrayErrors;
import org.nftb.record.CaptureFixtures;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code nftb record}, {@code run --record}, {@code replay} and {@code capture info|plot} end to end. */
public class RecordReplayCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** estimate and fault records by CPI, without the one field that depends on the machine (latency). */
    public static Map<Long, String> byCpi(Path jsonl) throws Exception {
        Map<Long, String> out = new TreeMap<>();
        for (String line : Files.readAllLines(jsonl)) {
            JsonNode r = JSON.readTree(line);
            String type = r.get("type").asText();
            if (type.equals("estimate") || type.equals("fault") && r.get("seq").asLong() >= 0) {
                ((ObjectNode) r).remove("latencyNanos");
                out.merge(r.get("seq").asLong(), r.toString(), (a, b) -> a + "\n" + b);
            }
        }
        return out;
    }

    static String stdout(Runnable r) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aCaptureOfTheSimulatedArrayReplaysToTheLiveRunsEstimatesBitForBitWithItsEmbeddedCalibration(@TempDir Path dir)
            throws Exception {
        // seed 001's scenario, moving (so the truth changes every CPI), lossless so the live run keeps every CPI
        Path config = dir.resolve("moving.yaml");
        Files.writeString(config, Files.readString(RunCommandTest.testConfig(dir)).replace("motion: frozen",
                "motion: linear") + "pipeline: {ringMode: lossless, workers: 2}\n");
        // the calibration in force is the array's true W (the scene's calibrationErrors): estimates depend on it
        CalibrationTable truthW = new CalibrationTable("5b29a000-256", 28e9, Instant.EPOCH, "simulated-truth",
                ArrayErrors.draw(256, Math.toRadians(5), 1, 7), "w.json");
        Path table = dir.resolve("w.json");
        CalibrationTables.write(truthW, table);
        Path live = dir.resolve("live.jsonl");
        Path cap = dir.resolve("cap");
        StringWriter err = new StringWriter();
        assertEquals(0, RunCommandTest.run(err, "run", "--config", config.toString(), "--cpis", "24", "--out",
                live.toString(), "--calibration", table.toString(), "--record", cap.toString()), err.toString());

        Path replay = dir.resolve("replay.jsonl");
        assertEquals(0, RunCommandTest.run(err, "replay", cap.toString(), "--out", replay.toString()), err.toString());
        Map<Long, String> want = byCpi(live);
        Map<Long, String> got = byCpi(replay);
        assertEquals(24, want.size());
        assertTrue(got.size() >= 24, "the capture holds at least the CPIs the live run consumed: " + got.size());
        for (Map.Entry<Long, String> e : want.entrySet()) {
            assertEquals(e.getValue(), got.get(e.getKey()), "CPI " + e.getKey());
        }
        assertTrue(want.values().iterator().next().contains("\"truth\":["), "the truth is replayed too");
        String start = Files.readAllLines(replay).get(0);
        assertTrue(start.contains("simulated-truth table") && start.contains("recorded from " + table), start);

        // another calibration named on the command line is used instead, and changes the estimates
        Path identity = dir.resolve("identity.json");
        CalibrationTables.write(CalibrationTable.identity(256, "5b29a000-256", 28e9), identity);
        Path other = dir.resolve("other.jsonl");
        assertEquals(0, RunCommandTest.run(err, "replay", cap.toString(), "--cpis", "24", "--calibration",
                identity.toString(), "--out", other.toString()), err.toString());
        Map<Long, String> differently = byCpi(other);
        assertNotEquals(want.get(0L), differently.get(0L));
        assertTrue(Files.readAllLines(other).get(0).contains("identity table"));
    }

    @Test
    void recordWritesWholeCpisAndInfoAndPlotDescribeTheCapture(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("small.yaml");
        Files.writeString(config, CaptureFixtures.smallArrayYaml(2, "frozen"));
        Path cap = dir.resolve("cap");
        StringWriter err = new StringWriter();
        assertEquals(0, RunCommandTest.run(err, "record", "--config", config.toString(), "--out", cap.toString(),
                "--cpis", "5", "--datatype", "ci16_le"), err.toString());
        Capture c = Capture.open(cap);
        assertEquals(5 * 8, c.sampleCount());
        String info = stdout(() -> assertEquals(0, RunCommandTest.run(new StringWriter(), "capture", "info",
                cap.toString())));
        assertTrue(info.contains("channels     8 x ci16_le at 10000.0 Hz: 40 samples = 0.004000 s"), info);
        assertTrue(info.contains("truth        2 target(s) at 5 CPI state times, motion frozen; first: θ 10.000°"),
                info);
        assertTrue(info.contains("calibration  identity table for 8 elements"), info);
        assertTrue(info.contains("hw-config    " + config + " (embedded"), info);
        Path png = dir.resolve("plot/cap.png");
        assertEquals(0, RunCommandTest.run(err, "capture", "plot", cap.toString(), "--out", png.toString(),
                "--fft", "16"), err.toString());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1440, img.getWidth());
        assertEquals(480, img.getHeight());
        assertEquals(2, RunCommandTest.run(err, "record", "--config", config.toString(), "--out", cap.toString(),
                "--cpis", "1"));
        assertTrue(err.toString().contains("is not empty"), err.toString());
    }

    @Test
    void theLogoRecordingNeedsAConfigurationToReplayAndInfoShowsItsAnnotations() {
        String logo = "src/test/resources/sigmf/logo_sigmf_logo.sigmf-meta";
        StringWriter err = new StringWriter();
        assertEquals(2, RunCommandTest.run(err, "replay", logo));
        assertTrue(err.toString().contains("was not recorded by nftb") && err.toString().contains("--config FILE"),
                err.toString());
        String info = stdout(() -> assertEquals(0, RunCommandTest.run(new StringWriter(), "capture", "info", logo)));
        assertTrue(info.contains("(not written by nftb)") && info.contains("2 x ri16_le (interleaved)")
                && info.contains("samples 48000..186000: logo spinup") && info.contains("SHA-512 verified"), info);
    }

    @Test
    void theReplayBackendPlaysACaptureNamedInAnHwConfig(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("small.yaml");
        String yaml = CaptureFixtures.smallArrayYaml(1, "frozen");
        Files.writeString(config, yaml);
        Path cap = dir.resolve("cap");
        StringWriter err = new StringWriter();
        assertEquals(0, RunCommandTest.run(err, "record", "--config", config.toString(), "--out", cap.toString(),
                "--cpis", "6"), err.toString());
        Path replayConfig = dir.resolve("replay.yaml");
        Files.writeString(replayConfig, yaml.replace("backend: sim", "backend: replay\n  replay: {capture: " + cap
                + ", pace: max}") + "pipeline: {ringMode: lossless}\n");
        Path out = dir.resolve("out.jsonl");
        assertEquals(0, RunCommandTest.run(err, "run", "--config", replayConfig.toString(), "--out", out.toString()),
                err.toString());
        assertEquals(6, byCpi(out).size(), "every recorded CPI, then the end of the capture ends the run");
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, yaml.replace("backend: sim", "backend: replay"));
        assertEquals(2, RunCommandTest.run(err, "run", "--config", broken.toString()));
        assertTrue(err.toString().contains(broken + ": radio.replay: missing required field 'replay'"), err.toString());
    }
}
