package org.nftb.methods.vmp;

import org.junit.jupiter.api.Test;
import org.nftb.model.BistaticEcho;
import org.nftb.model.BistaticModel;
import org.nftb.model.ElementArray;
import org.nftb.model.MimoWaveform;
import org.nftb.model.TargetState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where seed 000's noiseless error floor on the exact near-field model comes from (the floor that keeps the RMSE
 * above the CRB at high SNR in {@code nftb bench vmp}): the piecewise-far-field approximation itself, not the
 * decimation, not the stopping rule. On data of the approximation (eq. 8) the estimator is exact; on exact data
 * the error does not move with the decimation or the tolerance, and grows as M² when the subarrays double (the
 * subarray's wavefront curvature, (M d)²/r, beside the amplitude slope across it that eq. 6's constant β_mn leaves
 * out).
 */
class VmpModelBiasTest {
    static final int N = 64;
    static final int L = 64;
    static final TargetState TRUTH = new TargetState(0.8, 3.0, 3.0, -4.0);

    private static double[] errors(int m, int decimation, double tolerance, boolean exact) {
        ElementArray tx = VmpScenes.tx(N, 0.5);
        ElementArray rx = VmpScenes.rx(N, 0.5);
        VmpConfig cfg = new VmpConfig(MimoWaveform.Scheme.TDM, m, VmpConfig.Fusion.SYSTEM, 200, tolerance,
                decimation, 10, VmpConfig.Refine.NONE);
        VmpEstimator est = new VmpEstimator(cfg, tx, rx, VmpScenes.WAVELENGTH_M, VmpScenes.PERIOD_S, L);
        float[] data;
        if (exact) {
            data = new float[2 * N * N * L];
            BistaticEcho.fill(new BistaticModel(tx, rx, VmpScenes.WAVELENGTH_M), TRUTH, 1, 0, L, VmpScenes.PERIOD_S,
                    data);
        } else {
            data = VmpScenes.farField(est.layout(), TRUTH, N, N, L);
        }
        assertTrue(est.run(data, true, Double.NaN, Double.NaN));
        return new double[]{Math.hypot(est.xM() - TRUTH.xM(), est.yM() - TRUTH.yM()),
            Math.hypot(est.vxMps() - TRUTH.vxMps(), est.vyMps() - TRUTH.vyMps())};
    }

    @Test
    void theNoiselessErrorOnExactDataIsThePiecewiseFarFieldApproximationsAndGrowsAsTheSquareOfM() {
        int b = VmpScenes.config(8, VmpConfig.Fusion.SYSTEM, L, 10).decimation();
        assertTrue(b > 1, "the default decimation must be tested against none, got " + b);
        double[] farField = errors(8, b, 1e-6, false);
        double[] exact = errors(8, b, 1e-6, true);
        double[] noDecimation = errors(8, 1, 1e-6, true);
        double[] tight = errors(8, b, 1e-11, true);
        double[] doubled = errors(16, b, 1e-6, true);
        // the estimator's own model: recovered to float rounding, far below the exact-data floor
        assertTrue(farField[0] < 1e-3 * exact[0], "far-field " + farField[0] + " m vs exact " + exact[0] + " m");
        assertTrue(exact[0] > 1e-5, "the floor at M = 8 is tens of micrometres here, got " + exact[0]);
        // neither the decimation nor the stopping rule moves it
        assertEquals(exact[0], noDecimation[0], 0.01 * exact[0]);
        assertEquals(exact[0], tight[0], 0.01 * exact[0]);
        assertEquals(exact[1], noDecimation[1], 0.05 * exact[1] + 1e-6);
        // doubling M: (M d)² quadruples
        double ratio = doubled[0] / exact[0];
        assertTrue(ratio > 3 && ratio < 5.5, "position floor ratio M = 16 / M = 8: " + ratio);
    }
}
