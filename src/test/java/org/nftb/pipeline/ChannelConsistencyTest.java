package org.nftb.pipeline;

import org.junit.jupiter.api.Test;
import org.nftb.stream.CpiFrame;
import org.nftb.stream.CpiLayout;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The channel-consistency check on CPIs written out here: 16 channels × 32 samples of one far-field echo (a plane
 * wave from 20°, Doppler 0.1 cycles per sample, 10 dB per sample) in unit complex Gaussian noise, seeded.
 */
class ChannelConsistencyTest {
    private static final int CHANNELS = 16;
    private static final int SAMPLES = 32;
    private final Random rng = new Random(26);

    /** CPI {@code seq}; channels {@code from..to-1} turned by {@code phaseRad} and scaled by {@code gain}. */
    CpiFrame cpi(long seq, double amplitude, int from, int to, double phaseRad, double gain) {
        CpiFrame f = new CpiFrame(new CpiLayout(CHANNELS, SAMPLES, 1));
        float[] x = f.data();
        for (int c = 0; c < CHANNELS; c++) {
            boolean hit = c >= from && c < to;
            for (int s = 0; s < SAMPLES; s++) {
                double ph = Math.PI * c * Math.sin(Math.toRadians(20)) + 2 * Math.PI * 0.1 * (seq * SAMPLES + s)
                        + (hit ? phaseRad : 0);
                double re = amplitude * Math.cos(ph) + rng.nextGaussian() / Math.sqrt(2);
                double im = amplitude * Math.sin(ph) + rng.nextGaussian() / Math.sqrt(2);
                double g = hit ? gain : 1;
                x[2 * (c * SAMPLES + s)] = (float) (g * re);
                x[2 * (c * SAMPLES + s) + 1] = (float) (g * im);
            }
        }
        f.stamp(seq, 0, seq * SAMPLES, 1);
        return f;
    }

    @Test
    void aNinetyDegreeJumpOnFourChannelsRejectsEveryCpiUntilItEndsNamingTheEdgePair() {
        ChannelConsistency check = new ChannelConsistency(CHANNELS);
        for (long k = 0; k < 5; k++) {
            assertNull(check.check(cpi(k, Math.sqrt(10), 0, 0, 0, 1), null));
        }
        for (long k = 5; k < 9; k++) {
            String[] why = check.check(cpi(k, Math.sqrt(10), 0, 4, Math.PI / 2, 1), null);
            assertNotNull(why, "CPI " + k);
            // the pair x4·x3* turns by −90° (channel 3 turned, 4 not), within the noise of 32 samples at 10 dB
            assertTrue(why[0].matches(".*between channels 3 and 4 turned by -(8[5-9]|9[0-5]) deg.*")
                    && why[0].contains("since CPI 4") && why[1].equals("channels 3-4 of CPI " + k), why[0]);
        }
        assertNull(check.check(cpi(9, Math.sqrt(10), 0, 0, 0, 1), null), "the jump has ended");
    }

    @Test
    void aGainStepAndAZeroChannelAreNamedAndAFiveDegreeStepIsLeftToTheDriftWatch() {
        ChannelConsistency check = new ChannelConsistency(CHANNELS);
        assertNull(check.check(cpi(0, Math.sqrt(10), 0, 0, 0, 1), null));
        String[] why = check.check(cpi(1, Math.sqrt(10), 7, 8, 0, 2), null);
        assertNotNull(why);
        // ×2 in amplitude: +6.0 dB, less or more by the noise of two 32-sample power estimates
        assertTrue(why[0].matches(".*the power of channel 7 changed by \\+[4-7]\\.\\d dB.*"), why[0]);
        assertNull(check.check(cpi(2, Math.sqrt(10), 7, 8, Math.toRadians(5), 1), null));
        CpiFrame dead = cpi(3, Math.sqrt(10), 0, 0, 0, 1);
        for (int s = 0; s < 2 * SAMPLES; s++) {
            dead.data()[2 * 11 * SAMPLES + s] = 0;
        }
        why = check.check(dead, null);
        assertNotNull(why);
        assertTrue(why[0].contains("channel 11 delivers only zeros") && why[1].equals("channel 11 of CPI 3"), why[1]);
    }

    @Test
    void aChannelClippedAtTheSignalsRmsIsSaturatedAndSmallIntegersAreNot() {
        ChannelConsistency check = new ChannelConsistency(CHANNELS);
        CpiFrame f = cpi(0, Math.sqrt(10), 0, 0, 0, 1);
        // channel 6 clipped at ±2.35 (the rms of one component of 11 units of power): ~ a third of its components
        for (int i = 0; i < 2 * SAMPLES; i++) {
            int at = 2 * 6 * SAMPLES + i;
            f.data()[at] = Math.max(-2.35f, Math.min(2.35f, f.data()[at]));
        }
        String[] why = check.check(f, null);
        assertNotNull(why);
        assertTrue(why[0].startsWith("channel 6 saturated: ") && why[0].contains("at ±2.35"), why[0]);
        // with a calibration weight of j the radio's samples are the frame's × j: the clipping is still seen
        double[] w = new double[2 * CHANNELS];
        for (int c = 0; c < CHANNELS; c++) {
            w[2 * c + 1] = 1;
        }
        CpiFrame g = cpi(1, Math.sqrt(10), 0, 0, 0, 1);
        for (int i = 0; i < SAMPLES; i++) {
            int at = 2 * (2 * SAMPLES + i);
            float re = Math.max(-2.35f, Math.min(2.35f, g.data()[at]));
            float im = Math.max(-2.35f, Math.min(2.35f, g.data()[at + 1]));
            g.data()[at] = im;       // (re + j im) / j
            g.data()[at + 1] = -re;
        }
        why = new ChannelConsistency(CHANNELS).check(g, w);
        assertNotNull(why);
        assertTrue(why[0].startsWith("channel 2 saturated"), why[0]);
        // a capture of small integers repeats its largest value without clipping: not judged
        CpiFrame q = cpi(2, 0, 0, 0, 0, 1);
        for (int i = 0; i < q.data().length; i++) {
            q.data()[i] = Math.round(2 * q.data()[i]);
        }
        assertNull(new ChannelConsistency(CHANNELS).check(q, null));
    }

    @Test
    void noiseAloneAndAWeakEchoRaiseNoAlarmIn400Cpis() {
        ChannelConsistency check = new ChannelConsistency(CHANNELS);
        for (long k = 0; k < 200; k++) {
            assertNull(check.check(cpi(k, 0, 0, 0, 0, 1), null), "noise, CPI " + k);
        }
        ChannelConsistency weak = new ChannelConsistency(CHANNELS);
        for (long k = 0; k < 200; k++) {
            assertNull(weak.check(cpi(k, 0.3, 0, 0, 0, 1), null), "-10 dB echo, CPI " + k);
        }
    }
}
