package org.nftb.device.sim;

import org.junit.jupiter.api.Test;
import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.device.DeviceException;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;
import org.nftb.device.StreamStart;
import org.nftb.model.ArrayErrors;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.SpaceTimeSignal;
import org.nftb.testing.TestConfigs;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedArrayTest {

    @Test
    void theSameSeedReproducesTheSameSamplesBitForBit() {
        RunConfig c = TestConfigs.seed001(42, true);
        float[] a = firstCpiChannel(c, 17);
        float[] b = firstCpiChannel(c, 17);
        assertArrayEquals(a, b);
        float[] other = firstCpiChannel(TestConfigs.seed001(43, true), 17);
        assertEquals(false, java.util.Arrays.equals(a, other));
    }

    @Test
    void theEchoIsTheModelSnapshotTimesTheArrayErrors() {
        // 200 dB per-sample SNR: noise (unit power) is 1e-10 of the echo amplitude
        RunConfig base = TestConfigs.seed001(1, true);
        SceneConfig s = base.scene();
        SceneConfig loud = new SceneConfig(1, s.motion(), false,
                List.of(new SceneConfig.Target(s.targets().get(0).initial(), 200)), s.calibrationErrors());
        RunConfig c = TestConfigs.with(base, loud);
        SimulatedArray sim = new SimulatedArray(c);
        RxBuffer buf = new RxBuffer(256, 32);
        sim.startStreaming(StreamStart.NOW);
        sim.receive(buf, 1_000_000_000L);
        ElementRangeModel m = new ElementRangeModel(c.rxArray(), c.wavelengthM());
        double[] path = new double[256];
        double[] rate = new double[256];
        m.paths(loud.targets().get(0).initial(), path, rate);
        double[] expected = new double[2 * 256 * 32];
        SpaceTimeSignal.accumulate(path, rate, 256, 32, c.wavelengthM(), c.symbolPeriodS(), 1e10, 0, expected);
        double[] w = ArrayErrors.draw(256, s.calibrationErrors().phaseMaxRad(), s.calibrationErrors().amplitudeMaxDb(),
                s.calibrationErrors().seed());
        for (int ch = 0; ch < 256; ch += 51) {
            for (int k = 0; k < 32; k++) {
                double er = expected[2 * (ch * 32 + k)];
                double ei = expected[2 * (ch * 32 + k) + 1];
                double re = w[2 * ch] * er - w[2 * ch + 1] * ei;
                double im = w[2 * ch] * ei + w[2 * ch + 1] * er;
                assertEquals(re, buf.channel(ch)[2 * k], 1e-5 * 1e10);
                assertEquals(im, buf.channel(ch)[2 * k + 1], 1e-5 * 1e10);
            }
        }
    }

    @Test
    void noiseHasUnitPowerPerComplexSample() {
        RunConfig base = TestConfigs.seed001(3, false);
        SceneConfig s = base.scene();
        SceneConfig silent = new SceneConfig(3, s.motion(), false,
                List.of(new SceneConfig.Target(s.targets().get(0).initial(), -300)), null);
        SimulatedArray sim = new SimulatedArray(TestConfigs.with(base, silent));
        RxBuffer buf = new RxBuffer(256, 32);
        sim.startStreaming(StreamStart.NOW);
        double p = 0;
        int n = 0;
        for (int i = 0; i < 20; i++) {
            sim.receive(buf, 1_000_000_000L);
            for (int ch = 0; ch < 256; ch++) {
                for (int k = 0; k < 64; k++) {
                    p += buf.channel(ch)[k] * buf.channel(ch)[k];
                }
                n += 32;
            }
        }
        // 163840 samples: standard error of the mean power ≈ 1/sqrt(163840) = 0.25 %
        assertEquals(1.0, p / n, 0.01);
    }

    @Test
    void everyReceiveFillsTheBufferAcrossCpiBoundariesWithContiguousIndicesAndTimes() {
        SimulatedArray sim = new SimulatedArray(TestConfigs.seed001(1, false));
        RxBuffer buf = new RxBuffer(256, 20);
        sim.startStreaming(StreamStart.NOW);
        long expected = 0;
        for (int i = 0; i < 10; i++) {
            sim.receive(buf, 1_000_000_000L);
            assertEquals(20, buf.samples());
            assertEquals(expected, buf.firstSampleIndex());
            assertEquals((long) (expected * 1e9 / 5e3), buf.timeNanos());
            expected += buf.samples();
        }
        assertEquals(200, expected);
    }

    @Test
    void aPacedReceiveReturnsWhatIsDueWithinItsTimeout() {
        RunConfig base = TestConfigs.seed001(1, false);
        SimulatedArray sim = new SimulatedArray(TestConfigs.with(base, base.scene().withRealTime(true)));
        RxBuffer buf = new RxBuffer(256, 5000);          // one second at 5 kHz
        sim.startStreaming(StreamStart.NOW);
        sim.receive(buf, 20_000_000L);                   // 20 ms: about 100 samples are due
        assertEquals(RxStatus.OK, buf.status());
        assertTrue(buf.samples() > 0 && buf.samples() < 5000, "got " + buf.samples());
        long first = buf.samples();
        sim.receive(buf, 1_000_000_000L);
        assertEquals(first, buf.firstSampleIndex());
    }

    @Test
    void receiveBeforeStartOrAfterCloseIsAClearError() {
        SimulatedArray sim = new SimulatedArray(TestConfigs.seed001(1, false));
        RxBuffer buf = new RxBuffer(256, 32);
        assertThrows(DeviceException.class, () -> sim.receive(buf, 1000));
        sim.startStreaming(StreamStart.NOW);
        sim.close();
        DeviceException e = assertThrows(DeviceException.class, () -> sim.receive(buf, 1000));
        assertEquals("sim: device is closed", e.getMessage());
    }

    private static float[] firstCpiChannel(RunConfig c, int channel) {
        SimulatedArray sim = new SimulatedArray(c);
        RxBuffer buf = new RxBuffer(256, 32);
        sim.startStreaming(StreamStart.NOW);
        sim.receive(buf, 1_000_000_000L);
        return java.util.Arrays.copyOf(buf.channel(channel), 64);
    }
}
