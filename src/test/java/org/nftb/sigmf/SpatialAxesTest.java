package org.nftb.sigmf;

import org.junit.jupiter.api.Test;
import org.nftb.model.PolarState;
import org.nftb.model.TargetState;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The nftb ↔ SigMF spatial conversion, checked against what the spatial extension states: boresight is +X, a
 * horizontal ULA lies along Y, and bearings turn clockwise seen from above (Z up).
 */
class SpatialAxesTest {

    /** Clockwise azimuth from +X of a point in the spatial frame, seen from above (Z up): atan2(−Y, X). */
    private static double clockwiseAzimuthDeg(double[] p) {
        return Math.toDegrees(Math.atan2(-p[1], p[0]));
    }

    @Test
    void broadsideBecomesBoresightAndTheArrayAxisBecomesY() {
        assertArrayEquals(new double[] {1, 0, 0}, SpatialAxes.toSpatialPoint(0, 1), 0);     // nftb +y: boresight
        assertArrayEquals(new double[] {0, -1, 0}, SpatialAxes.toSpatialPoint(1, 0), 0);    // nftb +x
        // a right-handed rotation: (ex, ey, ez) map to vectors whose triple product is +1
        double[] ex = SpatialAxes.toSpatialPoint(1, 0);
        double[] ey = SpatialAxes.toSpatialPoint(0, 1);
        double[] ez = {0, 0, 1};   // up stays up
        double det = ex[0] * (ey[1] * ez[2] - ey[2] * ez[1]) - ex[1] * (ey[0] * ez[2] - ey[2] * ez[0])
                + ex[2] * (ey[0] * ez[1] - ey[1] * ez[0]);
        assertEquals(1.0, det, 0);
        assertArrayEquals(new double[] {0.3, -1.7}, SpatialAxes.fromSpatialPoint(SpatialAxes.toSpatialPoint(0.3, -1.7)),
                0);
    }

    @Test
    void aTargetsBearingAzimuthIsItsAngleFromBroadsideTurningClockwiseTowardsPlusX() {
        for (double deg : new double[] {-60, -15, 0, 15, 45, 89}) {
            double th = Math.toRadians(deg);
            TargetState t = TargetState.fromPolar(new PolarState(7.0, th, 10, 8), 0, 0);
            double[] p = SpatialAxes.toSpatialPoint(t.xM(), t.yM());
            assertEquals(deg, clockwiseAzimuthDeg(p), 1e-9, "azimuth of the target's spatial point");
            double[] bearing = SpatialAxes.bearing(t.toPolar(0, 0));
            assertEquals(deg, bearing[0], 1e-9);
            assertEquals(7.0, bearing[2], 1e-12);
            assertEquals(10.0, bearing[3], 1e-9, "range_rate is the radial velocity");
            assertEquals(th, SpatialAxes.angleRad(bearing[0]), 1e-12);
        }
        // the spatial examples' wrap: 350 deg relative is -10 deg
        assertEquals(Math.toRadians(-10), SpatialAxes.angleRad(350), 1e-12);
    }

    @Test
    void rangeRateIsTheTimeDerivativeOfTheSlantRange() {
        TargetState t = new TargetState(1.2, 3.4, -2.0, 5.0);
        double dt = 1e-6;
        double r0 = Math.hypot(t.xM(), t.yM());
        TargetState later = t.advancedBy(dt);
        double rate = (Math.hypot(later.xM(), later.yM()) - r0) / dt;
        assertEquals(rate, SpatialAxes.bearing(t.toPolar(0, 0))[3], 1e-5);
    }
}
