package org.nftb.bound;

import org.junit.jupiter.api.Test;
import org.nftb.model.ElementArray;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PhysicalConstants;
import org.nftb.model.PolarState;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link MotionFisher#curved}, the second-order bound, against {@link TrajectoryCrb}, the exact straight-line one. */
class CurvedMotionFisherTest {
    @Test
    void theSecondOrderBoundMatchesTheExactStraightLineBoundForACloseFastTarget() {
        double lambda = PhysicalConstants.wavelengthM(28e9);
        ElementArray ula = ElementArray.ula(256, lambda / 2, 0, 0, 0);
        double period = 2e-4;
        double snr = 1e-2;
        for (PolarState p : new PolarState[] {new PolarState(2.9, Math.toRadians(12), 3, 14),
            new PolarState(5, Math.toRadians(-40), -12, -9)}) {
            double[] exact = TrajectoryCrb.polarBound(ula, lambda, p, 32, period, snr);
            double[] curved = new double[16];
            MotionFisher fisher = MotionFisher.curved(new ElementRangeModel(ula, lambda), 0, 0, 32, period);
            assertEquals(true, fisher.bound(p.angleRad(), p.rangeM(), p.radialVelocityMps(),
                    p.transverseVelocityMps(), snr, null, curved));
            for (int i = 0; i < 16; i++) {
                double scale = Math.sqrt(exact[5 * (i / 4)] * exact[5 * (i % 4)]);
                // measured 4e-4 of the scale (the third-order term left out); seed 001's frozen model is off by
                // 2.4e-3 and 3.6e-3 at these two points, so this tolerance tells the two apart
                assertEquals(exact[i], curved[i], 1e-3 * scale, p + " entry " + i);
            }
        }
    }
}
