package org.nftb.device.sim;

import org.junit.jupiter.api.Test;
import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.device.DeviceException;
import org.nftb.device.TxBurst;
import org.nftb.device.TxRefusedException;
import org.nftb.model.ArrayErrors;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.SpaceTimeSignal;
import org.nftb.model.TargetState;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nftb.device.sim.SimulatedReproducibilityTest.noiseLike;
import static org.nftb.device.sim.SimulatedReproducibilityTest.tone;

/**
 * What the simulated array hears of a transmit. Each case subtracts a run of the same seed without the burst:
 * the noise is the same sample for sample, so the difference is the burst's contribution, exact up to float
 * rounding of the received samples (≈ 1e-7 of their magnitude, hence the tolerances below).
 */
class SimulatedTransmitTest {
    static final double FS = SimScenes.SYMBOL_RATE_HZ;
    static final long NS = 200_000;     // one sample at 5 kHz

    static SimScenes inject(String delays) {
        SimScenes s = new SimScenes();
        s.channels = 6;
        s.scene("transmitPath: {mode: inject, splitterGain: -6 dB, delaySamples: " + delays + "}");
        return s;
    }

    /** Received minus the same run without transmits, over {@code samples} samples read in {@code bufferSize}. */
    static double[][] heard(SimScenes s, int bufferSize, int samples, TxBurst... bursts) {
        float[][] plain = SimScenes.startAndRead(s.open(), bufferSize, samples);
        SimulatedArray sim = s.open();
        for (TxBurst b : bursts) {
            sim.transmit(b, 0);
        }
        return SimScenes.minus(SimScenes.startAndRead(sim, bufferSize, samples), plain);
    }

    static double[] w(RunConfig c) {
        SceneConfig.CalibrationErrors e = c.scene().calibrationErrors();
        return ArrayErrors.draw(c.rxArray().count(), e.phaseMaxRad(), e.amplitudeMaxDb(), e.seed());
    }

    @Test
    void anInjectedReferenceArrivesAsSplitterGainTimesWTimesTheDelayedBurst() {
        SimScenes s = inject("[0, 1, 2, 5, 17, 3]");
        int[] d = {0, 1, 2, 5, 17, 3};
        double[] w = w(s.config());
        double g = Math.pow(10, -6 / 20.0);
        float[] x = noiseLike(40, 3);
        // 12.3 samples: the burst lands on sample 13, the first at or after its time
        double[][] y = heard(s, 9, 96, new TxBurst(new float[][] {x}, SimScenes.CARRIER_HZ, 0, FS, 123 * NS / 10));
        for (int n = 0; n < s.channels; n++) {
            for (int k = 0; k < 96; k++) {
                int src = k - 13 - d[n];
                double xr = src >= 0 && src < 40 ? x[2 * src] : 0;
                double xi = src >= 0 && src < 40 ? x[2 * src + 1] : 0;
                double er = g * (w[2 * n] * xr - w[2 * n + 1] * xi);
                double ei = g * (w[2 * n] * xi + w[2 * n + 1] * xr);
                assertEquals(er, y[n][2 * k], 1e-6, "channel " + n + " sample " + k);
                assertEquals(ei, y[n][2 * k + 1], 1e-6, "channel " + n + " sample " + k);
            }
        }
    }

    @Test
    void fractionalDelaysShiftABandLimitedToneByTheirExactDelay() {
        double[] d = {0.5, 1.25, 2.75, 0.1, 7.9, 3.5};
        SimScenes s = inject("[0.5, 1.25, 2.75, 0.1, 7.9, 3.5]");
        double[] w = w(s.config());
        double g = Math.pow(10, -6 / 20.0);
        for (double f : new double[] {0.05, 0.25}) {
            double[][] y = heard(s, 32, 160, new TxBurst(new float[][] {tone(120, f)}, SimScenes.CARRIER_HZ, 0, FS,
                    10 * NS));
            for (int n = 0; n < s.channels; n++) {
                // away from the burst's edges (the interpolator spans 8 samples either side)
                for (int k = 10 + 8 + 8; k < 10 + 120 - 8; k++) {
                    double ph = 2 * Math.PI * f * (k - 10 - d[n]);
                    double er = g * (w[2 * n] * Math.cos(ph) - w[2 * n + 1] * Math.sin(ph));
                    double ei = g * (w[2 * n] * Math.sin(ph) + w[2 * n + 1] * Math.cos(ph));
                    double err = Math.hypot(y[n][2 * k] - er, y[n][2 * k + 1] - ei) / Math.hypot(er, ei);
                    // the documented accuracy of FractionalDelay up to 0.25 f_s
                    assertEquals(0, err, 2e-3, "f " + f + ", channel " + n + ", sample " + k);
                }
            }
        }
    }

    @Test
    void aBurstStraddlingReceiveBuffersLandsOnTheSameSamplesWhateverTheBufferSize() {
        SimScenes s = inject("0");
        float[] x = noiseLike(50, 4);
        TxBurst burst = new TxBurst(new float[][] {x}, SimScenes.CARRIER_HZ, 0, FS, 45 * NS - 7);
        double[][] reference = heard(s, 1, 128, burst);
        for (int size : new int[] {7, 32, 1024}) {
            double[][] y = heard(s, size, 128, burst);
            for (int n = 0; n < s.channels; n++) {
                assertArrayEquals(reference[n], y[n], "buffer of " + size);
            }
        }
        for (int k = 0; k < 128; k++) {
            boolean inside = k >= 45 && k < 95;
            assertEquals(inside, Math.hypot(reference[0][2 * k], reference[0][2 * k + 1]) > 1e-4, "sample " + k);
        }
    }

