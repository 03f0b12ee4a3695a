package org.nftb.device.replay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.calibration.CalibrationSelection;
import org.nftb.config.ReplayConfig;
import org.nftb.config.RunConfig;
import org.nftb.device.CommandTime;
import org.nftb.device.DeviceException;
import org.nftb.device.RadioDevice;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;
import org.nftb.device.StreamStart;
import org.nftb.device.TxBurst;
import org.nftb.device.TxRefusedException;
import org.nftb.device.sim.SimulatedArray;
import org.nftb.model.CpiTiming;
import org.nftb.record.CaptureFixtures;
import org.nftb.record.RecordingSpec;
import org.nftb.testing.ForwardingDevice;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayDeviceTest {
    static final long SECOND = 1_000_000_000L;

    static ReplayConfig max(Path cap) {
        return new ReplayConfig(cap.toString(), ReplayConfig.Pace.MAX, false, 0, Double.POSITIVE_INFINITY);
    }

    /** Every sample a device delivers, by stream index (channel-major copies), with the statuses seen. */
    static Map<Long, float[]> drain(RadioDevice d, int bufferSamples, List<String> statuses, long limit) {
        Map<Long, float[]> out = new HashMap<>();
        RxBuffer b = new RxBuffer(d.channelCount(), bufferSamples);
        long got = 0;
        while (got < limit) {
            d.receive(b, SECOND);
            if (b.status() == RxStatus.END_OF_STREAM) {
                break;
            }
            if (b.status() != RxStatus.OK) {
                statuses.add(b.status() + "@" + b.firstSampleIndex() + (b.samples() == 0 ? " empty" : ""));
            }
            for (int k = 0; k < b.samples() && got < limit; k++, got++) {
                float[] v = new float[2 * d.channelCount()];
                for (int c = 0; c < d.channelCount(); c++) {
                    v[2 * c] = b.channel(c)[2 * k];
                    v[2 * c + 1] = b.channel(c)[2 * k + 1];
                }
                out.put(b.firstSampleIndex() + k, v);
            }
        }
        return out;
    }

    @Test
    void replayedSamplesAreTheRecordedOnesBitForBitWhateverTheBufferSizes(@TempDir Path dir) throws Exception {
        String yaml = CaptureFixtures.smallArrayYaml(2, "linear");
        RunConfig cfg = CaptureFixtures.config(yaml);
        CaptureFixtures.record(dir.resolve("cap"), yaml, 1000, 37);
        Map<Long, float[]> want;
        try (SimulatedArray sim = new SimulatedArray(cfg)) {
            sim.startStreaming(StreamStart.NOW);
            want = drain(sim, 64, new ArrayList<>(), 1000);
        }
        try (ReplayDevice r = ReplayDevice.open(Capture.open(dir.resolve("cap")), cfg, max(dir.resolve("cap")))) {
            r.startStreaming(StreamStart.NOW);
            List<String> statuses = new ArrayList<>();
            Map<Long, float[]> got = drain(r, 101, statuses, Long.MAX_VALUE);
            assertEquals(want.keySet(), got.keySet());
            for (long k : want.keySet()) {
                assertArrayEquals(want.get(k), got.get(k), "sample " + k);
            }
            assertEquals(List.of(), statuses);
        }
    }

    /** A simulated stream with faults: an empty OVERFLOW buffer then 50 samples lost, and a LATE_COMMAND with data. */
    static final class FaultyStream extends ForwardingDevice {
        private int call;

        FaultyStream(RadioDevice inner) {
            super(inner);
        }

        @Override
        public void receive(RxBuffer b, long timeoutNanos) {
            call++;
            if (call == 4) {
                b.set(0, b.firstSampleIndex() + b.samples(), b.timeNanos(), RxStatus.OVERFLOW, "D: overflow");
                RxBuffer lost = new RxBuffer(b.channelCount(), 50);
                inner.receive(lost, timeoutNanos);   // these never reach the host
                return;
            }
            inner.receive(b, timeoutNanos);
            if (call == 7) {
                b.set(b.samples(), b.firstSampleIndex(), b.timeNanos(), RxStatus.LATE_COMMAND, "L: late");
            }
        }
    }

    @Test
    void recordedGapsAndFaultsComeBackAtTheSameSamplesWithTheSameStatus(@TempDir Path dir) throws Exception {
        String yaml = CaptureFixtures.smallArrayYaml(1, "frozen");
        RunConfig cfg = CaptureFixtures.config(yaml);
        List<String> liveStatuses = new ArrayList<>();
        Map<Long, float[]> live;
        try (RadioDevice faulty = new FaultyStream(new SimulatedArray(cfg))) {
            faulty.startStreaming(StreamStart.NOW);
            live = drain(faulty, 30, liveStatuses, 300);
        }
        Path cap = dir.resolve("cap");
        try (RadioDevice faulty = new FaultyStream(new SimulatedArray(cfg))) {
            CaptureFixtures.record(cap, RecordingSpec.cf32(cfg, yaml, "test", CalibrationSelection.select(cfg, null)),
                    faulty, 300, 30);
        }
        assertEquals(List.of("OVERFLOW@90 empty", "LATE_COMMAND@200"), liveStatuses);
        Capture c = Capture.open(cap);
        assertEquals(2, c.reference().segments().size(), "a new capture segment after the gap");
        assertEquals(140, c.reference().segments().get(1).globalIndex());
        try (ReplayDevice r = ReplayDevice.open(c, cfg, max(cap))) {
            r.startStreaming(StreamStart.NOW);
            List<String> statuses = new ArrayList<>();
            Map<Long, float[]> got = drain(r, 64, statuses, Long.MAX_VALUE);
            assertEquals(liveStatuses, statuses);
            assertEquals(live.keySet(), got.keySet(), "indices 90..139 are missing in both");
            for (long k : live.keySet()) {
                assertArrayEquals(live.get(k), got.get(k), "sample " + k);
            }
        }
    }

    @Test
    void aRecordingReportsItsTuningAndRefusesToBeRetunedOrToTransmit(@TempDir Path dir) throws Exception {
        String yaml = CaptureFixtures.smallArrayYaml(1, "frozen");
        RunConfig cfg = CaptureFixtures.config(yaml);
        CaptureFixtures.record(dir.resolve("cap"), yaml, 200, 50);
        try (ReplayDevice r = ReplayDevice.open(Capture.open(dir.resolve("cap")), cfg, max(dir.resolve("cap")))) {
            assertEquals(28e9, r.rxFrequencyHz(3));
            assertEquals(0.0, r.rxGainDb(RadioDevice.ALL_CHANNELS));
            DeviceException e = assertThrows(DeviceException.class,
                    () -> r.setRxFrequency(28.1e9, 0, CommandTime.NOW));
            assertTrue(e.getMessage().contains("cannot be retuned") && e.getMessage().contains("2.80000e+10 Hz"),
                    e.getMessage());
            e = assertThrows(DeviceException.class, () -> r.setRxGain(10, 2, CommandTime.at(5)));
            assertTrue(e.getMessage().contains("cannot change its gain"), e.getMessage());
            assertThrows(TxRefusedException.class, () -> r.transmit(new TxBurst(new float[8][4], 28e9, 0, 5e3, -1),
                    SECOND));
            r.startStreaming(StreamStart.NOW);
            assertEquals(0, r.deviceTimeNanos());
            r.receive(new RxBuffer(8, 30), SECOND);
            assertEquals(30 * 200_000L, r.deviceTimeNanos(), "next sample's time at 5 kHz");
        }
    }

    @Test
    void theRecordedTruthAnswersThePipelinesQuestionsExactlyAndMovesOnBetweenThem(@TempDir Path dir) throws Exception {
        String yaml = CaptureFixtures.smallArrayYaml(1, "linear");
        RunConfig cfg = CaptureFixtures.config(yaml);
        CaptureFixtures.record(dir.resolve("cap"), yaml, 40, 7);
        long offset = CpiTiming.centreOffsetNanos(cfg.cpiSymbols(), cfg.symbolPeriodS());
        try (SimulatedArray sim = new SimulatedArray(cfg);
             ReplayDevice r = ReplayDevice.open(Capture.open(dir.resolve("cap")), cfg, max(dir.resolve("cap")))) {
            org.nftb.device.GroundTruthSource truth = (org.nftb.device.GroundTruthSource) r;
            assertEquals(2, Capture.open(dir.resolve("cap")).truth().targets());
            assertEquals(10, Capture.open(dir.resolve("cap")).truth().points(), "one state time per CPI of 4 samples");
            for (int q = 0; q < 10; q++) {
                long t = q * 4 * 200_000L + offset;
                assertEquals(sim.truthAt(t), truth.truthAt(t), "CPI " + q);
            }
            long between = 5 * 200_000L + 12_345;
            List<org.nftb.model.TargetState> want = sim.truthAt(between);
            List<org.nftb.model.TargetState> got = truth.truthAt(between);
            for (int k = 0; k < 2; k++) {
                assertEquals(want.get(k).xM(), got.get(k).xM(), 1e-12);
                assertEquals(want.get(k).yM(), got.get(k).yM(), 1e-12);
            }
        }
    }

    @Test
    void fromToAndLoopPlayThePartAgainWithStreamIndicesOnWholeCpis(@TempDir Path dir) throws Exception {
        String yaml = CaptureFixtures.smallArrayYaml(1, "frozen");
        RunConfig cfg = CaptureFixtures.config(yaml);
        CaptureFixtures.record(dir.resolve("cap"), yaml, 100, 100);
        Capture c = Capture.open(dir.resolve("cap"));
        // from 2 ms (sample 10) to 4 ms (sample 20): 10 samples, looped; CPIs are 4 samples
        ReplayConfig loop = new ReplayConfig(dir.toString(), ReplayConfig.Pace.MAX, true, 0.002, 0.004);
        try (ReplayDevice once = ReplayDevice.open(c, cfg, max(dir.resolve("cap")));
             ReplayDevice r = ReplayDevice.open(c, cfg, loop)) {
            once.startStreaming(StreamStart.NOW);
            Map<Long, float[]> all = drain(once, 100, new ArrayList<>(), 100);
            r.startStreaming(StreamStart.NOW);
            RxBuffer b = new RxBuffer(8, 64);
            long[] firsts = new long[3];
            for (int pass = 0; pass < 3; pass++) {
                r.receive(b, SECOND);
                assertEquals(10, b.samples());
                firsts[pass] = b.firstSampleIndex();
                assertEquals(all.get(10L)[0], b.channel(0)[0], 0f, "each pass starts at sample 10");
                assertEquals(all.get(19L)[2 * 7 + 1], b.channel(7)[2 * 9 + 1], 0f);
            }
            assertArrayEquals(new long[] {10, 22, 34}, firsts, "10 samples rounded up to 3 CPIs of 4");
        }
        assertThrows(org.nftb.sigmf.CaptureException.class, () -> ReplayDevice.open(c, cfg,
                new ReplayConfig(dir.toString(), ReplayConfig.Pace.MAX, false, 1.0, 2.0)));
    }

    @Test
    void realTimePaceDeliversOnlyWhatIsDueWithinTheTimeout(@TempDir Path dir) throws Exception {
        String yaml = CaptureFixtures.smallArrayYaml(1, "frozen");
        RunConfig cfg = CaptureFixtures.config(yaml);
        CaptureFixtures.record(dir.resolve("cap"), yaml, 5000, 500);
        ReplayConfig rt = new ReplayConfig(dir.toString(), ReplayConfig.Pace.REALTIME, false, 0, 1.0);
        try (ReplayDevice r = ReplayDevice.open(Capture.open(dir.resolve("cap")), cfg, rt)) {
            r.startStreaming(StreamStart.NOW);
            RxBuffer b = new RxBuffer(8, 5000);   // one second of signal at 5 kHz
            r.receive(b, 20_000_000L);           // 20 ms
            assertTrue(b.samples() < 5000, "a 20 ms receive cannot deliver one second in real time: " + b.samples());
            assertEquals(0, b.firstSampleIndex());
        }
    }

    @Test
    void aCaptureThatDoesNotFitTheConfigurationIsRefusedNamingBoth(@TempDir Path dir) throws Exception {
        String yaml = CaptureFixtures.smallArrayYaml(1, "frozen");
        CaptureFixtures.record(dir.resolve("cap"), yaml, 40, 40);
        Capture c = Capture.open(dir.resolve("cap"));
        RunConfig other = CaptureFixtures.config(yaml.replace("count: 8", "count: 6").replace("channels: 8",
                "channels: 6"));
        var e = assertThrows(org.nftb.sigmf.CaptureException.class, () -> ReplayDevice.open(c, other,
                max(dir.resolve("cap"))));
        assertTrue(e.getMessage().contains("holds 8 channels") && e.getMessage().contains("6 receive elements"),
                e.getMessage());
        RunConfig faster = CaptureFixtures.config(yaml.replace("sampleRate: 5 kHz", "sampleRate: 10 kHz"));
        e = assertThrows(org.nftb.sigmf.CaptureException.class, () -> ReplayDevice.open(c, faster,
                max(dir.resolve("cap"))));
        assertTrue(e.getMessage().contains("core:sample_rate") && e.getMessage().contains("10000.0 Hz"),
                e.getMessage());
    }
}
