package org.nftb.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nftb.calibration.CalibrationApplier;
import org.nftb.calibration.CalibrationTable;
import org.nftb.config.RunConfig;
import org.nftb.device.DeviceException;
import org.nftb.device.RadioDevice;
import org.nftb.device.RxBuffer;
import org.nftb.device.sim.SimulatedArray;
import org.nftb.estimate.dftmusic.DftMusicEstimator;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineTest {
    static DftMusicEstimator estimator;
    static final ObjectMapper JSON = new ObjectMapper();
    static final RecordSink.RunInfo INFO = new RecordSink.RunInfo("test", "sim", "identity", "dftmusic", List.of());

    @BeforeAll
    static void tables() {
        estimator = DftMusicEstimator.create(TestConfigs.seed001(1, false));
    }

    static CalibrationApplier identity() {
        return new CalibrationApplier(CalibrationTable.identity(256, "t", 28e9));
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
            assertEquals(e.get("truth").get("rangeM").asDouble(), e.get("rangeM").asDouble(), 0.07);
            assertEquals(Math.toDegrees(e.get("angleRad").asDouble()), e.get("angleDeg").asDouble(), 1e-9);
            double x = e.get("xM").asDouble();
            double y = e.get("yM").asDouble();
            assertEquals(e.get("rangeM").asDouble(), Math.hypot(x, y), 1e-9);
            assertEquals(e.get("cpiTimeNanos").asLong() + 3_100_000L, e.get("stateTimeNanos").asLong());
        }
        JsonNode last = all.get(all.size() - 1);
        assertEquals("health", last.get("type").asText());
        assertTrue(last.get("final").asBoolean());
        assertEquals(12, last.get("cpisProcessed").asLong());
    }

    @Test
    void stopDrainsWhatWasAssembledAndWritesAFinalHealthRecord() throws Exception {
        RunConfig cfg = TestConfigs.seed001(9, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
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
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (p.counters().cpisPublished() < 5 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            p.stop();
            Pipeline.RunResult r = result.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertFalse(r.failed());
            // everything published was either estimated or (if the ring overflowed) counted as dropped
            assertEquals(r.health().cpisPublished(), r.health().cpisProcessed());
        }
        List<JsonNode> all = records(out);
        JsonNode last = all.get(all.size() - 1);
        assertTrue(last.get("final").asBoolean());
        assertEquals(ofType(all, "estimate").size(), last.get("cpisProcessed").asLong());
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
        assertEquals(6, r.health().cpisProcessed());
        List<JsonNode> faults = ofType(records(out), "fault");
        assertEquals(1, faults.size());
        assertEquals(3, faults.get(0).get("seq").asLong());
        assertEquals("channel 7, symbol 5 of CPI 3", faults.get(0).get("where").asText());
        assertTrue(ofType(records(out), "estimate").stream().noneMatch(e -> e.get("seq").asLong() == 3));
    }

    /** The real simulator that disappears (throws like a radio that was unplugged) after some receives. */
    static final class VanishingDevice extends ForwardingDevice {
        private int receivesLeft;
        volatile boolean closed;

        VanishingDevice(SimulatedArray sim, int receives) {
            super(sim);
            this.receivesLeft = receives;
        }

        @Override
        public String description() {
            return "sim-vanishing";
        }

        @Override
        public void close() {
            closed = true;
            inner.close();
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
        assertTrue(dev.closed, "the device handle is released");
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
        FullDiskStream disk = new FullDiskStream(4000);
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
