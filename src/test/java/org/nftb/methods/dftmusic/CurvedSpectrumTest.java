package org.nftb.methods.dftmusic;

import org.junit.jupiter.api.Test;
import org.nftb.model.CpiTiming;
import org.nftb.model.ElementArray;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PhysicalConstants;
import org.nftb.model.PolarState;
import org.nftb.model.TargetState;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The straight-line (second-order) model of {@link MusicSpectrum} against references built sample by sample: the
 * explicit steering vector {@code exp(−jk(L − r + L̇ t + ½ L̈ t²))}, central differences of the fit, and the exact
 * range {@code |p + v t − e_n|}.
 */
class CurvedSpectrumTest {
    static final double LAMBDA = PhysicalConstants.wavelengthM(28e9);
    static final double T = 2e-4;

    /** Echo with the exact straight-line range per sample (the truth at the CPI centre), phase relative to r. */
    static double[] straightLineEcho(ElementArray ula, PolarState p, int symbols) {
        TargetState s = TargetState.fromPolar(p, ula.referenceXM(), ula.referenceYM());
        double k = 2 * Math.PI / LAMBDA;
        double[] out = new double[2 * ula.count() * symbols];
        for (int n = 0; n < ula.count(); n++) {
            for (int m = 0; m < symbols; m++) {
                double t = CpiTiming.symbolTimeS(m, symbols, T);
                double range = Math.hypot(s.xM() + s.vxMps() * t - ula.xM(n), s.yM() + s.vyMps() * t - ula.yM(n));
                double phase = -k * (range - p.rangeM());
                out[2 * (n * symbols + m)] = Math.cos(phase);
                out[2 * (n * symbols + m) + 1] = Math.sin(phase);
            }
        }
        return out;
    }

    /** The second-order steering vector, built directly from {@link ElementRangeModel}. */
    static double[] secondOrderVector(ElementArray ula, PolarState p, int symbols) {
        ElementRangeModel model = new ElementRangeModel(ula, LAMBDA);
        TargetState s = TargetState.fromPolar(p, ula.referenceXM(), ula.referenceYM());
        double[] path = new double[ula.count()];
        double[] rate = new double[ula.count()];
        model.paths(s, path, rate);
        double speed2 = s.vxMps() * s.vxMps() + s.vyMps() * s.vyMps();
        double k = 2 * Math.PI / LAMBDA;
        double[] out = new double[2 * ula.count() * symbols];
        for (int n = 0; n < ula.count(); n++) {
            double accel = (speed2 - rate[n] * rate[n]) / path[n];
            for (int m = 0; m < symbols; m++) {
                double t = CpiTiming.symbolTimeS(m, symbols, T);
                double phase = -k * (path[n] - p.rangeM() + rate[n] * t + 0.5 * accel * t * t);
                out[2 * (n * symbols + m)] = Math.cos(phase);
                out[2 * (n * symbols + m) + 1] = Math.sin(phase);
            }
        }
        return out;
    }

    static MusicSpectrum loaded(ElementArray ula, double[] y, int symbols) {
        MusicSpectrum s = MusicSpectrum.curved(new ElementRangeModel(ula, LAMBDA), T, symbols);
        s.load(DftMusicKernelsTest.toFloat(y));
        return s;
    }

