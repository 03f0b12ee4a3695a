package org.nftb.methods.vmp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The block-decimation Dirichlet kernel against the direct sum of the block's phasors. */
class DirichletTest {
    /** {@code Σ_e cos(2 m_e x)}, {@code m_e = e − (B−1)/2}: the imaginary parts cancel in pairs. */
    private static double directSum(int b, double x) {
        double s = 0;
        for (int e = 0; e < b; e++) {
            s += Math.cos(2 * (e - (b - 1) / 2.0) * x);
        }
        return s;
    }

    /** {@code d/dx} of the direct sum, term by term. */
    private static double directSlope(int b, double x) {
        double s = 0;
        for (int e = 0; e < b; e++) {
            double m = e - (b - 1) / 2.0;
            s -= 2 * m * Math.sin(2 * m * x);
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 25, 60})
    void valueAndLogSlopeEqualTheDirectSumOnBothSidesOfTheSeriesLimit(int b) {
        Dirichlet d = new Dirichlet(b);
        // |Bx| from 0 through the series limit (0.6) to well beyond it, both signs
        for (double bx = -1.5; bx <= 1.5; bx += 0.0625) {
            double x = bx / b + 1e-7;
            double ref = directSum(b, x);
            double v = d.value(x);
            // double rounding over B terms of size 1: 1e-13 relative to B
            assertEquals(ref, v, 1e-13 * b, "D at B = " + b + ", x = " + x);
            assertEquals(directSlope(b, x) / ref, d.logSlope(x, v), 1e-11 * b * b, "D'/D at B = " + b + ", x = " + x);
        }
        assertEquals(b, d.value(0), 0);
        assertEquals(0, d.logSlope(0, d.value(0)), 0);
    }
}
