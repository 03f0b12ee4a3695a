package org.nftb.methods.vmp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.TargetEstimate;
import org.nftb.frontend.Snapshot;
import org.nftb.frontend.SnapshotShape;
import org.nftb.model.BistaticEcho;
import org.nftb.model.BistaticModel;
import org.nftb.model.ElementArray;
import org.nftb.model.TargetState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seed 000's VMP estimator recovers the state from noiseless data with both fusion modes. */
class VmpEstimatorTest {
    static final int N = 32;
    static final int M = 8;
    static final int L = 64;
    static final double D0 = 0.5;
    static final TargetState TRUTH = new TargetState(0.8, 3.0, 3.0, -4.0);

    @ParameterizedTest
    @EnumSource(VmpConfig.Fusion.class)
    void noiselessDataOfThePiecewiseFarFieldModelAreRecoveredToNumericalPrecision(VmpConfig.Fusion fusion) {
        ElementArray tx = VmpScenes.tx(N, D0);
        ElementArray rx = VmpScenes.rx(N, D0);
        VmpEstimator est = new VmpEstimator(VmpScenes.config(M, fusion, L, 10), tx, rx, VmpScenes.WAVELENGTH_M,
                VmpScenes.PERIOD_S, L);
        float[] data = VmpScenes.farField(est.layout(), TRUTH, N, N, L);
        assertTrue(est.run(data, fusion == VmpConfig.Fusion.SYSTEM, Double.NaN, Double.NaN));
        // float data (2^-24) over M² L values: the tolerance is rounding, not modelling
        assertEquals(TRUTH.xM(), est.xM(), 1e-5);
        assertEquals(TRUTH.yM(), est.yM(), 1e-5);
        assertEquals(TRUTH.vxMps(), est.vxMps(), 1e-3);
        assertEquals(TRUTH.vyMps(), est.vyMps(), 1e-3);
    }

    @ParameterizedTest
    @EnumSource(VmpConfig.Fusion.class)
    void noiselessDataOfTheExactNearFieldModelAreRecoveredWithinTheSubarrayApproximation(VmpConfig.Fusion fusion) {
        ElementArray tx = VmpScenes.tx(N, D0);
        ElementArray rx = VmpScenes.rx(N, D0);
        VmpSetup setup = new VmpSetup(VmpScenes.config(M, fusion, L, 10), tx, rx, VmpScenes.WAVELENGTH_M,
                VmpScenes.PERIOD_S, L, N);
        VmpEstimator est = setup.newEstimator();
        Snapshot snap = new Snapshot(new SnapshotShape(N, N, L));
        BistaticEcho.fill(new BistaticModel(tx, rx, VmpScenes.WAVELENGTH_M), TRUTH, 1, 0.5, L, VmpScenes.PERIOD_S,
                snap.data());
        EstimateFrame frame = setup.newFrame();
        est.estimate(snap, frame);
        assertEquals(1, frame.targetCount());
        TargetEstimate t = frame.target(0);
        // subarrays of M d = 4.3 cm at 3 m: the far-field phase error (M d)²/(8 r λ) ≈ 0.7 mrad per subarray
        assertEquals(TRUTH.xM(), t.xM(), 2e-3, "x");
        assertEquals(TRUTH.yM(), t.yM(), 2e-3, "y");
        assertEquals(TRUTH.vxMps(), t.vxMps(), 0.02, "vx");
        assertEquals(TRUTH.vyMps(), t.vyMps(), 0.02, "vy");
        assertTrue(t.hasCovariance());
        assertTrue(t.consistent(), "fit " + t.fitAchieved() + " vs expected " + t.fitExpected());
        // the Cartesian covariance equals the fusion's (through the polar form and back)
        assertEquals(est.positionCovariance(0), t.cartesianCovariance(0, 0), 1e-9 * est.positionCovariance(0));
        assertEquals(est.velocityCovariance(2), t.cartesianCovariance(3, 3), 1e-9 * est.velocityCovariance(2));
    }

    @org.junit.jupiter.api.Test
    void receiveAndPairRangesRunOnSeparateStagesGiveTheSameEstimateAsOneRun() {
        ElementArray tx = VmpScenes.tx(N, D0);
        ElementArray rx = VmpScenes.rx(N, D0);
        VmpConfig cfg = VmpScenes.config(M, VmpConfig.Fusion.SYSTEM, L, 10);
        VmpEstimator whole = new VmpEstimator(cfg, tx, rx, VmpScenes.WAVELENGTH_M, VmpScenes.PERIOD_S, L);
        VmpEstimator split = new VmpEstimator(cfg, tx, rx, VmpScenes.WAVELENGTH_M, VmpScenes.PERIOD_S, L);
        float[] data = new float[2 * N * N * L];
        BistaticEcho.fill(new BistaticModel(tx, rx, VmpScenes.WAVELENGTH_M), TRUTH, 1, 0.5, L, VmpScenes.PERIOD_S,
                data);
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < data.length; i++) {
            data[i] += (float) (0.3 * r.nextGaussian());
        }
        assertTrue(whole.run(data, true, Double.NaN, Double.NaN));
        int pairs = split.layout().pairs();
        split.prepare(data);
        split.decimate(data, 7, N);
        split.decimate(data, 0, 7);
        split.newPairStage().run(5, pairs);
        split.newPairStage().run(0, 5);
        assertTrue(split.fuse(true, Double.NaN, Double.NaN));
        // the same arithmetic in the same order per pair: bit for bit
        assertEquals(whole.xM(), split.xM(), 0.0);
        assertEquals(whole.yM(), split.yM(), 0.0);
        assertEquals(whole.vxMps(), split.vxMps(), 0.0);
        assertEquals(whole.vyMps(), split.vyMps(), 0.0);
        assertTrue(Math.abs(whole.xM() - TRUTH.xM()) < 0.05, "a meaningful estimate: x " + whole.xM());
    }
}