    static double[] noisy(double[] clean, double sd, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] y = clean.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (y[i] + sd * rng.nextGaussian());
        }
        return y;
    }

    @Test
    void theCurvedFitIsTheNormalizedCorrelationWithTheSecondOrderSteeringVector() {
        ElementArray ula = ElementArray.ula(32, LAMBDA / 2, 0, 0, 0);
        PolarState target = new PolarState(0.4, 0.2, 9, -14);
        for (int symbols : new int[] {16, 13}) {   // four chains, and the one-chain path for M not a multiple of 4
            double[] y = noisy(straightLineEcho(ula, target, symbols), 0.3, 3);
            MusicSpectrum spectrum = loaded(ula, y, symbols);
            PolarState probe = new PolarState(0.41, 0.19, 8, -13);
            double[] v = secondOrderVector(ula, probe, symbols);
            double yn = 0, re = 0, im = 0;
            for (int k = 0; k < y.length / 2; k++) {
                yn += y[2 * k] * y[2 * k] + y[2 * k + 1] * y[2 * k + 1];
                re += y[2 * k] * v[2 * k] + y[2 * k + 1] * v[2 * k + 1];
                im += y[2 * k] * v[2 * k + 1] - y[2 * k + 1] * v[2 * k];
            }
            double expected = (re * re + im * im) / (yn * ula.count() * symbols);
            double fit = spectrum.fit(probe.angleRad(), probe.rangeM(), probe.radialVelocityMps(),
                    probe.transverseVelocityMps());
            assertEquals(expected, fit, 1e-12, "M = " + symbols);
            assertEquals(re, spectrum.correlationRe(), 1e-9 * Math.hypot(re, im), "M = " + symbols);
            assertEquals(im, spectrum.correlationIm(), 1e-9 * Math.hypot(re, im), "M = " + symbols);
        }
    }

    @Test
    void theCurvedGradientMatchesCentralDifferencesOfTheFit() {
        ElementArray ula = ElementArray.ula(64, LAMBDA / 2, 0, 0, 0);
        PolarState target = new PolarState(0.6, 0.3, 6, -14);
        MusicSpectrum s = loaded(ula, noisy(straightLineEcho(ula, target, 16), 0.3, 4), 16);
        double[] at = {0.3005, 0.598, 6.2, -13.7};
        double[] steps = {1e-6, 1e-6, 1e-4, 1e-4};
        DftMusicNumericsTest.assertGradientMatchesCentralDifferences(s, at, steps, 1e-3);
    }

    @Test
    void theAnchoredFitIsTheExactFitAtItsAnchorAndAsksForOneAfterTheDataChange() {
        ElementArray ula = ElementArray.ula(64, LAMBDA / 2, 0, 0, 0);
        PolarState target = new PolarState(0.6, 0.3, 6, -14);
        MusicSpectrum s = loaded(ula, noisy(straightLineEcho(ula, target, 16), 0.3, 6), 16);
        assertThrows(IllegalStateException.class, () -> s.anchoredFit(0.3, 0.6, 6, -14));
        s.anchor(0.3, 0.6, 6, -14);
        assertEquals(s.fit(0.3, 0.6, 6, -14), s.anchoredFit(0.3, 0.6, 6, -14), 1e-13);
        // a cell away the curvature is the anchor's: close to the exact fit, not equal to it
        double exact = s.fit(0.31, 0.61, 6.5, -13);
        double anchored = s.anchoredFit(0.31, 0.61, 6.5, -13);
        assertEquals(exact, anchored, 0.02 * exact);
        s.subtract(0.3, 0.6, 6, -14);
        assertThrows(IllegalStateException.class, () -> s.anchoredFit(0.3, 0.6, 6, -14));
    }

    @Test
    void subtractingAStraightLineTargetLeavesNothingOnItsSteeringVector() {
        ElementArray ula = ElementArray.ula(64, LAMBDA / 2, 0, 0, 0);
        PolarState target = new PolarState(0.6, -0.2, -5, 12);
        MusicSpectrum s = loaded(ula, noisy(straightLineEcho(ula, target, 16), 0.3, 5), 16);
        double energy = s.energy();
        double fit = s.fit(target.angleRad(), target.rangeM(), target.radialVelocityMps(),
                target.transverseVelocityMps());
        s.subtract(target.angleRad(), target.rangeM(), target.radialVelocityMps(), target.transverseVelocityMps());
        assertEquals(0, s.fit(target.angleRad(), target.rangeM(), target.radialVelocityMps(),
                target.transverseVelocityMps()), 1e-12);
        assertEquals(energy * (1 - fit), s.energy(), 1e-9 * energy);
    }

    @Test
    void onAStraightLineEchoTheSecondOrderModelFitsWhereSeed001sModelLeavesAMismatch() {
        // 256 elements at 28 GHz, 32 symbols at 5 kHz (seed 001's array and CPI); a close, fast target
        ElementArray ula = ElementArray.ula(256, LAMBDA / 2, 0, 0, 0);
        PolarState target = new PolarState(2.9, Math.toRadians(10), 4, 14);
        double[] y = straightLineEcho(ula, target, 32);
        MusicSpectrum curved = loaded(ula, y, 32);
        MusicSpectrum frozen = new MusicSpectrum(new ElementRangeModel(ula, LAMBDA), ula, T, 32);
        frozen.load(DftMusicKernelsTest.toFloat(y));
        double c = 1 - curved.fit(target.angleRad(), target.rangeM(), target.radialVelocityMps(),
                target.transverseVelocityMps());
        double f = 1 - frozen.fit(target.angleRad(), target.rangeM(), target.radialVelocityMps(),
                target.transverseVelocityMps());
        // the energy outside the model's echo: seed 001's model about −30 dB, the second order's below −55 dB
        // (the third-order term and the float snapshot)
        assertTrue(f > 1e-4, "frozen mismatch " + f);
        assertTrue(c < 3e-6, "second-order mismatch " + c);
    }
}
