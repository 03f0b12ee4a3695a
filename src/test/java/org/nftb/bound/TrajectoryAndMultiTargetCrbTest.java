package org.nftb.bound;

import org.junit.jupiter.api.Test;
import org.nftb.model.ElementArray;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PhysicalConstants;
import org.nftb.model.PolarState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two bounds the seed-001 benchmarks add, checked against {@link MotionCrb} where they must agree with it. */
class TrajectoryAndMultiTargetCrbTest {
    static final double LAMBDA = PhysicalConstants.wavelengthM(28e9);
    static final double T = 2e-4;
    static final ElementArray ULA = ElementArray.ula(64, LAMBDA / 2, 0, 0, 0);
    static final ElementRangeModel MODEL = new ElementRangeModel(ULA, LAMBDA);

    @Test
    void theTrajectoryBoundEqualsSeed001sBoundForATargetWithoutTransverseMotion() {
        // moving straight towards the array centre the path to the reference does not curve, and every element's
        // path curves by the tiny amount its offset gives: the two models (and bounds) nearly coincide
        PolarState radialOnly = new PolarState(1.5, 0, 10, 0);
        double[] exact = TrajectoryCrb.polarBound(ULA, LAMBDA, radialOnly, 16, T, 2.0);
        double[] seed001 = MotionCrb.polarBound(MODEL, radialOnly, 0, 0, 16, T, 2.0);
        for (int i = 0; i < 4; i++) {
            assertEquals(seed001[5 * i], exact[5 * i], 1e-3 * seed001[5 * i], "parameter " + i);
        }
    }

    @Test
    void theTrajectoryBoundStaysCloseToSeed001sForAFastTransverseTarget() {
        // each path's curvature over the CPI adds a little information; measured within 2 %
        PolarState fast = new PolarState(1.0, 0.3, 5, 15);
        double[] exact = TrajectoryCrb.polarBound(ULA, LAMBDA, fast, 16, T, 2.0);
        double[] seed001 = MotionCrb.polarBound(MODEL, fast, 0, 0, 16, T, 2.0);
        for (int i = 0; i < 4; i++) {
            assertEquals(seed001[5 * i], exact[5 * i], 0.05 * seed001[5 * i], "parameter " + i);
        }
    }

    @Test
    void theMultiTargetBoundOfOneTargetIsSeed001sBound() {
        PolarState p = new PolarState(1.5, 0.2, 4, -3);
        double snr = 0.7;
        double[] one = MultiTargetCrb.polarBound(MODEL, new PolarState[] {p}, new double[] {Math.sqrt(snr) * 0.6},
                new double[] {Math.sqrt(snr) * 0.8}, 0, 0, 16, T, 1);
        double[] single = MotionCrb.polarBound(MODEL, p, 0, 0, 16, T, snr);
        for (int i = 0; i < 16; i++) {
            assertEquals(single[i], one[i], 1e-6 * Math.sqrt(Math.abs(single[5 * (i / 4)] * single[5 * (i % 4)])),
                    "element " + i);
        }
    }

    @Test
    void twoTargetsFarApartHaveTheirSingleTargetBoundsAndCloseOnesNeverLess() {
        PolarState a = new PolarState(1.5, 0.2, 4, -3);
        PolarState far = new PolarState(1.0, -0.5, -6, 5);
        PolarState close = new PolarState(1.5, 0.23, 3, -2);
        double g = 1;
        double[] singleA = MotionCrb.polarBound(MODEL, a, 0, 0, 16, T, g * g);
        double[] apart = MultiTargetCrb.polarBound(MODEL, new PolarState[] {a, far}, new double[] {g, g},
                new double[] {0, 0}, 0, 0, 16, T, 1);
        double[] near = MultiTargetCrb.polarBound(MODEL, new PolarState[] {a, close}, new double[] {g, g},
                new double[] {0, 0}, 0, 0, 16, T, 1);
        for (int i = 0; i < 4; i++) {
            assertEquals(singleA[5 * i], apart[9 * i], 0.05 * singleA[5 * i], "apart, parameter " + i);
            assertTrue(near[9 * i] >= singleA[5 * i] * (1 - 1e-9), "a second target adds nuisance: parameter " + i);
        }
    }
}
