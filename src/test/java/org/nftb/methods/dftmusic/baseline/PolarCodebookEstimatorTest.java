package org.nftb.methods.dftmusic.baseline;

import org.junit.jupiter.api.Test;
import org.nftb.estimator.EstimateFrame;
import org.nftb.model.ElementArray;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PhysicalConstants;
import org.nftb.model.PolarState;
import org.nftb.model.SpaceTimeSignal;
import org.nftb.model.TargetState;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PolarCodebookEstimatorTest {
    static final double LAMBDA = PhysicalConstants.wavelengthM(28e9);
    static final double T = 2e-4;

    static float[] echo(ElementArray ula, PolarState p, int symbols) {
        double[] path = new double[ula.count()];
        double[] rate = new double[ula.count()];
        new ElementRangeModel(ula, LAMBDA).paths(TargetState.fromPolar(p, 0, 0), path, rate);
        double[] y = new double[2 * ula.count() * symbols];
        SpaceTimeSignal.accumulate(path, rate, ula.count(), symbols, LAMBDA, T, 1, 0, y);
        float[] f = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            f[i] = (float) y[i];
        }
        return f;
    }

    @Test
    void aNoiseFreeTargetOnACodewordIsLocatedOnItAndItsVelocityOnTheNearestGridPoint() {
        ElementArray ula = ElementArray.ula(64, LAMBDA / 2, 0, 0, 0);
        PolarCodebook book = new PolarCodebook(ula, LAMBDA, Math.toRadians(-60), Math.toRadians(60), 0.5, 21, 10);
        int word = 12 * 10 + 6;                          // angle 12, ring 6
        PolarState truth = new PolarState(book.rangeM(word), book.angleRad(word), 3.1, -2.4);
        PolarCodebookEstimator est = new PolarCodebookEstimator(book, T, 16, 15, 0.5);
        EstimateFrame frame = new EstimateFrame(1, 0);
        est.estimate(echo(ula, truth, 16), Double.NaN, Double.NaN, frame);
        assertEquals(truth.angleRad(), frame.target(0).angleRad(), 1e-12);
        assertEquals(truth.rangeM(), frame.target(0).rangeM(), 1e-12);
        // velocity grid: −15, −14.5, …; nearest to 3.1 and −2.4 are 3.0 and −2.5
        assertEquals(3.0, frame.target(0).radialVelocityMps(), 1e-9);
        assertEquals(-2.5, frame.target(0).transverseVelocityMps(), 1e-9);
    }

    @Test
    void theFiveThousandWordCodebookSpansTheRegionUniformlyInSineAndInverseRange() {
        ElementArray ula = ElementArray.ula(256, LAMBDA / 2, 0, 0, 0);
        double near = 2 * ula.apertureM();
        PolarCodebook book = new PolarCodebook(ula, LAMBDA, Math.toRadians(-60), Math.toRadians(60), near, 100, 50);
        assertEquals(5000, book.size());
        assertEquals(Math.toRadians(-60), book.angleRad(0), 1e-12);
        assertEquals(Math.toRadians(60), book.angleRad(4999), 1e-12);
        assertEquals(near, book.rangeM(49), 1e-9);
        assertEquals(ula.effectiveBeamfocusingDistanceM(LAMBDA, book.angleRad(0)), book.rangeM(0), 1e-9);
        double du = Math.sin(book.angleRad(50)) - Math.sin(book.angleRad(0));
        assertEquals(Math.sin(book.angleRad(99 * 50)) - Math.sin(book.angleRad(98 * 50)), du, 1e-12);
    }
}
