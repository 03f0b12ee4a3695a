package org.nftb.methods.vmp.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The box-edge flags that {@code nftb bench vmp} reports next to the grid and ML baselines' RMSEs. */
class VmpTrialTest {
    private static final double[] CENTRE = {15, 20.7, 10, 10.2};
    private static final double[] HALF = {0.1, 0.1, 1, 1};

    @Test
    void aGridAnswerOnTheOutermostNodeOfAnyCoordinateIsOnTheEdge() {
        // nodes at centre ± (i + 1/2) step, step 1 cm: the outermost position node is 9.5 cm off the centre
        assertTrue(VmpTrial.outside(new double[]{15.095, 20.7, 10, 10.2}, CENTRE, HALF, 0.01, 0.01));
        assertTrue(VmpTrial.outside(new double[]{15, 20.7, 10, 9.205}, CENTRE, HALF, 0.01, 0.01));
        // the next node in (8.5 cm) is not
        assertFalse(VmpTrial.outside(new double[]{15.085, 20.615, 10.985 - 0.01, 10.2}, CENTRE, HALF, 0.01, 0.01));
    }

    @Test
    void anMlAnswerIsOutsideOnlyBeyondTheBox() {
        assertFalse(VmpTrial.outside(new double[]{15.099, 20.601, 10.99, 9.21}, CENTRE, HALF, 0, 0));
        assertTrue(VmpTrial.outside(new double[]{15, 20.7, 10, 11.3}, CENTRE, HALF, 0, 0));
        assertTrue(VmpTrial.outside(new double[]{14.85, 20.7, 10, 10.2}, CENTRE, HALF, 0, 0));
    }
}
