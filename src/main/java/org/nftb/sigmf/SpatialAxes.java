package org.nftb.sigmf;

import org.nftb.model.PolarState;

/**
 * The one place where nftb's axes meet those of the SigMF {@code spatial} extension (DESIGN "Geometry": converted
 * at the file boundary, in one place, with a test).
 *
 * <p><b>nftb</b>: 2-D, metres; the array lies along x, broadside is +y; θ is measured from broadside, positive
 * towards +x ({@code sin θ = x / r}). <b>SigMF spatial</b> (extension v1.x, "Figure 1"): right-handed Cartesian
 * axes with the aperture boresight on +X (a horizontal ULA lies along Y) and Z up; bearings are in degrees, azimuth
 * increasing clockwise seen from above (the geospatial sense: the spatial examples turn a bearing of 135° relative
 * to a west-pointing aperture into 270° + 135° = 45°, north-east).
 *
 * <p>So broadside +y ↦ +X and, since turning from +y towards +x is clockwise seen from above (z up), +x ↦ −Y:
 * {@code (X, Y, Z) = (y, −x, 0)}, a proper rotation (determinant +1). A target at nftb angle θ then has
 * {@code X = r cos θ}, {@code Y = −r sin θ}: its azimuth clockwise from +X is θ. Hence
 * {@code signal_bearing.azimuth = θ} in degrees, {@code elevation = 0}, {@code range = r} and
 * {@code range_rate = v_r} (the time derivative of the slant range is the radial velocity). The transverse velocity
 * has no field in {@code spatial}; nftb keeps the full state in its own {@code nftb:truth}.
 */
public final class SpatialAxes {
    private SpatialAxes() {
    }

    /** The spatial {@code cartesian_point} [X, Y, Z] of an nftb position (x, y). */
    public static double[] toSpatialPoint(double xM, double yM) {
        return new double[] {yM, -xM, 0.0};
    }

    /** The nftb position (x, y) of a spatial point [X, Y, Z]; Z (out of nftb's plane) is returned separately. */
    public static double[] fromSpatialPoint(double[] point) {
        return new double[] {-point[1], point[0]};
    }

    /** {@code signal_bearing.azimuth} (degrees, clockwise from boresight) of an nftb angle (radians from broadside). */
    public static double azimuthDeg(double angleRad) {
        return Math.toDegrees(angleRad);
    }

    /** The nftb angle (radians from broadside, positive towards +x) of a spatial azimuth relative to boresight. */
    public static double angleRad(double azimuthDeg) {
        double a = azimuthDeg % 360.0;
        if (a > 180.0) {
            a -= 360.0;
        } else if (a <= -180.0) {
            a += 360.0;
        }
        return Math.toRadians(a);
    }

    /** The spatial bearing fields {azimuth, elevation, range, range_rate} of a polar state. */
    public static double[] bearing(PolarState polar) {
        return new double[] {azimuthDeg(polar.angleRad()), 0.0, polar.rangeM(), polar.radialVelocityMps()};
    }
}
