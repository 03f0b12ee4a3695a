package org.nftb.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.config.RunConfig;
import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.TargetEstimate;
import org.nftb.model.PolarState;
import org.nftb.model.TargetState;
import org.nftb.output.EstimateRecord;
import org.nftb.output.FanOutSink;
import org.nftb.output.HealthSnapshot;
import org.nftb.output.JsonLinesSink;
import org.nftb.output.RecordSink;
import org.nftb.testing.TestConfigs;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard in process: what a browser receives over the WebSocket, and what a slow browser costs. */
class DashboardServerTest {
    static final RunConfig CFG = TestConfigs.seed001(1, true);
    static final RecordSink.RunInfo INFO = new RecordSink.RunInfo("test.yaml", "test run", "sim", "dftmusic",
            "integrate-and-dump", List.of("coarseAngleRad"), "identity", 1, "live", 8, "disabled", List.of());

    static Dashboard start(CalibrationState calibration) throws Exception {
        return Dashboard.start(DashboardConfig.loopback(0, true), CFG, calibration);
    }

    static CalibrationState identity() {
        return new CalibrationState(CalibrationTable.identity(256, "test", 28e9));
    }

    /** A record view for CPI {@code seq}: one target near seed 001's, with a covariance, and its truth. */
    static EstimateRecord estimate(long seq, EstimateFrame frame) {
        frame.clear();
        TargetEstimate t = frame.addTarget();
        t.setPolar(0.2618 + 1e-6 * seq, 7.0165 + 1e-4 * seq, 10, 8, 0, 0);
        double[] cov = new double[16];
        for (int i = 0; i < 4; i++) {
            cov[5 * i] = 1e-6 * (i + 1);
        }
        t.setPolarCovariance(cov, "crb-at-estimate");
        t.setQuality(0.93, 0.92, 11.2, true);
        t.setDiagnostic(0, 0.26);
        TargetState truth = TargetState.fromPolar(new PolarState(7.0165, 0.2618, 10, 8), 0, 0);
        return new EstimateRecord().set(seq, seq * 6_400_000L, seq * 6_400_000L + 3_100_000L, 1, 5_000_000L, frame,
                List.of(truth), 0, 0);
    }

    static HealthSnapshot health(long processed) {
        return new HealthSnapshot(processed / 60.0, processed * 32, processed, processed, 0, 0, 0, 0, 0, 0, processed,
                Map.of(), 6_000_000, 9_000_000, false);
    }

