package org.nftb.methods.dftmusic;

import org.junit.jupiter.api.Test;
import org.nftb.model.ElementArray;
import org.nftb.model.PhysicalConstants;
import org.nftb.model.PolarState;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The geometric reading of the AD map against the true targets it was made from, in resolution cells of each
 * parameter (angle λ/(D cos θ), inverse range 4λ/(D² cos²θ), v_r λ/(MT), v_θ λr/(D cos θ MT)).
 */
class SpreadGeometryTest {
    static final double LAMBDA = PhysicalConstants.wavelengthM(28e9);
    static final double T = 2e-4;
    static final int N = 256;
    static final int M = 32;
    static final ElementArray ULA = ElementArray.ula(N, LAMBDA / 2, 0, 0, 0);
    static final double D = N * LAMBDA / 2;

    /** Errors of the reading in cells: θ, 1/r, v_r, v_θ. */
    static double[] cells(PolarState truth, double noiseSd, long seed) {
        double[] y = DftMusicKernelsTest.snapshot(ULA, truth, M);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < y.length; i++) {
            y[i] += noiseSd * rng.nextGaussian();
        }
        AngleDopplerAnalyzer a = new AngleDopplerAnalyzer(N, M, 512, 128, LAMBDA / 2, LAMBDA, T);
        a.analyze(DftMusicKernelsTest.toFloat(y));
        SpreadGeometry g = new SpreadGeometry(ULA, M, 512, 128, LAMBDA / 2, LAMBDA, T, 15);
        g.read(a.powerMap(), a.noisePowerPerBin());
        assertTrue(g.valid, "a reading for " + truth);
        double c = Math.cos(truth.angleRad());
        return new double[] {
            (g.angleRad - truth.angleRad()) / (LAMBDA / (D * c)),
            (1 / g.rangeM - 1 / truth.rangeM()) / (4 * LAMBDA / (D * D * c * c)),
            (g.radialVelocityMps - truth.radialVelocityMps()) / (LAMBDA / (M * T)),
            (g.transverseVelocityMps - truth.transverseVelocityMps()) / (LAMBDA * truth.rangeM() / (D * c * M * T))};
    }

    @Test
    void noiseFreeTargetsAcrossTheRegionAreReadWithinAFractionOfACell() {
        // the region's corners and middle (θ ±60°, 2 apertures to the effective beamfocusing distance, ±15 m/s);
        // measured: within 0.1 cell in θ and v_r, 0.4 in 1/r (a constant 0.3 cell far: the blur of the edges),
        // 0.5 in v_θ; asserted with margin
        double[] angles = {-60, -30, 0, 15, 45, 60};
        double[] ranges = {2.74, 5, 9};
        for (double deg : angles) {
            for (double r : ranges) {
                double ebrd = ULA.effectiveBeamfocusingDistanceM(LAMBDA, Math.toRadians(deg));
                if (r >= ebrd) {
                    continue;
                }
                for (double[] v : new double[][] {{15, -15}, {-7, 4}, {0, 12}}) {
                    PolarState truth = new PolarState(r, Math.toRadians(deg), v[0], v[1]);
                    double[] e = cells(truth, 0, 0);
                    assertEquals(0, e[0], 0.2, "θ " + truth);
                    assertEquals(0, e[1], 0.6, "1/r " + truth);
                    assertEquals(0, e[2], 0.2, "v_r " + truth);
                    assertEquals(0, e[3], 0.7, "v_θ " + truth);
                }
            }
        }
    }

    @Test
    void thePapersDefaultAt30DbIsReadWithinTheRefinementsWindows() {
        // processed SNR 30 dB: noise per sample 1 against a gain of √(1000/8192); the refinement scans ±1.5 cells
        PolarState truth = new PolarState(7.0165, Math.toRadians(15), 10, 8);
        double gainToNoise = Math.sqrt(8192 / 1000.0);
        for (long seed = 1; seed <= 20; seed++) {
            double[] e = cells(truth, gainToNoise * Math.sqrt(0.5), seed);
            for (int p = 0; p < 4; p++) {
                assertEquals(0, e[p], 1.5, "parameter " + p + ", seed " + seed);
            }
        }
    }
}
