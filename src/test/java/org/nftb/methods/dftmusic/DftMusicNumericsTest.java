package org.nftb.methods.dftmusic;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.nftb.model.ElementArray;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PhysicalConstants;
import org.nftb.model.PolarState;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small numerical kernels of dftmusic against independent references. */
class DftMusicNumericsTest {
    static final double LAMBDA = PhysicalConstants.wavelengthM(28e9);
    static final double T = 2e-4;

    @Test
    void sinCosAgreesWithTheJdkToAFewUlpsOverTheModelsPhaseRange() {
        SinCos sc = new SinCos();
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 200_000; i++) {
            double x = (rng.nextDouble() * 2 - 1) * (i % 2 == 0 ? 10 : 9.9e4);
            sc.set(x);
            // the JDK's own results are within 1 ulp; ours within a few (|x| up to 2·10⁴ rad keeps 1e-15 absolute; the table covers |x| < 10⁵)
            assertEquals(Math.cos(x), sc.cos, 2e-15, "cos " + x);
            assertEquals(Math.sin(x), sc.sin, 2e-15, "sin " + x);
        }
        sc.set(3e7);   // beyond the table's range reduction: falls back to the JDK exactly
        assertEquals(Math.cos(3e7), sc.cos, 0);
        assertEquals(Math.sin(3e7), sc.sin, 0);
    }

    @Test
    void selectionReturnsTheKthSmallestAsASortWould() {
        SplittableRandom rng = new SplittableRandom(2);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rng.nextInt(300);
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = trial % 3 == 0 ? rng.nextInt(5) : rng.nextGaussian();   // with and without ties
            }
            double[] sorted = a.clone();
            Arrays.sort(sorted);
            int k = rng.nextInt(n);
            assertEquals(sorted[k], Selection.select(a, n, k), "n " + n + " k " + k);
        }
    }

    @Test
    void cholesky4SolvesAPositiveDefiniteSystemAndRefusesAnIndefiniteOne() {
        SplittableRandom rng = new SplittableRandom(3);
        DMatrixRMaj b = new DMatrixRMaj(4, 4);
        for (int i = 0; i < 16; i++) {
            b.data[i] = rng.nextGaussian();
        }
        DMatrixRMaj a = new DMatrixRMaj(4, 4);
        CommonOps_DDRM.multTransA(b, b, a);
        for (int i = 0; i < 4; i++) {
            a.add(i, i, 0.1);
        }
        double[] rhs = {1, -2, 0.5, 3};
        DMatrixRMaj x = new DMatrixRMaj(4, 1);
        CommonOps_DDRM.solve(a, new DMatrixRMaj(4, 1, true, rhs.clone()), x);
        double[] ours = rhs.clone();
        assertTrue(Cholesky4.solve(a.data, ours));
        for (int i = 0; i < 4; i++) {
            assertEquals(x.data[i], ours[i], 1e-10 * Math.abs(x.data[i]) + 1e-12);
        }
        double[] indefinite = {1, 2, 0, 0, 2, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
        assertFalse(Cholesky4.solve(indefinite, new double[] {1, 1, 1, 1}));
    }

    static MusicSpectrum noisySpectrum(ElementArray ula, PolarState target, int symbols, long seed) {
        double[] y = DftMusicKernelsTest.snapshot(ula, target, symbols);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < y.length; i++) {
            y[i] += 0.3 * rng.nextGaussian();
        }
        MusicSpectrum s = new MusicSpectrum(new ElementRangeModel(ula, LAMBDA), ula, T, symbols);
        s.load(DftMusicKernelsTest.toFloat(y));
        return s;
    }

    @Test
    void theFitsGradientMatchesCentralDifferencesOfTheFit() {
        ElementArray ula = ElementArray.ula(64, LAMBDA / 2, 0, 0, 0);
        MusicSpectrum s = noisySpectrum(ula, new PolarState(1.5, 0.3, 4, -6), 16, 4);
        double[] at = {0.3005, 1.49, 4.2, -5.7};            // near the peak, where scoring uses it
        double[] steps = {1e-6, 1e-5, 1e-4, 1e-4};
        assertGradientMatchesCentralDifferences(s, at, steps, 0);
    }

    /**
     * The gradient of {@link MusicSpectrum#fitGradient} against central differences of the fit, at {@code at}; every
     * slope at least {@code minSlope} in magnitude (so that the comparison is not of two near-zeros).
     */
    static void assertGradientMatchesCentralDifferences(MusicSpectrum s, double[] at, double[] steps, double minSlope) {
        double[] gradient = new double[4];
        double f0 = s.fitGradient(at[0], at[1], at[2], at[3], gradient);
        assertEquals(s.fit(at[0], at[1], at[2], at[3]), f0, 1e-14, "the fit it returns is the fit");
        for (int p = 0; p < 4; p++) {
            double[] plus = at.clone();
            double[] minus = at.clone();
            plus[p] += steps[p];
            minus[p] -= steps[p];
            double numeric = (s.fit(plus[0], plus[1], plus[2], plus[3]) - s.fit(minus[0], minus[1], minus[2], minus[3]))
                    / (2 * steps[p]);
            assertTrue(Math.abs(numeric) >= minSlope, "a slope worth testing, parameter " + p);
            assertEquals(numeric, gradient[p], 1e-4 * Math.abs(numeric) + 1e-9, "parameter " + p);
        }
    }

    @Test
    void subtractingATargetRemovesItsLeastSquaresEchoAndRestoreUndoesIt() {
        ElementArray ula = ElementArray.ula(64, LAMBDA / 2, 0, 0, 0);
        PolarState target = new PolarState(1.5, 0.3, 4, -6);
        MusicSpectrum s = noisySpectrum(ula, target, 16, 5);
        double energy = s.energy();
        double fit = s.fit(target.angleRad(), target.rangeM(), target.radialVelocityMps(),
                target.transverseVelocityMps());
        double power = s.subtract(target.angleRad(), target.rangeM(), target.radialVelocityMps(),
                target.transverseVelocityMps());
        // y − ĝv is orthogonal to v: nothing of it projects on v, and the energy drops by the projection
        assertEquals(0, s.fit(target.angleRad(), target.rangeM(), target.radialVelocityMps(),
                target.transverseVelocityMps()), 1e-12);
        assertEquals(energy * (1 - fit), s.energy(), 1e-9 * energy);
        assertEquals(fit * energy / (64 * 16), power, 1e-9 * power, "|ĝ|² = projection / ‖v‖² / ‖v‖²·‖v‖²");
        float[] residual = new float[2 * 64 * 16];
        s.residual(residual);
        s.restore();
        assertEquals(energy, s.energy(), 1e-9 * energy);
        assertEquals(fit, s.fit(target.angleRad(), target.rangeM(), target.radialVelocityMps(),
                target.transverseVelocityMps()), 1e-12);
    }
}
