package org.nftb.device.sim;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator's noise: Philox4x32-10 as specified (Random123's known answers) and, through the whole device,
 * circular complex Gaussian noise of unit power, independent across samples and channels. Fixed seed 11,
 * 16 channels × 16384 samples (N = 262144 draws); every tolerance is about 5 standard errors of its statistic.
 */
class SimulatedNoiseTest {
    static final int CHANNELS = 16;
    static final int SAMPLES = 16384;
    static float[][] z;

    @BeforeAll
    static void pureNoise() {
        // an inject path that is never fed: no echo at all, only the receivers' noise
        SimScenes s = new SimScenes();
        s.scene("transmitPath: inject");
        z = SimScenes.startAndRead(s.open(), 1000, SAMPLES);
    }

    @Test
    void philoxMatchesTheRandom123KnownAnswers() {
        // Random123 tests/kat_vectors, the three "philox4x32 10" lines: counter[4] key[2] -> result[4]
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
                CounterNoise.philox4x32(new int[] {0, 0, 0, 0}, new int[] {0, 0}));
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
                CounterNoise.philox4x32(new int[] {-1, -1, -1, -1}, new int[] {-1, -1}));
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                CounterNoise.philox4x32(new int[] {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
                        new int[] {0xa4093822, 0x299f31d0}));
    }

    @Test
    void aDrawDependsOnlyOnSeedChannelIndexAndStream() {
        CounterNoise a = new CounterNoise(42);
        CounterNoise b = new CounterNoise(42);
        b.gaussian(3, 999, 0);              // b has drawn something else first
        a.gaussian(5, 1L << 40, 2);
        b.gaussian(5, 1L << 40, 2);
        assertEquals(a.re(), b.re());
        assertEquals(a.im(), b.im());
        b.gaussian(5, (1L << 40) + 1, 2);
        assertTrue(a.re() != b.re());
    }

    @Test
    void noiseHasZeroMeanAndUnitPower() {
        double n = (double) CHANNELS * SAMPLES;
        double sumRe = 0;
        double sumIm = 0;
        double power = 0;
        for (float[] ch : z) {
            for (int i = 0; i < SAMPLES; i++) {
                sumRe += ch[2 * i];
                sumIm += ch[2 * i + 1];
                power += ch[2 * i] * ch[2 * i] + ch[2 * i + 1] * ch[2 * i + 1];
            }
        }
        // mean of one component: σ = sqrt(0.5 / N) = 0.0014; |z|² ~ Exp(1): σ = 1/sqrt(N) = 0.002
        assertEquals(0, sumRe / n, 0.007);
        assertEquals(0, sumIm / n, 0.007);
        assertEquals(1, power / n, 0.01);
    }

    @Test
    void noiseIsCircularAndGaussian() {
        double n = (double) CHANNELS * SAMPLES;
        double re2 = 0;
        double im2 = 0;
        double reIm = 0;
        double re4 = 0;
        for (float[] ch : z) {
            for (int i = 0; i < SAMPLES; i++) {
                double r = ch[2 * i];
                double m = ch[2 * i + 1];
                re2 += r * r;
                im2 += m * m;
                reIm += r * m;
                re4 += r * r * r * r;
            }
        }
        // E z² = E re² − E im² + 2j E re·im = 0 (σ of each part ≈ sqrt(0.5 / N) = 0.0014)
        assertEquals(0, (re2 - im2) / n, 0.007);
        assertEquals(0, reIm / n, 0.007);
        assertEquals(0.5, re2 / n, 0.007);
        // kurtosis of a Gaussian component is 3 (σ of the estimate ≈ sqrt(96 / N) = 0.019)
        assertEquals(3, (re4 / n) / Math.pow(re2 / n, 2), 0.1);
    }

    @Test
    void noiseIsIndependentAcrossChannelsAndSamples() {
        // |E z_a z_b*| for neighbouring channels and for lag 1 within a channel: σ = 1/sqrt(16384) = 0.0078
        for (int c = 0; c < CHANNELS; c++) {
            int d = (c + 1) % CHANNELS;
            assertEquals(0, correlation(z[c], 0, z[d], 0, SAMPLES), 0.04, "channels " + c + " and " + d);
            assertEquals(0, correlation(z[c], 0, z[c], 1, SAMPLES - 1), 0.04, "lag 1 on channel " + c);
        }
    }

    /** |mean of a[i + da] · conj(b[i + db])| over {@code count} samples. */
    static double correlation(float[] a, int da, float[] b, int db, int count) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < count; i++) {
            double ar = a[2 * (i + da)];
            double ai = a[2 * (i + da) + 1];
            double br = b[2 * (i + db)];
            double bi = b[2 * (i + db) + 1];
            re += ar * br + ai * bi;
            im += ai * br - ar * bi;
        }
        return Math.hypot(re, im) / count;
    }
}
