package org.nftb.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.config.PipelineConfig;
import org.nftb.config.RunConfig;
import org.nftb.device.RxBuffer;
import org.nftb.device.StreamStart;
import org.nftb.device.replay.Capture;
import org.nftb.device.replay.CaptureSamples;
import org.nftb.device.sim.SimulatedArray;
import org.nftb.output.OutputException;
import org.nftb.sigmf.Datatype;
import org.nftb.sigmf.NftbKeys;
import org.nftb.sigmf.SigmfFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecorderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** w_n = (1 + n/10) e^{j 0.1 n²}: known phases and amplitudes per element. */
    static CalibrationTable table(RunConfig cfg) {
        int n = cfg.rxArray().count();
        double[] w = new double[2 * n];
        for (int e = 0; e < n; e++) {
            double a = 1 + e / 10.0;
            w[2 * e] = a * Math.cos(0.1 * e * e);
            w[2 * e + 1] = a * Math.sin(0.1 * e * e);
        }
        return new CalibrationTable(cfg.rxArray().fingerprint(), cfg.carrierFrequencyHz(),
                Instant.parse("2026-01-02T03:04:05Z"), "test-phases", w, "calibration/test.json");
    }

    static float[] simSamples(RunConfig cfg, int channel, int count) {
        try (SimulatedArray sim = new SimulatedArray(cfg)) {
            sim.startStreaming(StreamStart.NOW);
            RxBuffer b = new RxBuffer(sim.channelCount(), count);
            sim.receive(b, 1_000_000_000L);
            return java.util.Arrays.copyOf(b.channel(channel), 2 * count);
        }
    }

    @Test
    void aRecordingIsAValidSigmfCollectionThatCarriesGeometryCalibrationConfigurationAndTruth(@TempDir Path dir)
            throws Exception {
        String yaml = CaptureFixtures.smallArrayYaml(2, "linear");
        RunConfig cfg = CaptureFixtures.config(yaml);
        CalibrationTable table = table(cfg);
        Recorder.Result r;
        try (SimulatedArray sim = new SimulatedArray(cfg)) {
            r = CaptureFixtures.record(dir.resolve("run 1"), RecordingSpec.cf32(cfg, yaml, "small.yaml", table), sim,
                    96, 20);
        }
        assertEquals(96, r.samplesWritten());
        assertEquals(0, r.samplesDropped());
        assertEquals("run_1", r.layout().base(), "file names keep to the characters SigMF names allow");
        Capture c = Capture.open(dir.resolve("run 1"));   // validates every file against the SigMF schemas
        JsonNode col = c.collection().get("collection");
        assertEquals(NftbKeys.COMPLETE, col.get(NftbKeys.STATE).asText());
        assertEquals(8, c.channelCount());
        assertEquals(96, c.sampleCount());
        assertEquals(yaml, c.hwConfigText());
        assertEquals("dftmusic", col.get(NftbKeys.ESTIMATOR).get("type").asText());
        assertArrayEquals(table.responseW(), c.calibration().responseW(), 0.0);
        assertEquals("test-phases", c.calibration().method());
        assertTrue(c.calibration().source().contains("recorded from calibration/test.json"));
        assertEquals("linear", col.get(NftbKeys.TRUTH_MODEL).get("motion").asText());
        for (int e = 0; e < 8; e++) {
            // ULA along x, centred at the origin, spacing λ/2: x_e = (e − 3.5) λ/2; spatial point (y, −x, 0)
            double x = (e - 3.5) * cfg.wavelengthM() / 2;
            JsonNode p = col.get("spatial:element_geometry").get(e).get("point");
            assertEquals(0.0, p.get(0).asDouble(), 1e-15);
            assertEquals(-x, p.get(1).asDouble(), 1e-15);
            assertEquals(e, col.get(NftbKeys.ELEMENT_CHANNELS).get(e).get("channel").asInt());
            JsonNode meta = c.recordingOf(e).global();
            assertEquals(e, meta.get("spatial:channel_index").asInt());
            assertEquals(8, meta.get("spatial:num_elements").asInt());
            double phase = Math.toDegrees(Math.IEEEremainder(0.1 * e * e, 2 * Math.PI));
            assertEquals(phase, c.recordingOf(e).captures().get(0).get("spatial:phase_offset").asDouble(), 1e-9);
            assertEquals(28e9, c.recordingOf(e).captures().get(0).get("core:frequency").asDouble());
            assertEquals(SigmfFiles.sha512Hex(c.recordingOf(e).dataFile()), meta.get("core:sha512").asText());
            assertEquals(SigmfFiles.sha512Hex(c.recordingOf(e).metaFile()),
                    col.get("core:streams").get(e).get("hash").asText());
        }
        // 96 samples at 2 per symbol and 4 symbols per CPI: 12 CPIs, 2 targets each, in channel 0's recording
        assertEquals(12, c.truth().points());
        JsonNode first = c.reference().annotations().isEmpty() ? null : c.reference().annotations().get(0);
        assertEquals(null, first, "truth is read into the recorded truth, nothing else was annotated");
        JsonNode raw = JSON.readTree(c.reference().metaFile().toFile()).get("annotations");
        assertEquals(24, raw.size());
        for (JsonNode a : raw) {   // the spatial bearing is the recorded state seen from the array's centre
            JsonNode t = a.get(NftbKeys.TRUTH);
            JsonNode sb = a.get("spatial:signal_bearing");
            double x = t.get("x_m").asDouble();
            double y = t.get("y_m").asDouble();
            assertEquals(Math.toDegrees(Math.atan2(x, y)), sb.get("azimuth").asDouble(), 1e-9);
            assertEquals(Math.hypot(x, y), sb.get("range").asDouble(), 1e-12);
            assertEquals((x * t.get("vx_mps").asDouble() + y * t.get("vy_mps").asDouble()) / Math.hypot(x, y),
                    sb.get("range_rate").asDouble(), 1e-12);
        }
        assertEquals(10.0, raw.get(0).get("spatial:signal_bearing").get("azimuth").asDouble(), 0.05,
                "the first target starts at 10 deg");
        assertEquals(8, raw.get(2).get("core:sample_start").asLong());
        assertEquals(0, Files.list(dir.resolve("run 1")).filter(f -> f.toString().endsWith(".nftb-journal")).count(),
                "the journal is gone once the metadata is final");
        float[] want = simSamples(cfg, 5, 96);
        RxBuffer b = new RxBuffer(8, 96);
        try (CaptureSamples s = new CaptureSamples(c)) {
            s.read(0, 96, b);
        }
        assertArrayEquals(want, java.util.Arrays.copyOf(b.channel(5), 192), "cf32 is the samples, bit for bit");
    }

    @Test
    void ci16RecordsWithinHalfAStepOfFullScaleAndCountsWhatItClips(@TempDir Path dir) throws Exception {
        String yaml = CaptureFixtures.smallArrayYaml(1, "frozen");
        RunConfig cfg = CaptureFixtures.config(yaml);
        RecordingSpec spec = RecordingSpec.cf32(cfg, yaml, "t", table(cfg)).withDatatype(Datatype.CI16_LE, 16f);
        try (SimulatedArray sim = new SimulatedArray(cfg)) {
            assertEquals(0, CaptureFixtures.record(dir.resolve("a"), spec, sim, 200, 64).clipped());
        }
        Capture c = Capture.open(dir.resolve("a"));
        assertEquals("ci16_le", c.reference().datatype().name());
        float[] want = simSamples(cfg, 2, 200);
        RxBuffer b = new RxBuffer(8, 200);
        try (CaptureSamples s = new CaptureSamples(c)) {
            s.read(0, 200, b);
        }
        for (int i = 0; i < 400; i++) {
            assertEquals(want[i], b.channel(2)[i], 16f / 65536 + 1e-6f, "component " + i);
        }
        try (SimulatedArray sim = new SimulatedArray(cfg)) {
            Recorder.Result r = CaptureFixtures.record(dir.resolve("b"), spec.withDatatype(Datatype.CI16_LE, 0.5f),
                    sim, 200, 64);
            assertTrue(r.clipped() > 100, "unit-power noise against a 0.5 full scale clips: " + r.clipped());
            assertEquals(r.clipped(), Capture.open(dir.resolve("b")).nftb(NftbKeys.CLIPPED).asLong());
        }
    }

    @Test
    void inLiveModeAWriterAWholeQueueBehindCostsCountedSamplesRecordedAsGapsNeverTheRadiosTime(@TempDir Path dir)
            throws Exception {
        String yaml = CaptureFixtures.smallArrayYaml(1, "frozen");
        RunConfig cfg = CaptureFixtures.config(yaml);
        // one sample per slot: every receive buffer is a write of 8 files; the receiving side is far faster
        RecordingSpec spec = RecordingSpec.cf32(cfg, yaml, "t", table(cfg)).withMode(PipelineConfig.RingMode.LIVE)
                .withQueueBytes(8 * 8 * 8);
        Recorder.Result r;
        try (SimulatedArray sim = new SimulatedArray(cfg)) {
            r = CaptureFixtures.record(dir.resolve("c"), spec, sim, 20_000, 1);
        }
        assertTrue(r.samplesDropped() > 0, "nothing dropped: " + r);
        assertEquals(20_000, r.samplesWritten() + r.samplesDropped());
        Capture c = Capture.open(dir.resolve("c"));
        assertEquals(r.samplesWritten(), c.sampleCount());
        assertEquals(r.samplesDropped(), c.nftb(NftbKeys.DROPPED).asLong());
        long lost = c.referenceAnnotations(NftbKeys.GAP).stream()
                .mapToLong(a -> a.get(NftbKeys.GAP).get("samples_lost").asLong()).sum();
        assertEquals(r.samplesDropped(), lost, "every dropped sample is in a gap annotation");
        assertTrue(c.referenceAnnotations(NftbKeys.GAP).get(0).get(NftbKeys.GAP).get("cause").asText()
                .startsWith("recorder"));
        // each recorded sample sits at its stream index: the segment's global index says where
        float[] want = simSamples(cfg, 0, 20_000);
        RxBuffer b = new RxBuffer(8, 1);
        try (CaptureSamples s = new CaptureSamples(c)) {
            for (long k = 0; k < c.sampleCount(); k += 97) {
                s.read(k, 1, b);
                var seg = c.reference().segmentAt(k);
                int index = (int) (seg.globalIndex() + k - seg.sampleStart());
                assertEquals(want[2 * index], b.channel(0)[0], 0f, "file sample " + k + " = stream sample " + index);
            }
        }
    }

    @Test
    void aRecordingNeverOverwritesAnotherCapture(@TempDir Path dir) throws Exception {
        String yaml = CaptureFixtures.smallArrayYaml(1, "frozen");
        CaptureFixtures.record(dir.resolve("x"), yaml, 10, 10);
        OutputException e = assertThrows(OutputException.class, () -> CaptureFixtures.record(dir.resolve("x"), yaml,
                10, 10));
        assertTrue(e.getMessage().contains("is not empty"), e.getMessage());
    }
}
