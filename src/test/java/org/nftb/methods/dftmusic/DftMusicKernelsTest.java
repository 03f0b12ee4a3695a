package org.nftb.methods.dftmusic;

import org.junit.jupiter.api.Test;
import org.nftb.model.ElementArray;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PhysicalConstants;
import org.nftb.model.PolarState;
import org.nftb.model.SpaceTimeSignal;
import org.nftb.model.TargetState;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DftMusicKernelsTest {
    static final double LAMBDA = PhysicalConstants.wavelengthM(28e9);
    static final double T = 2e-4;

    static double[] snapshot(ElementArray ula, PolarState p, int symbols) {
        ElementRangeModel m = new ElementRangeModel(ula, LAMBDA);
        double[] path = new double[ula.count()];
        double[] rate = new double[ula.count()];
        m.paths(TargetState.fromPolar(p, 0, 0), path, rate);
        double[] out = new double[2 * ula.count() * symbols];
        SpaceTimeSignal.accumulate(path, rate, ula.count(), symbols, LAMBDA, T, 1, 0, out);
        return out;
    }

    static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    @Test
    void theSpreadMediansSitAtTheTrueAngleAndRadialVelocity() {
        ElementArray ula = ElementArray.ula(128, LAMBDA / 2, 0, 0, 0);
        PolarState truth = new PolarState(2.0, Math.toRadians(-20), -7, 3);
        AngleDopplerAnalyzer a = new AngleDopplerAnalyzer(128, 32, 512, 256, LAMBDA / 2, LAMBDA, T);
        a.analyze(toFloat(snapshot(ula, truth, 32)));
        double bin = a.sinPerAngleBin() / Math.cos(truth.angleRad());
        assertEquals(truth.angleRad(), a.angleRad(), 2 * bin);
        assertEquals(truth.radialVelocityMps(), a.radialVelocityMps(), 2 * a.mpsPerDopplerBin());
    }

    @Test
    void theTablesReturnTheRangeAndTransverseSpeedOfANoiseFreeTargetOnTheirGrid() {
        ElementArray ula = ElementArray.ula(64, LAMBDA / 2, 0, 0, 0);
        org.nftb.config.Grid angles = new org.nftb.config.Grid(-0.4, 0.4, 5);
        org.nftb.config.Grid ranges = new org.nftb.config.Grid(0.5, 2.0, 7);
        org.nftb.config.Grid speeds = new org.nftb.config.Grid(0, 12, 5);
        SpreadTables tables = SpreadTables.build(ula, LAMBDA, T, 16, 256, 64, angles, ranges, speeds);
        AngleDopplerAnalyzer a = new AngleDopplerAnalyzer(64, 16, 256, 64, LAMBDA / 2, LAMBDA, T);
        double[] out = new double[2];
        // a grid cell: θ = 0.2, 1/r = 1/0.5 - 3·step, |v_θ| = 6
        double u = 1 / 2.0 + 3 * (1 / 0.5 - 1 / 2.0) / 6;
        PolarState truth = new PolarState(1 / u, 0.2, 3, 6);
        a.analyze(toFloat(snapshot(ula, truth, 16)));
        tables.coarseRangeAndTransverse(0.2, a.angleWidthRad(), a.dopplerWidthRadPerSymbol(), out);
        // v_r = 3 m/s in the data, 0 in the tables: widths move slightly, so within 5 % and one v_θ step
        assertEquals(truth.rangeM(), out[0], 0.05 * truth.rangeM());
        assertEquals(6, out[1], 3);
    }

    @Test
    void theRidgeTiltGivesTheSignOfTheTransverseVelocity() {
        ElementArray ula = ElementArray.ula(256, LAMBDA / 2, 0, 0, 0);
        AngleDopplerAnalyzer a = new AngleDopplerAnalyzer(256, 32, 512, 128, LAMBDA / 2, LAMBDA, T);
        for (double vt : new double[] {8, -8, 15, -15}) {
            for (double th : new double[] {0, 0.26, -0.4}) {
                a.analyze(toFloat(snapshot(ula, new PolarState(7, th, 10, vt), 32)));
                assertEquals((int) Math.signum(vt), a.transverseSign(), "v_θ " + vt + " θ " + th);
            }
        }
    }

    /** Reference: ‖U_nᴴ v̂‖² with U_n U_nᴴ = I - u uᴴ built from explicit normalized vectors. */
    @Test
    void theMusicSpectrumEqualsTheExplicitNoiseSubspaceProjection() {
        ElementArray ula = ElementArray.ula(16, LAMBDA / 2, 0, 0, 0);
        int symbols = 8;
        double[] y = snapshot(ula, new PolarState(0.5, 0.1, 4, -3), symbols);
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (y[i] + 0.5 * rng.nextGaussian());
        }
        MusicSpectrum spectrum = new MusicSpectrum(new ElementRangeModel(ula, LAMBDA), ula, T, symbols);
        spectrum.load(toFloat(y));
        PolarState probe = new PolarState(0.52, 0.11, 3.5, -2);
        double[] v = snapshot(ula, probe, symbols);
        double yn = 0, vn = 0, re = 0, im = 0;
        for (int k = 0; k < y.length / 2; k++) {
            yn += y[2 * k] * y[2 * k] + y[2 * k + 1] * y[2 * k + 1];
            vn += v[2 * k] * v[2 * k] + v[2 * k + 1] * v[2 * k + 1];
            re += y[2 * k] * v[2 * k] + y[2 * k + 1] * v[2 * k + 1];      // Re{yᴴ v}
            im += y[2 * k] * v[2 * k + 1] - y[2 * k + 1] * v[2 * k];      // Im{yᴴ v}
        }
        double projection = 1 - (re * re + im * im) / (yn * vn);        // ‖(I - u uᴴ) v̂‖²
        double fit = spectrum.fit(probe.angleRad(), probe.rangeM(), probe.radialVelocityMps(),
                probe.transverseVelocityMps());
        assertEquals(projection, 1 - fit, 1e-12);
        assertEquals(1 / projection, MusicSpectrum.pseudoSpectrum(fit), 1e-9 / projection);
    }
}
