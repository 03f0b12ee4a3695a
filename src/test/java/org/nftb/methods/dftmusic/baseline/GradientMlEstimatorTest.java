package org.nftb.methods.dftmusic.baseline;

import org.junit.jupiter.api.Test;
import org.nftb.estimator.EstimateFrame;
import org.nftb.methods.dftmusic.MusicSpectrum;
import org.nftb.model.ElementArray;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PhysicalConstants;
import org.nftb.model.PolarState;
import org.nftb.model.SpaceTimeSignal;
import org.nftb.model.TargetState;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientMlEstimatorTest {
    static final double LAMBDA = PhysicalConstants.wavelengthM(28e9);
    static final double T = 2e-4;

    @Test
    void fromAGridDenseEnoughForTheArrayItClimbsToTheLikelihoodPeak() {
        // 16 elements, 8 symbols: the resolution cells are wide, so a 12^4 grid over a small region starts in the
        // right basin; the ascent must then reach a fit at least that of the truth (it maximizes the same function)
        ElementArray ula = ElementArray.ula(16, LAMBDA / 2, 0, 0, 0);
        PolarState truth = new PolarState(0.15, 0.1, 3, -2);
        double[] path = new double[16];
        double[] rate = new double[16];
        new ElementRangeModel(ula, LAMBDA).paths(TargetState.fromPolar(truth, 0, 0), path, rate);
        double[] y = new double[2 * 16 * 8];
        SpaceTimeSignal.accumulate(path, rate, 16, 8, LAMBDA, T, 1, 0, y);
        SplittableRandom rng = new SplittableRandom(1);
        float[] f = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            f[i] = (float) (y[i] + 0.05 * rng.nextGaussian());
        }
        GradientMlEstimator est = new GradientMlEstimator(ula, LAMBDA, T, 8, -0.3, 0.3, 0.08, 6, 12, 200);
        EstimateFrame out = new EstimateFrame(1, 0);
        est.estimate(f, out);
        MusicSpectrum s = new MusicSpectrum(new ElementRangeModel(ula, LAMBDA), ula, T, 8);
        s.load(f);
        double atTruth = s.fit(truth.angleRad(), truth.rangeM(), truth.radialVelocityMps(),
                truth.transverseVelocityMps());
        assertTrue(out.target(0).fitAchieved() >= atTruth - 1e-9, out.target(0).fitAchieved() + " vs " + atTruth);
        assertEquals(truth.angleRad(), out.target(0).angleRad(), 0.01);
        assertEquals(truth.radialVelocityMps(), out.target(0).radialVelocityMps(), 0.5);
        assertTrue(est.iterations() >= 1);
    }
}
