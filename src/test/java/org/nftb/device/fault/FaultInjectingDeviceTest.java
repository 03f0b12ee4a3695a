package org.nftb.device.fault;

import org.junit.jupiter.api.Test;
import org.nftb.config.FaultPlan;
import org.nftb.config.FaultsReader;
import org.nftb.config.RunConfig;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;
import org.nftb.record.CaptureFixtures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each injected fault does exactly what its description says to a stream whose samples are known ({@link RampDevice}:
 * channel c, index i holds (1000c + i, −i)); the expected samples are written out from that formula, not computed by
 * the injector. Sample rate 1000 Hz, so 1 ms is one sample.
 */
class FaultInjectingDeviceTest {
    private static final RunConfig SMALL = CaptureFixtures.config(CaptureFixtures.smallArrayYaml(1, "frozen"));

    /** One delivered buffer, copied. */
    record Got(int samples, long first, RxStatus status, float[][] x) {
        float re(int c, int i) {
            return x[c][2 * i];
        }

        float im(int c, int i) {
            return x[c][2 * i + 1];
        }
    }

    static List<Got> run(String spec, int bufferSamples, long total) {
        FaultPlan plan = FaultsReader.parseSpec(spec, 8, RampDevice.RATE_HZ);
        FaultInjectingDevice d = FaultInjectingDevice.wrap(new RampDevice(8, total), plan, SMALL);
        RxBuffer b = new RxBuffer(8, bufferSamples);
        List<Got> out = new ArrayList<>();
        for (int k = 0; k < 1000; k++) {
            d.receive(b, 1_000_000);
            if (b.status() == RxStatus.END_OF_STREAM) {
                return out;
            }
            float[][] x = new float[8][];
            for (int c = 0; c < 8; c++) {
                x[c] = Arrays.copyOf(b.channel(c), 2 * b.samples());
            }
            out.add(new Got(b.samples(), b.firstSampleIndex(), b.status(), x));
        }
        throw new AssertionError("no end of stream");
    }

    @Test
    void aLossRemovesItsWindowOnEveryChannelAndTheSamplesAfterItComeWithOverflowAndAJumpedIndex() {
        List<Got> got = run("[{kind: loss, at: 0.15 s, for: 80 ms}]", 100, 400);
        assertEquals(List.of(0L, 100L, 230L, 300L), got.stream().map(Got::first).toList());
        assertEquals(List.of(100, 50, 70, 100), got.stream().map(Got::samples).toList());
        assertEquals(List.of(RxStatus.OK, RxStatus.OK, RxStatus.OVERFLOW, RxStatus.OK),
                got.stream().map(Got::status).toList());
        for (int c = 0; c < 8; c++) {
            assertEquals(RampDevice.re(c, 230), got.get(2).re(c, 0));
            assertEquals(RampDevice.re(c, 299), got.get(2).re(c, 69));
        }
    }

    @Test
    void aTimeoutIsAnEmptyTimeoutBufferAndALateCommandLosesItsSamplesWithStatusLate() {
        List<Got> got = run("[{kind: timeout, at: 0.12 s, for: 0.2 s}, {kind: late, at: 0.45 s, for: 10 ms}]",
                100, 600);
        assertEquals(List.of(0L, 100L, 100L, 320L, 400L, 460L, 500L), got.stream().map(Got::first).toList());
        assertEquals(List.of(100, 20, 0, 80, 50, 40, 100), got.stream().map(Got::samples).toList());
        assertEquals(List.of(RxStatus.OK, RxStatus.OK, RxStatus.TIMEOUT, RxStatus.OK, RxStatus.OK,
                RxStatus.LATE_COMMAND, RxStatus.OK), got.stream().map(Got::status).toList());
        assertEquals(RampDevice.re(3, 320), got.get(3).re(3, 0));
    }