    @Test
    void aReflectedBurstCarriesTheTargetsPerElementPhaseAtTheBurstFrequency() {
        SimScenes s = new SimScenes();
        s.target(3, 15, 10, 8, 20);
        s.scene("transmitPath: reflect");
        RunConfig c = s.config();
        double fb = SimScenes.CARRIER_HZ + 400;   // 400 Hz above the receivers' tuning
        int m = c.cpiSymbols();
        float[] ones = new float[2 * m];
        for (int i = 0; i < m; i++) {
            ones[2 * i] = 1;
        }
        // a unit pulse every sample of CPI 1 (samples 8..15)
        double[][] y = heard(s, 5, 3 * m, new TxBurst(new float[][] {ones}, fb, 0, FS, m * NS));
        TargetState state = c.scene().targets().get(0).initial();
        int n = c.rxArray().count();
        double[] path = new double[n];
        double[] rate = new double[n];
        new ElementRangeModel(c.rxArray(), c.wavelengthM()).paths(state, path, rate);
        double[] s1 = new double[2 * n * m];
        double a = Math.sqrt(Math.pow(10, 20 / 10.0));
        SpaceTimeSignal.accumulate(path, rate, n, m, 299_792_458.0 / fb, c.symbolPeriodS(), a, 0, s1);
        double[] w = w(c);
        for (int ch = 0; ch < n; ch++) {
            for (int k = 0; k < 3 * m; k++) {
                double er = 0;
                double ei = 0;
                if (k >= m && k < 2 * m) {
                    double sr = s1[2 * (ch * m + k - m)];
                    double si = s1[2 * (ch * m + k - m) + 1];
                    double mix = 2 * Math.PI * 400 * k / FS;   // mixed down from fb to the tuned carrier
                    double vr = w[2 * ch] * sr - w[2 * ch + 1] * si;
                    double vi = w[2 * ch] * si + w[2 * ch + 1] * sr;
                    er = vr * Math.cos(mix) - vi * Math.sin(mix);
                    ei = vr * Math.sin(mix) + vi * Math.cos(mix);
                }
                assertEquals(er, y[ch][2 * k], 1e-5, "channel " + ch + " sample " + k);
                assertEquals(ei, y[ch][2 * k + 1], 1e-5, "channel " + ch + " sample " + k);
            }
        }
    }

    @Test
    void aBurstPerTransmitElementIlluminatesWithTheTransmitArrayFactor() {
        SimScenes s = new SimScenes();
        s.channels = 4;
        s.target(3, 15, 0, 0, 20);
        s.scene("transmitPath: reflect");
        RunConfig c = s.config();
        float[][] x = new float[4][2];
        float[] single = {0, 0};
        for (int j = 0; j < 4; j++) {
            x[j][0] = 0.25f * (j + 1);       // a different weight per element
            x[j][1] = -0.1f * j;
        }
        double[][] multi = heard(s, 3, 8, new TxBurst(x, SimScenes.CARRIER_HZ, 0, FS, 2 * NS));
        single[0] = 1;
        double[][] one = heard(s, 3, 8, new TxBurst(new float[][] {single}, SimScenes.CARRIER_HZ, 0, FS, 2 * NS));
        // illumination Σ_j x_j exp(−j 2π/λ (|p − e_j| − |p − ref|)), from the geometry
        TargetState p = c.scene().targets().get(0).initial();
        double re = 0;
        double im = 0;
        for (int j = 0; j < 4; j++) {
            double dist = Math.hypot(p.xM() - c.txArray().xM(j), p.yM() - c.txArray().yM(j)) - Math.hypot(p.xM(), p.yM());
            double ph = -2 * Math.PI / c.wavelengthM() * dist;
            re += x[j][0] * Math.cos(ph) - x[j][1] * Math.sin(ph);
            im += x[j][0] * Math.sin(ph) + x[j][1] * Math.cos(ph);
        }
        for (int ch = 0; ch < 4; ch++) {
            double er = re * one[ch][4] - im * one[ch][5];
            double ei = re * one[ch][5] + im * one[ch][4];
            assertEquals(er, multi[ch][4], 1e-5, "channel " + ch);
            assertEquals(ei, multi[ch][5], 1e-5, "channel " + ch);
        }
    }

    @Test
    void withoutATransmitPathABurstIsCountedAndNotHeard() {
        SimScenes s = new SimScenes();
        SimulatedArray sim = s.open();
        sim.transmit(new TxBurst(new float[][] {noiseLike(8, 1)}, SimScenes.CARRIER_HZ, 0, FS, 2 * NS), 0);
        assertEquals(1, sim.transmittedBursts());
        float[][] y = SimScenes.startAndRead(sim, 4, 16);
        float[][] plain = SimScenes.startAndRead(s.open(), 4, 16);
        for (int n = 0; n < s.channels; n++) {
            assertArrayEquals(plain[n], y[n]);
        }
    }

    @Test
    void burstsTheArrayCannotHearAreClearErrorsAndTheInterlockStillComesFirst() {
        SimScenes s = new SimScenes();
        s.scene("transmitPath: reflect");
        SimulatedArray sim = s.open();
        float[][] two = {noiseLike(4, 1), noiseLike(4, 2)};
        assertThrows(DeviceException.class, () -> sim.transmit(new TxBurst(two, SimScenes.CARRIER_HZ, 0, FS, 0), 0));
        assertThrows(DeviceException.class, () -> sim.transmit(new TxBurst(new float[][] {two[0]},
                SimScenes.CARRIER_HZ, 0, 2 * FS, 0), 0));
        assertThrows(TxRefusedException.class, () -> sim.transmit(new TxBurst(new float[][] {two[0]}, 24e9, 0, FS,
                0), 0));
        assertEquals(0, sim.transmittedBursts());
    }
}
