package org.nftb.device.sim;

import org.junit.jupiter.api.Test;
import org.nftb.device.CommandTime;
import org.nftb.device.RadioDevice;
import org.nftb.device.TxBurst;
import org.nftb.testing.TestConfigs;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Task: the simulated samples are a function of (seed, sample index, channel) and of the commands and bursts
 * given, never of how the caller chunks its receives. Every case reads the same configuration with receive
 * buffers of 1, 7, 32 and 1024 samples and demands bit-identical samples on every channel over several CPIs.
 */
class SimulatedReproducibilityTest {
    static final int[] BUFFER_SIZES = {1, 7, 32, 1024};

    @Test
    void theDefaultSceneIsTheSameWhateverTheReceiveBufferSize() {
        // 256 channels, S = 1, M = 32: four CPIs
        assertSameForEveryBufferSize(() -> new SimulatedArray(TestConfigs.seed001(5, true)), 4 * 32);
    }

    @Test
    void severalSamplesPerSymbolAndLinearMotionAreTheSameWhateverTheBufferSize() {
        SimScenes s = new SimScenes();
        s.samplesPerSymbol = 4;
        s.motion = "linear";
        s.target(40);
        assertSameForEveryBufferSize(s::open, 6 * s.samplesPerCpi() + 5);
    }

    @Test
    void severalMovingTargetsAreTheSameWhateverTheBufferSize() {
        SimScenes s = new SimScenes();
        s.samplesPerSymbol = 3;
        s.motion = "linear";
        s.target(3, 15, 10, 8, 30).target(5, -20, -4, 2, 20).target(2.5, 40, 0, -6, 25);
        assertSameForEveryBufferSize(s::open, 5 * s.samplesPerCpi() + 3);
    }

    @Test
    void commandsBurstsAndLoPhaseJumpsAreTheSameWhateverTheBufferSize() {
        SimScenes s = new SimScenes();
        s.samplesPerSymbol = 2;
        s.motion = "linear";
        s.target(3, 15, 10, 8, 30).target(5, -20, -4, 2, 20);
        s.scene("transmitPath: reflect").scene("loPhaseJumps: quarterTurns");
        double fs = s.sampleRateHz();
        assertSameForEveryBufferSize(() -> {
            SimulatedArray sim = s.open();
            sim.setRxGain(3, 2, CommandTime.at(nanos(17.5, fs)));
            sim.setRxFrequency(SimScenes.CARRIER_HZ - 700, RadioDevice.ALL_CHANNELS, CommandTime.at(nanos(40.2, fs)));
            sim.setRxFrequency(SimScenes.CARRIER_HZ, 5, CommandTime.at(nanos(71, fs)));
            sim.transmit(new TxBurst(new float[][] {noiseLike(50, 1)}, SimScenes.CARRIER_HZ, 0, fs,
                    nanos(11.2, fs)), 0);
            sim.transmit(new TxBurst(new float[][] {tone(60, 0.03)}, SimScenes.CARRIER_HZ + 200, 0, fs,
                    nanos(33.3, fs)), 0);
            return sim;
        }, 4 * s.samplesPerCpi() + 1);
    }

    @Test
    void injectedBurstsWithFractionalDelaysAreTheSameWhateverTheBufferSize() {
        SimScenes s = new SimScenes();
        s.channels = 4;
        s.scene("transmitPath: {mode: inject, splitterGain: -3 dB, delaySamples: [0, 1, 2.5, 9.75]}");
        double fs = s.sampleRateHz();
        assertSameForEveryBufferSize(() -> {
            SimulatedArray sim = s.open();
            sim.transmit(new TxBurst(new float[][] {noiseLike(30, 2), tone(30, 0.1)},
                    SimScenes.CARRIER_HZ, 2, fs, nanos(6.5, fs)), 0);
            return sim;
        }, 8 * s.samplesPerCpi());
    }

    @Test
    void anotherSeedGivesOtherSamples() {
        float[][] a = SimScenes.startAndRead(new SimulatedArray(TestConfigs.seed001(5, true)), 32, 32);
        float[][] b = SimScenes.startAndRead(new SimulatedArray(TestConfigs.seed001(6, true)), 32, 32);
        assertFalse(java.util.Arrays.equals(a[17], b[17]));
    }

    interface Opener {
        SimulatedArray open();
    }

    static void assertSameForEveryBufferSize(Opener opener, int samples) {
        float[][] reference = null;
        for (int size : BUFFER_SIZES) {
            try (SimulatedArray sim = opener.open()) {
                float[][] got = SimScenes.startAndRead(sim, size, samples);
                if (reference == null) {
                    reference = got;
                    continue;
                }
                for (int c = 0; c < got.length; c++) {
                    assertArrayEquals(reference[c], got[c], "channel " + c + ", buffer of " + size + " samples");
                }
            }
        }
    }

    /** Device time of the fractional sample position {@code samples} (a time between samples). */
    static long nanos(double samples, double sampleRateHz) {
        return (long) (samples * 1e9 / sampleRateHz);
    }

    /** {@code length} complex samples with re and im uniform in [-1, 1) (seeded): a broadband waveform. */
    static float[] noiseLike(int length, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[2 * length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    /** {@code e^{j 2π f i}}, i = 0..length-1, f in cycles per sample. */
    static float[] tone(int length, double cyclesPerSample) {
        float[] x = new float[2 * length];
        for (int i = 0; i < length; i++) {
            x[2 * i] = (float) Math.cos(2 * Math.PI * cyclesPerSample * i);
            x[2 * i + 1] = (float) Math.sin(2 * Math.PI * cyclesPerSample * i);
        }
        return x;
    }
}
