package org.nftb.methods.dftmusic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.cli.Main;
import org.nftb.testing.TestConfigs;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code nftb run} on the two-target example configuration (unpaced): two positions per CPI, each the truth's. */
class TwoTargetRunTest {

    @Test
    void theTwoTargetExampleReportsBothTargetsInEveryCpi(@TempDir Path dir) throws Exception {
        String yaml = Files.readString(Path.of("hw-config/seed001-two-targets-sim.yaml"))
                .replace("realTime: true", "realTime: false")
                .replace("maxTargets: 2", "maxTargets: 2\n  cacheDirectory: " + TestConfigs.TABLE_CACHE);
        Path config = dir.resolve("two.yaml");
        Files.writeString(config, yaml);
        Path out = dir.resolve("run.jsonl");
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute("run", "--config", config.toString(), "--cpis", "20", "--out", out.toString()),
                err.toString());
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> estimates = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode r = json.readTree(line);
            assertTrue(!r.get("type").asText().equals("fault"), "no faults: " + line);
            if (r.get("type").asText().equals("estimate")) {
                estimates.add(r);
            }
        }
        assertEquals(20, estimates.size());
        for (JsonNode e : estimates) {
            assertEquals(2, e.get("targets").size(), e.toString());
            for (JsonNode truth : e.get("truth")) {
                // the reported target nearest the truth lies within 5 standard deviations of its own covariance
                // (the CRB at the estimate: about 1 cm in range and 1 mm across at processed SNR 40 dB)
                JsonNode nearest = null;
                double best = Double.POSITIVE_INFINITY;
                for (JsonNode t : e.get("targets")) {
                    double d = Math.hypot(t.get("xM").asDouble() - truth.get("xM").asDouble(),
                            t.get("yM").asDouble() - truth.get("yM").asDouble());
                    if (d < best) {
                        best = d;
                        nearest = t;
                    }
                }
                JsonNode cov = nearest.get("covariance").get("polar");
                String[] names = {"angleRad", "rangeM", "radialVelocityMps", "transverseVelocityMps"};
                for (int q = 0; q < 4; q++) {
                    double sigma = Math.sqrt(cov.get(q).get(q).asDouble());
                    double error = nearest.get(names[q]).asDouble() - truth.get(names[q]).asDouble();
                    assertTrue(Math.abs(error) < 5 * sigma, names[q] + " off by " + error / sigma + " σ in " + e);
                }
            }
        }
    }
}