    @Test
    void phaseGainDeadClipAndNanChangeOnlyTheirChannelsInsideTheirWindows() {
        List<Got> got = run("""
                {seed: 3, faults: [
                  {kind: phase, at: 0.1 s, channels: [1], size: 90 deg},
                  {kind: gain, at: 0.1 s, for: 50 ms, channels: [2], size: 6.0206 dB},
                  {kind: dead, at: 0.05 s, channels: [3]},
                  {kind: clip, at: 0 s, channels: [4], size: 120},
                  {kind: nan, at: 0.03 s, for: 2 ms, channels: [5], mode: inf}]}
                """, 64, 200);
        float[][] re = new float[8][200];
        float[][] im = new float[8][200];
        for (Got g : got) {
            for (int c = 0; c < 8; c++) {
                for (int i = 0; i < g.samples(); i++) {
                    re[c][(int) g.first() + i] = g.re(c, i);
                    im[c][(int) g.first() + i] = g.im(c, i);
                }
            }
        }
        for (int i = 0; i < 200; i++) {
            // phase +90°: (a, b) → (−b, a) from sample 100 on
            assertEquals(i < 100 ? RampDevice.re(1, i) : -RampDevice.im(i), re[1][i], 1e-3, "ch1 re " + i);
            assertEquals(i < 100 ? RampDevice.im(i) : RampDevice.re(1, i), im[1][i], 1e-3, "ch1 im " + i);
            // +6.0206 dB = ×2 in amplitude on [100, 150)
            double g = i >= 100 && i < 150 ? 2 : 1;
            assertEquals(g * RampDevice.re(2, i), re[2][i], 1e-2, "ch2 " + i);
            assertEquals(i < 50 ? RampDevice.re(3, i) : 0f, re[3][i], "ch3 " + i);
            assertEquals(Math.max(-120, Math.min(120, RampDevice.re(4, i))), re[4][i], "ch4 re " + i);
            assertEquals(Math.max(-120, Math.min(120, RampDevice.im(i))), im[4][i], "ch4 im " + i);
            assertEquals(i == 30 || i == 31 ? Float.POSITIVE_INFINITY : RampDevice.re(5, i), re[5][i], "ch5 " + i);
            assertEquals(RampDevice.re(0, i), re[0][i], "ch0 untouched " + i);
        }
    }

    @Test
    void aSlipDelaysItsChannelByWholeSamplesAcrossBufferBoundariesAndASlowClockByAGrowingFraction() {
        List<Got> got = run("[{kind: slip, at: 0.05 s, channels: [3], size: 2},"
                + " {kind: clock, at: 0.1 s, for: 0.1 s, channels: [6], size: 1000}]", 7, 300);
        float[] ch3 = new float[300];
        float[] ch6 = new float[300];
        for (Got g : got) {
            for (int i = 0; i < g.samples(); i++) {
                ch3[(int) g.first() + i] = g.re(3, i);
                ch6[(int) g.first() + i] = g.im(6, i);
            }
        }
        for (int i = 0; i < 300; i++) {
            assertEquals(RampDevice.re(3, i < 50 ? i : i - 2), ch3[i], "ch3 " + i);
            // the ramp is linear, so the interpolated sample at i − d is −(i − d): d = 1000e-6 · (min(i, 200) − 100)
            double d = i < 100 ? 0 : 1000e-6 * (Math.min(i, 200) - 100);
            assertEquals(-(i - d), ch6[i], 1e-3, "ch6 " + i);
        }
    }

    @Test
    void aToneAddsAPlaneWaveOfItsPowerAndFrequencyOnItsChannels() {
        List<Got> got = run("[{kind: tone, at: 0 s, size: 20 dB, frequency: 100 Hz, angle: 0 deg, channels: [0, 7]}]",
                50, 100);
        // broadside, half-wavelength ULA along x: every element in phase; amplitude 10; 10 samples per turn
        Got g = got.get(0);
        double phase0 = Math.atan2(g.im(0, 0) - RampDevice.im(0), g.re(0, 0) - RampDevice.re(0, 0));
        for (int i = 0; i < 50; i++) {
            double a = phase0 + 2 * Math.PI * 100 * i / RampDevice.RATE_HZ;
            for (int c : new int[] {0, 7}) {
                assertEquals(RampDevice.re(c, i) + 10 * Math.cos(a), g.re(c, i), 1e-3, "re " + c + "," + i);
                assertEquals(RampDevice.im(i) + 10 * Math.sin(a), g.im(c, i), 1e-3, "im " + c + "," + i);
            }
            assertEquals(RampDevice.re(3, i), g.re(3, i));
        }
    }

    @Test
    void theSamePlanOnTheSameInputDeliversTheSameSamplesBitForBit() {
        String spec = "{seed: 9, faults: [{kind: dead, at: 0.01 s, channels: [2], mode: noise, size: 3 dB},"
                + " {kind: loss, at: 0.05 s, for: 7 ms}, {kind: clock, at: 0 s, for: 0.2 s, channels: [0, 1], size: 300}]}";
        List<Got> a = run(spec, 32, 300);
        List<Got> b = run(spec, 32, 300);
        assertEquals(a.size(), b.size());
        for (int k = 0; k < a.size(); k++) {
            assertEquals(a.get(k).first(), b.get(k).first());
            for (int c = 0; c < 8; c++) {
                assertTrue(Arrays.equals(a.get(k).x()[c], b.get(k).x()[c]), "buffer " + k + " ch " + c);
            }
        }
        double power = 0;
        long n = 0;
        for (Got g : a) {
            for (int i = 0; i < g.samples(); i++) {
                if (g.first() + i >= 10) {
                    power += g.re(2, i) * g.re(2, i) + g.im(2, i) * g.im(2, i);
                    n++;
                }
            }
        }
        // 283 unit-power draws scaled to 2: the mean's standard deviation is 2/sqrt(283) = 0.12; 4 of them
        assertEquals(2.0, power / n, 0.48, "dead channel noise of 3 dB");
    }
}
