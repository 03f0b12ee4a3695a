package org.nftb.device.sim;

import org.junit.jupiter.api.Test;
import org.nftb.device.CommandTime;
import org.nftb.device.DeviceException;
import org.nftb.device.RadioDevice;
import org.nftb.device.RxBuffer;
import org.nftb.device.StreamStart;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Steering the simulated receivers: gain, tuning, LO phase jumps and timed commands. Each case compares a steered
 * run with an unsteered run of the same seed, whose noise is the same sample for sample (it is index-addressed),
 * so the difference is exactly what the command did. Echo at 150 dB per-sample SNR where a phase is measured:
 * noise and float rounding then disturb a phase by about 1e-7 rad.
 */
class SimulatedSteeringTest {
    static final int SAMPLES = 64;

    static SimScenes loud() {
        SimScenes s = new SimScenes();
        s.target(150);
        return s;
    }

    @Test
    void aTimedGainStepScalesSignalAndNoiseFromExactlyTheFirstSampleAtOrAfterItsTime() {
        SimScenes s = new SimScenes();
        s.target(10);
        float[][] plain = SimScenes.startAndRead(s.open(), 7, SAMPLES);
        SimulatedArray sim = s.open();
        // sample 37 is stamped 7.4 ms; 1 ns earlier still lands on sample 37
        sim.setRxGain(6, 3, CommandTime.at(37 * 200_000L - 1));
        assertEquals(0, sim.rxGainDb(3), "not in force before its sample was received");
        float[][] stepped = SimScenes.startAndRead(sim, 7, SAMPLES);
        double g = Math.pow(10, 6 / 20.0);
        for (int c = 0; c < s.channels; c++) {
            for (int i = 0; i < 2 * SAMPLES; i++) {
                if (c != 3 || i < 2 * 37) {
                    assertEquals(plain[c][i], stepped[c][i], "channel " + c + " value " + i + " unchanged");
                } else {
                    assertEquals(g * plain[c][i], stepped[c][i], 1e-6 * Math.abs(g * plain[c][i]) + 1e-7);
                }
            }
        }
        assertEquals(6, sim.rxGainDb(3));
        assertEquals(0, sim.rxGainDb(2));
    }

    @Test
    void tuningBelowTheCarrierRotatesTheEchoAtTheOffsetFrequency() {
        SimScenes s = loud();
        double offsetHz = 300;     // carrier − tuned: +300 Hz, 0.06 turns per sample at 5 kHz
        float[][] plain = SimScenes.startAndRead(s.open(), 32, SAMPLES);
        SimulatedArray sim = s.open();
        sim.setRxFrequency(SimScenes.CARRIER_HZ - offsetHz, RadioDevice.ALL_CHANNELS, CommandTime.at(20 * 200_000L));
        float[][] tuned = SimScenes.startAndRead(sim, 32, SAMPLES);
        for (int c = 0; c < s.channels; c++) {
            for (int k = 0; k < SAMPLES; k++) {
                double expected = k < 20 ? 0 : 2 * Math.PI * offsetHz * (k - 20) / s.sampleRateHz();
                assertEquals(0, wrap(phase(tuned[c], k) - phase(plain[c], k) - expected), 1e-5,
                        "channel " + c + " sample " + k);
            }
        }
        assertEquals(SimScenes.CARRIER_HZ - offsetHz, sim.rxFrequencyHz(RadioDevice.ALL_CHANNELS));
    }

    @Test
    void anEchoOutsideTheReceiveBandIsFilteredOut() {
        SimScenes s = loud();
        SimulatedArray sim = s.open();
        sim.setRxFrequency(SimScenes.CARRIER_HZ + s.sampleRateHz() / 2, 4, CommandTime.NOW);
        float[][] y = SimScenes.startAndRead(sim, 32, SAMPLES);
        for (int k = 0; k < SAMPLES; k++) {
            assertTrue(Math.hypot(y[4][2 * k], y[4][2 * k + 1]) < 10, "only noise on channel 4");
            assertTrue(Math.hypot(y[5][2 * k], y[5][2 * k + 1]) > 1e7, "the echo on channel 5");
        }
    }