    @Test
    void aBrowserReceivesEveryRecordAsTheJsonLinesWriteItPlusTheSceneAndTheCalibrationTables() throws Exception {
        CalibrationState calibration = identity();
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        try (Dashboard d = start(calibration); BrowserClient page = new BrowserClient(d.port(), true)) {
            JsonLinesSink json = new JsonLinesSink(lines, "memory", false);
            RecordSink sink = new FanOutSink(json, d.sink());
            sink.start(INFO);
            EstimateFrame frame = new EstimateFrame(1, 1);
            for (long s = 0; s < 40; s++) {
                sink.estimate(estimate(s, frame));
            }
            double[] w = new double[512];
            for (int n = 0; n < 256; n++) {
                w[2 * n] = Math.cos(0.01 * n) * 1.1;
                w[2 * n + 1] = Math.sin(0.01 * n) * 1.1;
            }
            long v2 = calibration.offer(new CalibrationTable("test", 28e9, Instant.EPOCH, "loopback", w, "t.json"));
            sink.calibration(40, v2, calibration.table(v2).describe());
            sink.health(health(41));
            sink.fault(41, "target 0 unresolved: fit 0.0060 where 0.9300 is expected", "CPI 41");
            sink.estimate(estimate(42, frame));
            assertEquals(sink.recordsWritten(), json.recordsWritten());

            List<JsonNode> messages = page.until(r -> r.get("type").asText().equals("estimate")
                    && r.get("seq").asLong() == 42, 20);
            List<JsonNode> received = new ArrayList<>();
            List<JsonNode> calibrations = new ArrayList<>();
            for (JsonNode m : messages) {
                assertEquals("update", m.get("kind").asText());
                assertEquals(0, m.get("dropped").asLong());
                m.get("records").forEach(r -> received.add(r.get("r")));
                if (m.has("calibrations")) {
                    m.get("calibrations").forEach(calibrations::add);
                }
            }
            List<JsonNode> written = new ArrayList<>();
            for (String line : lines.toString(StandardCharsets.UTF_8).split("\n")) {
                written.add(BrowserClient.JSON.readTree(line));
            }
            assertEquals(written, received, "the page gets the JSON lines, record for record");
            JsonNode first = messages.get(0);
            assertEquals(256, first.get("scene").get("rx").get("elementsM").size());
            assertEquals(CFG.rxArray().xM(255), first.get("scene").get("rx").get("elementsM").get(255).get(0).asDouble());
            assertTrue(first.get("scene").has("simulatedW"), "the simulated array's errors are known");
            assertEquals(List.of(1L, 2L), calibrations.stream().map(c -> c.get("version").asLong()).toList());
            JsonNode c2 = calibrations.get(1);
            assertEquals(40, c2.get("fromSeq").asLong());
            assertEquals(20 * Math.log10(1.1), c2.get("amplitudeDb").get(100).asDouble(), 1e-6);
            assertEquals(Math.toDegrees(0.01 * 100), c2.get("phaseDeg").get(100).asDouble(), 1e-6);
        }
    }

    @Test
    void aBrowserThatStopsReadingLosesTheOldestRecordsCountedWhileTheSinkNeverWaits() throws Exception {
        String bulk = "x".repeat(8000);
        int total = 3000;
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            try (Dashboard d = start(identity()); BrowserClient stalled = new BrowserClient(d.port(), false);
                 BrowserClient reading = new BrowserClient(d.port(), true)) {
                RecordSink sink = d.sink();
                sink.start(INFO);
                for (int i = 1; i < total; i++) {
                    sink.fault(i, bulk, "CPI " + i);          // 8 kB records, ~24 MB in all
                    if (i % 40 == 0) {
                        Thread.sleep(20);                     // about one push tick per 40 records
                    }
                }
                sink.fault(total, "last", "CPI " + total);
                long[] counts = new long[4];
                for (int c = 0; c < 2; c++) {
                    BrowserClient page = c == 0 ? stalled : reading;
                    if (c == 0) {
                        stalled.resume();
                    }
                    List<JsonNode> got = page.until(r -> r.path("what").asText().equals("last"), 60);
                    long received = got.stream().mapToLong(m -> m.get("records").size()).sum();
                    long dropped = got.get(got.size() - 1).get("dropped").asLong();
                    assertEquals(total + 1, received + dropped, "records received + dropped = records published");
                    counts[2 * c] = received;
                    counts[2 * c + 1] = dropped;
                }
                assertTrue(counts[1] > 0, "the browser that stopped reading lost records: " + counts[1]);
                assertTrue(counts[1] > counts[3], "it lost more than the one that kept reading ("
                        + counts[1] + " vs " + counts[3] + ")");
                assertEquals(counts[1] + counts[3], d.recordsDroppedForBrowsers());
            }
        });
    }

    @Test
    void theDefaultPortFallsBackToAFreeOneWhenTakenButAnExplicitPortIsRefused() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            try (Dashboard d = Dashboard.start(DashboardConfig.loopback(port, false), CFG, identity())) {
                assertNotEquals(port, d.port());
                assertTrue(d.url().startsWith("http://127.0.0.1:" + d.port() + "/"), d.url());
            }
            assertThrows(java.io.IOException.class,
                    () -> Dashboard.start(DashboardConfig.loopback(port, true), CFG, identity()).close());
        }
    }
}
