package org.nftb.methods.ispac;

import org.nftb.model.DoubleArrayModel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.methods.ispac.design.HybridArray;

class DownlinkPositionerTest {
    private static final double THETA = Math.toRadians(45);
    private static final double RANGE = 20;

    @Test
    void noiselessDownlinkRecoversTheTargetAt45DegreesAnd20MetresToATenthOfAMilliradianAndAMillimetre() {
        DoubleArrayModel model = IspacGeometry.paper(64, 16);
        HybridArray f = IspacFixtures.randomHybrid(64, 16, 1);
        double[] w = IspacFixtures.randomMatrix(16, 4, 0.1, 2);
        double[] x = IspacSignals.downlinkBlock(f, w, 4, IspacFixtures.identity(16, 0.05), 256, 3);
        float[] y = IspacSignals.downlinkEcho(model, THETA, RANGE, 0.3, -0.2, x, 256, 0, 4);
        DownlinkPositioner p = new DownlinkPositioner(model, x, 256, Math.toRadians(80), 2, 200, 128);
        p.estimate(y);
        assertEquals(THETA, p.angleRad(), 1e-4);
        assertEquals(RANGE, p.rangeM(), 1e-3);
        assertEquals(0.3, p.betaRe(), 1e-4);
        assertEquals(-0.2, p.betaIm(), 1e-4);
        assertTrue(p.fitAchieved() > 0.999999, "noiseless fit " + p.fitAchieved());
    }

    @Test
    void theStageOneMusicAngleIsTheAngleAtTheAssistingArraysOwnReference() {
        DoubleArrayModel model = IspacGeometry.paper(64, 16);
        HybridArray f = IspacFixtures.randomHybrid(64, 16, 1);
        double[] w = IspacFixtures.randomMatrix(16, 4, 0.1, 2);
        double[] x = IspacSignals.downlinkBlock(f, w, 4, IspacFixtures.identity(16, 0.05), 256, 3);
        float[] y = IspacSignals.downlinkEcho(model, THETA, RANGE, 1, 0, x, 256, 0, 4);
        DownlinkPositioner p = new DownlinkPositioner(model, x, 256, Math.toRadians(80), 2, 200, 128);
        p.estimate(y);
        double px = model.xM(THETA, RANGE) - model.at().referenceXM();
        double py = model.yM(THETA, RANGE) - model.at().referenceYM();
        // the far-field b at the AT (8 cm aperture, target at 20 m) biases the angle by far less than its beamwidth
        assertEquals(Math.atan2(px, py), p.musicAngleRad(), 2e-3);
        assertTrue(Math.abs(Math.atan2(px, py) - THETA) > 5e-3, "the AT sees another angle than the MT");
    }
}
