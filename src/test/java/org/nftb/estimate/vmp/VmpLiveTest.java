package org.nftb.estimate.vmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.cli.Main;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code nftb run} with {@code estimator.type: vmp} on the simulated MIMO pair of hw-config/seed000-sim.yaml: the
 * pipeline transmits the MIMO waveform every CPI, the simulated targets reflect it, the matched filter separates
 * the transmit elements and VMP estimates position and velocity. Tolerances: 5 cm and 0.5 m/s per CPI at this
 * lab size (32 × 32 elements, 64 pulses, per-sample SNR −10 dB; measured ≤ 3.3 cm and ≤ 0.24 m/s).
 */
class VmpLiveTest {

    @Test
    void nftbRunEstimatesTheMovingTargetOfTheSimulatedMimoPairCpiByCpi(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("vmp.yaml");
        Files.writeString(cfg, Files.readString(Path.of("hw-config/seed000-sim.yaml"))
                .replace("realTime: true", "realTime: false"));
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
}
