package org.nftb.model;

/**
 * Kinematic state of a point target in the world frame: position (m) and velocity (m/s).
 *
 * @param xM      x position, metres
 * @param yM      y position, metres (broadside of an x-axis array is +y)
 * @param vxMps   x velocity, m/s
 * @param vyMps   y velocity, m/s
 */
public record TargetState(double xM, double yM, double vxMps, double vyMps) {

    /** The state after moving with constant velocity for {@code dtSeconds}. */
    public TargetState advancedBy(double dtSeconds) {
        return new TargetState(xM + vxMps * dtSeconds, yM + vyMps * dtSeconds, vxMps, vyMps);
    }

    /**
     * Converts polar parameters seen from {@code (refXM, refYM)} into a Cartesian state.
     * Position {@code p = ref + r (sin θ, cos θ)}; velocity {@code v = v_r u_r + v_θ u_θ} with
     * {@code u_r = (sin θ, cos θ)} and {@code u_θ = (cos θ, -sin θ)} (the direction of increasing θ).
     */
    public static TargetState fromPolar(PolarState polar, double refXM, double refYM) {
        double s = Math.sin(polar.angleRad());
        double c = Math.cos(polar.angleRad());
        double vr = polar.radialVelocityMps();
        double vt = polar.transverseVelocityMps();
        return new TargetState(refXM + polar.rangeM() * s, refYM + polar.rangeM() * c,
                vr * s + vt * c, vr * c - vt * s);
    }

    /** The polar parameters of this state seen from {@code (refXM, refYM)}; inverse of {@link #fromPolar}. */
    public PolarState toPolar(double refXM, double refYM) {
        double dx = xM - refXM;
        double dy = yM - refYM;
        double r = Math.hypot(dx, dy);
        double theta = Math.atan2(dx, dy);
        double s = Math.sin(theta);
        double c = Math.cos(theta);
        return new PolarState(r, theta, vxMps * s + vyMps * c, vxMps * c - vyMps * s);
    }
}
