package org.nftb.methods.ispac;

import org.nftb.model.DoubleArrayModel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.linalg.Cx;
import org.nftb.methods.ispac.design.HybridArray;

class UplinkPositionerTest {
    private static final double THETA = Math.toRadians(45);
    private static final double RANGE = 20;

    @Test
    void noiselessUplinkRecoversTheTargetAt45DegreesAnd20MetresToATenthOfAMilliradianAndAMillimetre() {
        DoubleArrayModel model = IspacGeometry.paper(64, 16);
        HybridArray f = IspacFixtures.randomHybrid(64, 16, 5);
        double[] s = IspacSignals.probingBlock(IspacFixtures.identity(16, 0.1), 16, 256, 6);
        float[] y = IspacSignals.uplinkEcho(model, f, THETA, RANGE, 0.2, 0.4, s, 256, 0, 7);
        UplinkPositioner p = new UplinkPositioner(model, f, s, 256, Math.toRadians(80), 2, 200);
        p.estimate(y);
        assertEquals(THETA, p.angleRad(), 1e-4);
        assertEquals(RANGE, p.rangeM(), 1e-3);
        assertEquals(0.2, p.betaRe(), 1e-4);
        assertEquals(0.4, p.betaIm(), 1e-4);
    }

    @Test
    void theCoarseTwoDimensionalMusicLandsWithinOneGridStepOfTheTarget() {
        DoubleArrayModel model = IspacGeometry.paper(64, 16);
        HybridArray f = IspacFixtures.randomHybrid(64, 16, 5);
        double[] s = IspacSignals.probingBlock(IspacFixtures.identity(16, 0.1), 16, 256, 6);
        float[] y = IspacSignals.uplinkEcho(model, f, THETA, RANGE, 1, 0, s, 256, 0, 7);
        UplinkPositioner p = new UplinkPositioner(model, f, s, 256, Math.toRadians(80), 2, 200);
        p.estimate(y);
        double lambda = model.wavelengthM();
        assertEquals(THETA, p.gridAngleRad(), lambda / (2 * 0.5) + 1e-12);
        assertEquals(1 / RANGE, 1 / p.gridRangeM(), 2 * lambda / 0.25 / 4 + 1e-12);
    }

    @Test
    void eq49AsPrintedGivesTheSameValueForEveryAngleSoItCannotLocateTheTarget() {
        HybridArray f = IspacFixtures.randomHybrid(32, 8, 9);
        DoubleArrayModel model = IspacGeometry.paper(32, 8);
        double[] s = IspacSignals.probingBlock(IspacFixtures.identity(8, 1), 8, 64, 10);
        float[] y = IspacSignals.uplinkEcho(model, f, THETA, RANGE, 1, 0, s, 64, 1e-3, 11);
        // noise subspace of the combined echo: the N_RF − 1 smallest eigenvectors of YYᴴ
        double[] yd = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            yd[i] = y[i];
        }
        double[] r = IspacSignals.covariance(yd, 8, 64);
        double[] ev = new double[8];
        double[] v = new double[2 * 64];
        Cx.eigh(r, 8, ev, v);
        double[] un = new double[2 * 8 * 7];
        for (int i = 0; i < 8; i++) {
            for (int c = 0; c < 7; c++) {
                un[2 * (i * 7 + c)] = v[2 * (i * 8 + c + 1)];
                un[2 * (i * 7 + c) + 1] = v[2 * (i * 8 + c + 1) + 1];
            }
        }
        assertEquals(7, PrintedUplinkObjective.rankOfB(f, un, 7), "B is rank N_RF - 1 < N_a = 32");
        double kd = 2 * Math.PI / model.wavelengthM() * (0.5 / 32);
        for (double eps : new double[]{0, 1e-3}) {
            double first = PrintedUplinkObjective.value(f, un, 7, kd * Math.sin(-1.2), eps);
            double truth = PrintedUplinkObjective.value(f, un, 7, kd * Math.sin(THETA), eps);
            for (double th = -1.2; th <= 1.2; th += 0.2) {
                double val = PrintedUplinkObjective.value(f, un, 7, kd * Math.sin(th), eps);
                assertEquals(first, val, 1e-8 * first, "eps " + eps + " at " + th);
            }
            assertEquals(first, truth, 1e-8 * first, "the true angle is not distinguished");
            assertTrue(first > 0);
        }
    }
}