    @Test
    void loPhaseJumpsAreQuarterTurnsDrawnFromSeedRetuneCountAndChannel() {
        SimScenes s = loud();
        float[][] plain = SimScenes.startAndRead(s.open(), 32, SAMPLES);
        s.scene("loPhaseJumps: quarterTurns");
        int[][] turns = jumpsAroundARetune(s);
        assertArrayEquals(turns[0], jumpsAroundARetune(s)[0], "reproducible");
        assertArrayEquals(turns[1], jumpsAroundARetune(s)[1], "reproducible");
        assertFalse(Arrays.equals(turns[0], turns[1]), "the retune drew new phases");
        s.seed = 12;
        assertFalse(Arrays.equals(turns[0], jumpsAroundARetune(s)[0]), "another seed, other phases");
        // without the setting a retune to the same frequency changes nothing
        SimScenes none = loud();
        SimulatedArray sim = none.open();
        sim.setRxFrequency(SimScenes.CARRIER_HZ, RadioDevice.ALL_CHANNELS, CommandTime.at(30 * 200_000L));
        float[][] y = SimScenes.startAndRead(sim, 32, SAMPLES);
        for (int c = 0; c < none.channels; c++) {
            assertArrayEquals(plain[c], y[c]);
        }
    }

    /** Quarter turns of every channel before [0] and after [1] a retune (to the same frequency) at sample 30. */
    static int[][] jumpsAroundARetune(SimScenes s) {
        SimScenes reference = loud();
        reference.seed = s.seed;
        float[][] plain = SimScenes.startAndRead(reference.open(), 32, SAMPLES);
        SimulatedArray sim = s.open();
        sim.setRxFrequency(SimScenes.CARRIER_HZ, RadioDevice.ALL_CHANNELS, CommandTime.at(30 * 200_000L));
        float[][] y = SimScenes.startAndRead(sim, 32, SAMPLES);
        int[][] turns = new int[2][s.channels];
        for (int c = 0; c < s.channels; c++) {
            for (int half = 0; half < 2; half++) {
                int q = -1;
                for (int k = half * 30; k < (half == 0 ? 30 : SAMPLES); k++) {
                    double d = wrap(phase(y[c], k) - phase(plain[c], k));
                    double quarters = d / (Math.PI / 2);
                    assertEquals(Math.rint(quarters), quarters, 1e-5, "a multiple of 90 deg");
                    int kq = Math.floorMod((int) Math.rint(quarters), 4);
                    assertTrue(q < 0 || q == kq, "one phase per channel between retunes");
                    q = kq;
                }
                turns[half][c] = q;
            }
        }
        return turns;
    }

    @Test
    void deviceTimeIsTheStreamClockAndNowCommandsBeforeStreamingApplyAtOnce() {
        SimulatedArray sim = loud().open();
        assertEquals(0, sim.deviceTimeNanos());
        sim.setRxGain(-3, RadioDevice.ALL_CHANNELS, CommandTime.NOW);
        assertEquals(-3, sim.rxGainDb(RadioDevice.ALL_CHANNELS));
        sim.startStreaming(StreamStart.NOW);
        RxBuffer buf = new RxBuffer(sim.channelCount(), 10);
        sim.receive(buf, 1_000_000_000L);
        assertEquals(10 * 200_000L, sim.deviceTimeNanos());
        sim.stopStreaming();
        sim.startStreaming(StreamStart.NOW);
        sim.receive(buf, 1_000_000_000L);
        assertEquals(0, buf.firstSampleIndex());
        assertEquals(10 * 200_000L, buf.timeNanos(), "a restart now continues the device clock");
    }

    @Test
    void misuseIsAClearError() {
        SimulatedArray sim = loud().open();
        assertThrows(DeviceException.class, () -> sim.setRxGain(0, 16, CommandTime.NOW));
        assertThrows(DeviceException.class, () -> sim.setRxFrequency(-1, 0, CommandTime.NOW));
        assertThrows(DeviceException.class, () -> sim.setRxGain(Double.NaN, 0, CommandTime.NOW));
        sim.setRxGain(1, 0, CommandTime.NOW);
        DeviceException e = assertThrows(DeviceException.class, () -> sim.rxGainDb(RadioDevice.ALL_CHANNELS));
        assertTrue(e.getMessage().contains("differ"), e.getMessage());
    }

    static double phase(float[] ch, int k) {
        return Math.atan2(ch[2 * k + 1], ch[2 * k]);
    }

    static double wrap(double a) {
        return Math.IEEEremainder(a, 2 * Math.PI);
    }
}
