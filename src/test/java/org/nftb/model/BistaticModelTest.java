package org.nftb.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Seed 000's bistatic paths: lengths from the geometry, rates as finite differences of the moving target. */
class BistaticModelTest {
    @Test
    void pathRatesAreTheTimeDerivativesOfThePathsSoARecedingTargetsPathGrows() {
        double lambda = PhysicalConstants.wavelengthM(28e9);
        ElementArray tx = ElementArray.ula(3, 0.01, 0.5, 0, 0);
        ElementArray rx = ElementArray.ula(4, 0.01, -0.5, 0, Math.PI);
        BistaticModel model = new BistaticModel(tx, rx, lambda);
        TargetState s = new TargetState(0.3, 2.0, 1.5, 4.0);   // moving away from both arrays
        double[] p = new double[12];
        double[] r = new double[12];
        double[] p1 = new double[12];
        double[] p0 = new double[12];
        model.paths(s, p, r);
        double h = 1e-6;
        model.paths(s.advancedBy(h), p1, new double[12]);
        model.paths(s.advancedBy(-h), p0, new double[12]);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                int c = i * 4 + j;
                double expected = Math.hypot(s.xM() - tx.xM(i), s.yM() - tx.yM(i))
                        + Math.hypot(s.xM() - rx.xM(j), s.yM() - rx.yM(j));
                assertEquals(expected, p[c], 1e-12);
                assertEquals((p1[c] - p0[c]) / (2 * h), r[c], 1e-6);
                assertEquals(true, r[c] > 0, "receding: the path grows (eqs. 1 and 7, not eq. 4's sign)");
            }
        }
        double[] dp = new double[48];
        double[] dr = new double[48];
        model.pathJacobians(s, dp, dr);
        double[] q = new double[12];
        double[] qr = new double[12];
        double[] m = new double[12];
        double[] mr = new double[12];
        model.paths(s.xM(), s.yM(), s.vxMps() + h, s.vyMps(), q, qr);
        model.paths(s.xM(), s.yM(), s.vxMps() - h, s.vyMps(), m, mr);
        for (int c = 0; c < 12; c++) {
            assertEquals((qr[c] - mr[c]) / (2 * h), dr[4 * c + 2], 1e-6, "∂rate/∂vx");
        }
        model.paths(s.xM() + h, s.yM(), s.vxMps(), s.vyMps(), q, qr);
        model.paths(s.xM() - h, s.yM(), s.vxMps(), s.vyMps(), m, mr);
        for (int c = 0; c < 12; c++) {
            assertEquals((q[c] - m[c]) / (2 * h), dp[4 * c], 1e-6, "∂path/∂x");
            assertEquals((qr[c] - mr[c]) / (2 * h), dr[4 * c], 1e-5, "∂rate/∂x");
        }
    }
}
