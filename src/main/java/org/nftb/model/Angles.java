package org.nftb.model;

/** Angle helpers shared by the calibration tables, the fits and the estimators. */
public final class Angles {
    private Angles() {
    }

    /** {@code x} (radians) wrapped into (−π, π]. */
    public static double wrapRad(double x) {
        double y = x - 2 * Math.PI * Math.floor((x + Math.PI) / (2 * Math.PI));
        return y == -Math.PI ? Math.PI : y;
    }
}
