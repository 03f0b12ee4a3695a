package org.nftb.methods.vmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.cli.Main;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code nftb run} with {@code estimator.type: vmp} on the simulated MIMO pair of hw-config/seed000-sim.yaml: the
 * pipeline transmits the MIMO waveform every CPI, the simulated targets reflect it, the matched filter separates
 * the transmit elements and VMP estimates position and velocity. Tolerances: 5 cm and 0.5 m/s per CPI at this
 * lab size (32 × 32 elements, 64 pulses, per-sample SNR −10 dB; measured ≤ 3.3 cm and ≤ 0.24 m/s).
 */
class VmpLiveTest {

    /** hw-config/seed000-sim.yaml, not paced (as fast as the estimator goes), written into {@code dir}. */
    private static Path simulatedPair(Path dir) throws java.io.IOException {
        Path cfg = dir.resolve("vmp.yaml");
        Files.writeString(cfg, Files.readString(Path.of("hw-config/seed000-sim.yaml"))
                .replace("realTime: true", "realTime: false"));
        return cfg;
    }

    @Test
    void nftbRunEstimatesTheMovingTargetOfTheSimulatedMimoPairCpiByCpi(@TempDir Path dir) throws Exception {
        Path cfg = simulatedPair(dir);
        Path out = dir.resolve("run.jsonl");
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute("run", "--config", cfg.toString(), "--cpis", "4", "--out", out.toString()),
                err.toString());
        ObjectMapper json = new ObjectMapper();
        int estimates = 0;
        for (String line : Files.readAllLines(out)) {
            JsonNode r = json.readTree(line);
            if (r.get("type").asText().equals("start")) {
                assertTrue(r.get("transmit").asText().startsWith("enabled"), r.toString());
                assertEquals("vmp", r.get("estimator").get("type").asText());
            }
            if (!r.get("type").asText().equals("estimate")) {
                continue;
            }
            estimates++;
            JsonNode t = r.get("targets").get(0);
            JsonNode truth = r.get("truth").get(0);
            assertEquals(truth.get("xM").asDouble(), t.get("xM").asDouble(), 0.05, line);
            assertEquals(truth.get("yM").asDouble(), t.get("yM").asDouble(), 0.05, line);
            assertEquals(truth.get("vxMps").asDouble(), t.get("vxMps").asDouble(), 0.5, line);
            assertEquals(truth.get("vyMps").asDouble(), t.get("vyMps").asDouble(), 0.5, line);
            assertTrue(t.get("covariance").get("cartesian").get(0).get(0).asDouble() > 0);
        }
        assertEquals(4, estimates);
    }

    /**
     * The same run recorded, then replayed: the replay sends nothing (its start record says transmit is disabled;
     * the capture holds the echoes of the live bursts) and every CPI the live run estimated is estimated again bit
     * for bit from the recorded samples — so the live bursts were timed on the recorded CPI grid.
     */
    @Test
    void aRecordedRunReplaysToTheSameEstimatesWithoutTransmitting(@TempDir Path dir) throws Exception {
        Path cfg = simulatedPair(dir);
        Path live = dir.resolve("live.jsonl");
        Path replayed = dir.resolve("replay.jsonl");
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute("run", "--config", cfg.toString(), "--cpis", "3", "--no-dashboard", "--record",
                dir.resolve("cap").toString(), "--out", live.toString()), err.toString());
        var rl = Main.commandLine();
        rl.setErr(new PrintWriter(err, true));
        assertEquals(0, rl.execute("replay", dir.resolve("cap").toString(), "--out", replayed.toString()),
                err.toString());
        ObjectMapper json = new ObjectMapper();
        Map<Long, JsonNode> again = new HashMap<>();
        for (String line : Files.readAllLines(replayed)) {
            JsonNode r = json.readTree(line);
            if (r.get("type").asText().equals("start")) {
                assertTrue(r.get("transmit").asText().startsWith("disabled"), r.toString());
            }
            if (r.get("type").asText().equals("estimate")) {
                again.put(r.get("seq").asLong(), r);
            }
        }
        int compared = 0;
        for (String line : Files.readAllLines(live)) {
            JsonNode r = json.readTree(line);
            if (r.get("type").asText().equals("estimate")) {
                JsonNode same = again.get(r.get("seq").asLong());
                assertTrue(same != null, "CPI " + r.get("seq") + " replayed");
                assertEquals(r.get("targets"), same.get("targets"), "CPI " + r.get("seq"));
                compared++;
            }
        }
        assertEquals(3, compared);
    }
}
