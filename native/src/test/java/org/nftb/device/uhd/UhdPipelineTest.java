package org.nftb.device.uhd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code nftb run --config hw-config/e320-sim.yaml} end to end: the scene is synthesized in switch order
 * ({@code nftb synth-iq}), served by UHD's simulated E320, received through libuhd, de-multiplexed into 16
 * elements and estimated.
 */
class UhdPipelineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = "hw-config/e320-sim.yaml";

    private static List<JsonNode> records(Path out, String type) throws Exception {
        List<JsonNode> list = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            if (!line.isBlank()) {
                JsonNode n = JSON.readTree(line);
                if (n.get("type").asText().equals(type)) {
                    list.add(n);
                }
            }
        }
        return list;
    }

    @Test
    void nftbRunEstimatesTheSceneFedThroughTheSimulator(@TempDir Path dir) throws Exception {
        Path iq = dir.resolve("scene.sc16");
        assertEquals(0, Main.commandLine().execute("synth-iq", "--config", CONFIG, "--cpis", "30", "--out", iq.toString()));
        Path out = dir.resolve("run.jsonl");
        try (UhdSimulator sim = UhdSimulator.start(dir.resolve("sim"), iq, null)) {
            int code = Main.commandLine().execute("run", "--config", CONFIG, "--cpis", "20", "--out", out.toString());
            assertEquals(0, code);
        }
        List<JsonNode> est = records(out, "estimate");
        assertEquals(20, est.size());
        for (int i = 0; i < est.size(); i++) {
            assertEquals(i, est.get(i).get("seq").asLong(), "CPIs arrive in order, none lost");
        }
        JsonNode health = records(out, "health").get(records(out, "health").size() - 1);
        assertEquals(0, health.get("cpisDroppedGap").asLong(), health.toString());

        // Reference: the same scene on the simulated array directly (backend sim, no radio, no switch). The only
        // difference on the UHD path is sc16 quantisation, so the estimates agree CPI by CPI.
        Path simConfig = dir.resolve("e320-as-sim.yaml");
        Files.writeString(simConfig, SimConfigs.e320Text().replace("backend: uhd", "backend: sim")
                .replaceAll("(?s)  uhd:.*?(?=  txLimits:)", "")
                .replace("realTime: false", "realTime: true"));   // paced like the radio: no ring-full drops
        Path ref = dir.resolve("sim.jsonl");
        assertEquals(0, Main.commandLine().execute("run", "--config", simConfig.toString(), "--cpis", "20",
                "--out", ref.toString()));
        java.util.Map<Long, JsonNode> want = new java.util.HashMap<>();
        for (JsonNode w : records(ref, "estimate")) {
            want.put(w.get("seq").asLong(), w);
        }
        assertTrue(want.size() >= 15, "reference CPIs: " + want.keySet());
        for (JsonNode record : est) {
            JsonNode reference = want.get(record.get("seq").asLong());
            if (reference == null || record.get("targets").isEmpty() || reference.get("targets").isEmpty()) {
                continue;   // not in the reference run, or flagged unresolved by its own fit in either run
            }
            JsonNode e = record.get("targets").get(0);
            JsonNode w = reference.get("targets").get(0);
            assertEquals(w.get("angleDeg").asDouble(), e.get("angleDeg").asDouble(), 0.05, e + " vs " + w);
            assertEquals(w.get("rangeM").asDouble(), e.get("rangeM").asDouble(), 0.002, e + " vs " + w);
            assertEquals(w.get("radialVelocityMps").asDouble(), e.get("radialVelocityMps").asDouble(), 0.02);
            assertEquals(w.get("transverseVelocityMps").asDouble(), e.get("transverseVelocityMps").asDouble(), 0.05);
        }
        // and the scene (r = 0.5 m, θ = 20 deg, v_r = 5 m/s, v_θ = 3 m/s) is found in every target reported (a CPI
        // whose own fit says it is wrong is a fault record, not a position)
        int reported = 0;
        for (JsonNode record : est) {
            if (record.get("targets").isEmpty()) {
                continue;
            }
            reported++;
            JsonNode e = record.get("targets").get(0);
            assertEquals(20.0, e.get("angleDeg").asDouble(), 0.5, e.toString());
            assertEquals(0.5, e.get("rangeM").asDouble(), 0.02, e.toString());
            assertEquals(5.0, e.get("radialVelocityMps").asDouble(), 0.05, e.toString());
            assertEquals(3.0, e.get("transverseVelocityMps").asDouble(), 0.2, e.toString());
        }
        assertTrue(reported >= 15, "targets reported in " + reported + " of 20 CPIs");
        System.out.println("nftb run through the simulator: " + est.get(est.size() - 1));
    }

    @Test
    void killingTheSimulatorMidRunEndsTheRunWithAClearErrorAndKeepsTheRecords(@TempDir Path dir) throws Exception {
        Path iq = dir.resolve("scene.sc16");
        assertEquals(0, Main.commandLine().execute("synth-iq", "--config", CONFIG, "--cpis", "50", "--out", iq.toString()));
        Path out = dir.resolve("run.jsonl");
        int threadsBefore = UhdResources.nativeThreads();
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (UhdSimulator sim = UhdSimulator.start(dir.resolve("sim"), iq, null, "--rx-repeat")) {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() ->
                    Main.commandLine().execute("run", "--config", CONFIG, "--out", out.toString()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((!Files.exists(out) || records(out, "estimate").size() < 5) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(records(out, "estimate").size() >= 5, "the run produced estimates before the kill");
            sim.kill();                                   // SIGKILL: the radio is unplugged
            int code = run.get(60, TimeUnit.SECONDS);
            System.setErr(oldErr);
            String stderr = err.toString(StandardCharsets.UTF_8);
            assertEquals(3, code, stderr);
            assertTrue(stderr.contains("the input failed: uhd: device addr=127.0.0.1 stopped answering"), stderr);
        } finally {
            System.setErr(oldErr);
        }
        List<JsonNode> est = records(out, "estimate");
        List<JsonNode> faults = records(out, "fault");
        assertTrue(est.size() >= 5, "records before the failure are kept: " + est.size());
        assertTrue(faults.stream().anyMatch(f -> f.toString().contains("stopped answering")), faults.toString());
        JsonNode last = records(out, "health").get(records(out, "health").size() - 1);
        assertTrue(last.get("final").asBoolean());
        // the device handle was released: libuhd's threads for this session are gone
        int threadsAfter = UhdResources.nativeThreads();
        System.out.printf("kill mid-run: %d estimates kept, error: %s; native threads before %d, after %d%n",
                est.size(), faults.get(faults.size() - 1), threadsBefore, threadsAfter);
        assertTrue(threadsAfter <= threadsBefore + 2, "threads before " + threadsBefore + ", after " + threadsAfter);
    }
}
