package org.nftb.calibration;

import org.junit.jupiter.api.Test;
import org.nftb.bound.MotionCrb;
import org.nftb.model.ElementArray;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PolarState;
import org.nftb.model.TargetState;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EstimatorImpactTest {
    static final double LAMBDA = 299_792_458.0 / 28e9;
    static final ElementArray ULA = ElementArray.ula(64, LAMBDA / 2, 0, 0, 0);
    static final ElementRangeModel MODEL = new ElementRangeModel(ULA, LAMBDA);

    @Test
    void noPhaseErrorNoBiasAndAPatternThatMovesTheTargetIsReadAsThatBiasAgainstMotionCrbsBound() {
        PolarState t = new PolarState(1.5, Math.toRadians(20), 4, 3);
        double snr = Math.pow(10, 0.5);
        EstimatorImpact.Impact none = EstimatorImpact.of(MODEL, 0, 0, 16, 2e-4, t, snr, new double[64]);
        for (int i = 0; i < 4; i++) {
            assertEquals(0, none.bias()[i], 1e-15);
        }
        // the phase pattern of moving a stationary target by δθ is (to first order) ψ_θ δθ: the bias is exactly δθ
        PolarState still = new PolarState(1.5, Math.toRadians(20), 0, 0);
        double d = 1e-6;
        double[] delta = new double[64];
        double[] p0 = new double[64];
        double[] p1 = new double[64];
        double[] rate = new double[64];
        MODEL.paths(TargetState.fromPolar(still, 0, 0), p0, rate);
        MODEL.paths(TargetState.fromPolar(new PolarState(1.5, Math.toRadians(20) + d, 0, 0), 0, 0), p1, rate);
        for (int n = 0; n < 64; n++) {
            delta[n] = -2 * Math.PI / LAMBDA * (p1[n] - p0[n]);
        }
        EstimatorImpact.Impact tilt = EstimatorImpact.of(MODEL, 0, 0, 16, 2e-4, still, snr, delta);
        assertEquals(d, tilt.bias()[0], 1e-9 * d * 1e3);
        assertEquals(0, tilt.bias()[1], 1e-9);
        double[] crbStill = MotionCrb.polarBound(MODEL, still, 0, 0, 16, 2e-4, snr);
        assertEquals(d / Math.sqrt(crbStill[0]), tilt.biasOverCrbStd()[0], 1e-6 * d / Math.sqrt(crbStill[0]));
        assertEquals(10 * Math.log10(1 + d * d / crbStill[0]), tilt.nmseRiseDb()[0], 1e-9);
    }
}
