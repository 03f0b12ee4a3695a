package org.nftb.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.config.PipelineConfig;
import org.nftb.config.RunConfig;
import org.nftb.device.DeviceException;
import org.nftb.device.RadioDevice;
import org.nftb.device.RxBuffer;
import org.nftb.device.sim.SimulatedArray;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.estimator.Estimators;
import org.nftb.output.JsonLinesSink;
import org.nftb.output.OutputException;
import org.nftb.output.RecordSink;
import org.nftb.testing.ForwardingDevice;
import org.nftb.testing.TestConfigs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineTest {
    static EstimatorSetup estimator;
    static final ObjectMapper JSON = new ObjectMapper();
    static RecordSink.RunInfo INFO;

    @BeforeAll
    static void tables() {
        RunConfig cfg = TestConfigs.seed001(1, false);
        estimator = Estimators.of(cfg.estimator()).setup(cfg);
        INFO = new RecordSink.RunInfo("test", "test", "sim", estimator.type(), "integrate-and-dump",
                estimator.diagnosticNames(), "identity", 1, "live", 8, "disabled", List.of());
    }

    static CalibrationState identity() {
        return new CalibrationState(CalibrationTable.identity(256, "t", 28e9));
    }

    static List<JsonNode> records(ByteArrayOutputStream out) throws IOException {
        List<JsonNode> list = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                list.add(JSON.readTree(line));
            }
        }
        return list;
    }

    static List<JsonNode> ofType(List<JsonNode> all, String type) {
        return all.stream().filter(n -> n.get("type").asText().equals(type)).toList();
    }

    @Test
    void aRunProducesOneEstimatePerCpiWithTruthAndAFinalHealthRecord() throws Exception {
        RunConfig cfg = TestConfigs.seed001(5, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SimulatedArray sim = new SimulatedArray(cfg); JsonLinesSink sink = new JsonLinesSink(out, "memory", false)) {
            Pipeline.RunResult r = new Pipeline(cfg, sim, identity(), estimator, sink, null, 12).run(INFO);
            assertFalse(r.failed());
            assertEquals(12, r.health().cpisProcessed());
        }
        List<JsonNode> all = records(out);
        assertEquals("start", all.get(0).get("type").asText());
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            assertTrue(line.startsWith("{\"type\":\"") && line.endsWith("}"), "one bare object per line: " + line);
        }
        List<JsonNode> estimates = ofType(all, "estimate");
        assertEquals(12, estimates.size());
        long previous = -1;
        for (JsonNode e : estimates) {
            assertTrue(e.get("seq").asLong() > previous);
            previous = e.get("seq").asLong();
            assertEquals(1, e.get("targets").size());
            JsonNode t = e.get("targets").get(0);
            assertEquals(e.get("truth").get(0).get("rangeM").asDouble(), t.get("rangeM").asDouble(), 0.07);
            assertEquals(Math.toDegrees(t.get("angleRad").asDouble()), t.get("angleDeg").asDouble(), 1e-9);
            double x = t.get("xM").asDouble();
            double y = t.get("yM").asDouble();
            assertEquals(t.get("rangeM").asDouble(), Math.hypot(x, y), 1e-9);
            assertEquals(e.get("cpiTimeNanos").asLong() + 3_100_000L, e.get("stateTimeNanos").asLong());
            assertTrue(t.get("quality").get("consistent").asBoolean());
            assertTrue(t.get("covariance").get("polar").get(1).get(1).asDouble() > 0, "CRB of r is positive");
        }
        JsonNode last = all.get(all.size() - 1);
        assertEquals("health", last.get("type").asText());
        assertTrue(last.get("final").asBoolean());
        assertEquals(12, last.get("cpisProcessed").asLong());
    }

    @Test
    void stopDrainsWhatWasAssembledAndWritesAFinalHealthRecord() throws Exception {
        RunConfig cfg = TestConfigs.seed001(9, false);
        LineLatchStream out = new LineLatchStream(6);
        try (SimulatedArray sim = new SimulatedArray(cfg); JsonLinesSink sink = new JsonLinesSink(out, "memory", false)) {
            Pipeline p = new Pipeline(cfg, sim, identity(), estimator, sink, null, Long.MAX_VALUE);
            java.util.concurrent.CompletableFuture<Pipeline.RunResult> result =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            return p.run(INFO);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
            assertTrue(out.lines.await(30, TimeUnit.SECONDS), "start and five estimates were written");
            assertTrue(p.counters().cpisPublished() >= 5, "five CPIs were published before the stop");
            p.stop();
            Pipeline.RunResult r = result.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertFalse(r.failed());
            // everything published was estimated: a stop drains the ring
            assertEquals(r.health().cpisPublished(), r.health().cpisProcessed());
            assertEquals(0, r.health().cpisUnprocessedAtStop());
        }
        List<JsonNode> all = records(out);
        JsonNode last = all.get(all.size() - 1);
        assertTrue(last.get("final").asBoolean());
        assertEquals(ofType(all, "estimate").size(), last.get("cpisProcessed").asLong());
    }

    /** Collects what is written and counts lines down a latch. */
    static final class LineLatchStream extends ByteArrayOutputStream {
        final CountDownLatch lines;

        LineLatchStream(int count) {
            this.lines = new CountDownLatch(count);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    lines.countDown();
                }
            }
        }
    }

    static RunConfig withWorkers(RunConfig cfg, int workers, PipelineConfig.RingMode mode) {
        return cfg.withPipeline(cfg.pipeline().withWorkers(workers).withRingMode(mode));
    }

    static List<String> estimateLines(ByteArrayOutputStream out) {
        List<String> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{\"type\":\"estimate\"")) {
                // latency differs from run to run; everything else must be identical
                lines.add(line.replaceAll("\"latencyNanos\":\\d+", "\"latencyNanos\":0"));
            }
        }
        return lines;
    }

    @Test
    void twoWorkersWriteTheSameRecordsInTheSameOrderAsOneAndLosslessModeDropsNothing() throws Exception {
        List<List<String>> runs = new ArrayList<>();
        for (int workers : new int[] {1, 2}) {
            RunConfig cfg = withWorkers(TestConfigs.seed001(11, true), workers, PipelineConfig.RingMode.LOSSLESS);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Pipeline.RunResult r;
            try (SimulatedArray sim = new SimulatedArray(cfg); JsonLinesSink sink = new JsonLinesSink(out, "memory", false)) {
                r = new Pipeline(cfg, sim, identity(), estimator, sink, null, 40).run(INFO);
            }
            assertEquals(0, r.health().cpisDroppedRingFull(), workers + " workers, lossless");
            assertEquals(40, r.health().cpisProcessed());
            List<String> lines = estimateLines(out);
            assertEquals(40, lines.size());
            for (int q = 0; q < 40; q++) {
                assertTrue(lines.get(q).startsWith("{\"type\":\"estimate\",\"seq\":" + q + ","),
                        "in order and without a gap: " + lines.get(q).substring(0, 40));
            }
            runs.add(lines);
        }
        assertEquals(runs.get(0), runs.get(1), "the same CPIs give the same records whatever the worker count");
    }

    @Test
    void cpisPublishedButNotConsumedWhenTheLimitIsReachedAreCountedNotLost() throws Exception {
        RunConfig cfg = withWorkers(TestConfigs.seed001(12, false), 2, PipelineConfig.RingMode.LOSSLESS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Pipeline.RunResult r;
        try (SimulatedArray sim = new SimulatedArray(cfg); JsonLinesSink sink = new JsonLinesSink(out, "memory", false)) {
            r = new Pipeline(cfg, sim, identity(), estimator, sink, null, 3).run(INFO);
        }
        assertEquals(3, r.health().cpisProcessed());
        assertEquals(r.health().cpisPublished(), r.health().cpisProcessed() + r.health().cpisRejected()
                + r.health().cpisUnprocessedAtStop(), "every published CPI is accounted for");
        assertEquals(3, ofType(records(out), "estimate").size());
    }

    @Test
    void theDefaultMovedTo25DegreesIsResolvedInEveryCpi() throws Exception {
        // seed 001's default moved to 25°: the paper's coarse stage handed MUSIC a wrong basin in about 20 % of
        // CPIs (issue 8); with the geometric reading and the re-search every CPI is reported, and right
        RunConfig base = TestConfigs.seed001(13, true);
        org.nftb.model.TargetState moved = org.nftb.model.TargetState.fromPolar(new org.nftb.model.PolarState(
                7.0165, Math.toRadians(25), 10, 8), base.rxArray().referenceXM(), base.rxArray().referenceYM());
        List<JsonNode> all = runScene(base, moved, 60);
        int reported = 0;
        for (JsonNode e : ofType(all, "estimate")) {
            assertEquals(1, e.get("targets").size(), "one target per CPI: " + e);
            for (JsonNode t : e.get("targets")) {
                reported++;
                assertEquals(7.0165, t.get("rangeM").asDouble(), 0.01, "a reported position is a right one: " + t);
                assertEquals(8, t.get("transverseVelocityMps").asDouble(), 0.5, "and so is its velocity: " + t);
            }
        }
        assertEquals(60, reported, "every CPI's target is reported");
        assertEquals(0, ofType(all, "fault").size(), "no CPI is unresolved");
    }

    @Test
    void anEstimateThatItsOwnFitCallsWrongIsAFaultNeverAPosition() throws Exception {
        // an array whose element phases are uniform over a full turn (no calibration applied): no steering vector
        // explains the echo, so the fit stays far below what the SNR predicts, every search included
        RunConfig base = TestConfigs.seed001(14, false);
        RunConfig scrambled = TestConfigs.with(base, base.scene().withCalibrationErrors(
                new org.nftb.config.SceneConfig.CalibrationErrors(2 * Math.PI, 0, 3)));
        org.nftb.model.TargetState target = base.scene().targets().get(0).initial();
        List<JsonNode> all = runScene(scrambled, target, 10);
        for (JsonNode e : ofType(all, "estimate")) {
            assertEquals(0, e.get("targets").size(), "no position is reported: " + e);
        }
        long cpisWithFault = ofType(all, "fault").stream()
                .filter(f -> f.get("what").asText().contains("unresolved: fit"))
                .map(f -> f.get("seq").asLong()).distinct().count();
        assertEquals(10, cpisWithFault, "each CPI's target is a fault naming why (the fit against the expected)");
    }

    /** Runs {@code base} with its one target replaced by {@code target}, 2 workers, lossless, {@code cpis} CPIs. */
    private static List<JsonNode> runScene(RunConfig base, org.nftb.model.TargetState target, int cpis)
            throws Exception {
        org.nftb.config.SceneConfig s = base.scene();
        RunConfig cfg = withWorkers(TestConfigs.with(base, new org.nftb.config.SceneConfig(s.seed(), s.motion(), false,
                List.of(new org.nftb.config.SceneConfig.Target(target, s.targets().get(0).perSampleSnrDb())),
                s.calibrationErrors())), 2, PipelineConfig.RingMode.LOSSLESS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SimulatedArray sim = new SimulatedArray(cfg); JsonLinesSink sink = new JsonLinesSink(out, "memory", false)) {
            new Pipeline(cfg, sim, identity(), estimator, sink, null, cpis).run(INFO);
        }
        return records(out);
    }

    @Test
    void aDeviceStreamingAtAnotherRateThanConfiguredIsRefused() {
        RunConfig cfg = TestConfigs.seed001(10, false);
        SimulatedArray sim = new SimulatedArray(cfg);
        ForwardingDevice coerced = new ForwardingDevice(sim) {
            @Override
            public double sampleRateHz() {
                return 4.8e3;   // a radio that coerced 5 kHz to the nearest rate it supports
            }
        };
        DeviceException e = assertThrows(DeviceException.class, () -> new Pipeline(cfg, coerced, identity(), estimator,
                new JsonLinesSink(new ByteArrayOutputStream(), "memory", false), null, 1));
        assertTrue(e.getMessage().contains("4800.0 Hz") && e.getMessage().contains("radio.sampleRate"), e.getMessage());
        sim.close();
    }

    /** The real simulator with NaN written into one sample of CPI 3 (channel 7, symbol 5). */
    static final class NanInjectingDevice extends ForwardingDevice {
        NanInjectingDevice(SimulatedArray sim) {
            super(sim);
        }

        @Override
        public void receive(RxBuffer buffer, long timeoutNanos) {
            inner.receive(buffer, timeoutNanos);
            long target = 3 * 32 + 5;
            long first = buffer.firstSampleIndex();
            if (target >= first && target < first + buffer.samples()) {
                buffer.channel(7)[2 * (int) (target - first)] = Float.NaN;
            }
        }
    }

    @Test
    void aCpiWithANanSampleIsRejectedNamingChannelAndSymbolAndTheRunContinues() throws Exception {
        RunConfig cfg = TestConfigs.seed001(6, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Pipeline.RunResult r;
        try (RadioDevice dev = new NanInjectingDevice(new SimulatedArray(cfg));
             JsonLinesSink sink = new JsonLinesSink(out, "memory", false)) {
            r = new Pipeline(cfg, dev, identity(), estimator, sink, null, 6).run(INFO);
        }
        assertEquals(1, r.health().cpisRejected());
        assertEquals(5, r.health().cpisProcessed(), "--cpis counts CPIs consumed, rejected ones included");
        List<JsonNode> faults = ofType(records(out), "fault");
        assertEquals(1, faults.size());
        assertEquals(3, faults.get(0).get("seq").asLong());
        assertEquals("channel 7, sample 5 of CPI 3", faults.get(0).get("where").asText());
        assertTrue(ofType(records(out), "estimate").stream().noneMatch(e -> e.get("seq").asLong() == 3));
    }

    /** The real simulator that disappears (throws like a radio that was unplugged) after some receives. */
    static final class VanishingDevice extends ForwardingDevice {
        private int receivesLeft;

        VanishingDevice(SimulatedArray sim, int receives) {
            super(sim);
            this.receivesLeft = receives;
        }

        @Override
        public String description() {
            return "sim-vanishing";
        }

        @Override
        public void receive(RxBuffer buffer, long timeoutNanos) {
            if (receivesLeft-- <= 0) {
                throw new DeviceException("sim-vanishing: device disappeared (test)");
            }
            inner.receive(buffer, timeoutNanos);
        }
    }

    @Test
    void aRadioThatDisappearsEndsTheRunWithTheErrorAndKeepsEverythingAlreadyReceived() throws Exception {
        RunConfig cfg = TestConfigs.seed001(7, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VanishingDevice dev = new VanishingDevice(new SimulatedArray(cfg), 5);
        Pipeline.RunResult r;
        try (dev; JsonLinesSink sink = new JsonLinesSink(out, "memory", false)) {
            r = new Pipeline(cfg, dev, identity(), estimator, sink, null, Long.MAX_VALUE).run(INFO);
        }
        assertTrue(r.failed());
        assertTrue(r.deviceFailure().contains("device disappeared"));
        List<JsonNode> all = records(out);
        // 5 receives of one CPI each: all 5 CPIs assembled before the failure are estimated (ring holds 8)
        assertEquals(5, ofType(all, "estimate").size());
        JsonNode fault = ofType(all, "fault").get(0);
        assertTrue(fault.get("what").asText().startsWith("device failure: sim-vanishing: device disappeared"));
        assertTrue(all.get(all.size() - 1).get("final").asBoolean());
    }

    /** An output stream that fails like a full disk after {@code limit} bytes. */
    static final class FullDiskStream extends OutputStream {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private final int limit;

        FullDiskStream(int limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            if (written.size() >= limit) {
                throw new IOException("No space left on device");
            }
            written.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = 0; i < len; i++) {
                write(b[off + i]);
            }
        }
    }

    @Test
    void aFullDiskStopsTheRunNamingTheDestinationAndEarlierRecordsStayComplete() throws Exception {
        RunConfig cfg = TestConfigs.seed001(8, false);
        FullDiskStream disk = new FullDiskStream(12000);
        SimulatedArray sim = new SimulatedArray(cfg);
        JsonLinesSink sink = new JsonLinesSink(disk, "/data/run.jsonl", false);
        OutputException e = assertThrows(OutputException.class,
                () -> new Pipeline(cfg, sim, identity(), estimator, sink, null, 100).run(INFO));
        assertTrue(e.getMessage().contains("/data/run.jsonl") && e.getMessage().contains("No space left on device"),
                e.getMessage());
        String text = disk.written.toString(StandardCharsets.UTF_8);
        String complete = text.substring(0, text.lastIndexOf('\n') + 1);
        int lines = 0;
        for (String line : complete.split("\n")) {
            assertNotNull(JSON.readTree(line));
            lines++;
        }
        assertTrue(lines >= 3, "start and estimates before the failure are intact: " + lines);
        sim.close();
    }
}
