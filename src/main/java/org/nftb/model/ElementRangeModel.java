package org.nftb.model;

/**
 * Seed 001's monostatic signal model: channel n carries the one-way range {@code r⁽ⁿ⁾ = |p - e_n|} from receive
 * element n to the target, evolving at the element's local radial velocity.
 *
 * <p>Seed 001 eq. (1) gives the spatial phase {@code -ν (r⁽ⁿ⁾ - r)}, eq. (2) the local velocity
 * {@code v⁽ⁿ⁾ = (r - n d sin θ)/r⁽ⁿ⁾ · v_r ± n d cos θ / r⁽ⁿ⁾ · v_θ} (the projection of the target velocity on
 * the element-to-target line), and eq. (3) the Doppler phase {@code -π m ω⁽ⁿ⁾} with
 * {@code ω⁽ⁿ⁾ = 2 v⁽ⁿ⁾ / (λ f_r)}; together {@code -ν (r⁽ⁿ⁾ + v⁽ⁿ⁾ m T_r - r)}: the element range evolving
 * linearly over the CPI. The paper's reference term {@code -ν r} is common to all samples and absorbed by the
 * unknown complex gain, so the path here is the plain range. We compute the projection directly from the
 * Cartesian state, which is exactly eq. (2) without its sign convention for v_θ (see {@link PolarState}).
 */
public final class ElementRangeModel implements PropagationModel {
    private final ElementArray rx;
    private final double wavelengthM;

    public ElementRangeModel(ElementArray rx, double wavelengthM) {
        this.rx = rx;
        this.wavelengthM = wavelengthM;
    }

    public ElementArray array() {
        return rx;
    }

    @Override
    public int channelCount() {
        return rx.count();
    }

    @Override
    public double wavelengthM() {
        return wavelengthM;
    }

    @Override
    public void paths(double xM, double yM, double vxMps, double vyMps, double[] pathM, double[] pathRateMps) {
        for (int n = 0; n < rx.count(); n++) {
            double dx = xM - rx.xM(n);
            double dy = yM - rx.yM(n);
            double rho = Math.sqrt(dx * dx + dy * dy);
            pathM[n] = rho;
            pathRateMps[n] = (dx * vxMps + dy * vyMps) / rho;
        }
    }

    @Override
    public void pathJacobians(double xM, double yM, double vxMps, double vyMps, double[] dPath, double[] dRate) {
        for (int n = 0; n < rx.count(); n++) {
            double dx = xM - rx.xM(n);
            double dy = yM - rx.yM(n);
            double rho = Math.sqrt(dx * dx + dy * dy);
            double ux = dx / rho;
            double uy = dy / rho;
            double rate = ux * vxMps + uy * vyMps;
            int k = 4 * n;
            dPath[k] = ux;
            dPath[k + 1] = uy;
            dPath[k + 2] = 0;
            dPath[k + 3] = 0;
            // ∂(d·v/|d|)/∂p = (v - rate·u)/|d| ; ∂/∂v = u
            dRate[k] = (vxMps - rate * ux) / rho;
            dRate[k + 1] = (vyMps - rate * uy) / rho;
            dRate[k + 2] = ux;
            dRate[k + 3] = uy;
        }
    }
    /**
     * The second time derivative of element n's range for a target moving in a straight line,
     * {@code L̈ = d²|p + v t − e_n|/dt² = (|v|² − L̇²)/L} at t = 0 (the velocity's component across the element's
     * line of sight, squared, over the range): the curvature that seed 001's model, linear in t, leaves out.
     *
     * @param speedSquared |v|², m²/s²
     * @param pathM        L, the element's range
     * @param pathRateMps  L̇, its rate
     */
    public static double pathAcceleration(double speedSquared, double pathM, double pathRateMps) {
        return (speedSquared - pathRateMps * pathRateMps) / pathM;
    }

    /**
     * Derivatives of every element's {@link #pathAcceleration} with respect to the Cartesian state (x, y, vx, vy):
     * {@code dAccel[4n + k] = ∂L̈_n/∂s_k}. With {@code u} the unit vector from element to target:
     * {@code ∂L̈/∂p = −(2 L̇ (v − L̇ u)/L + L̈ u)/L} and {@code ∂L̈/∂v = 2 (v − L̇ u)/L}.
     */
    public void accelerationJacobians(double xM, double yM, double vxMps, double vyMps, double[] dAccel) {
        double speed2 = vxMps * vxMps + vyMps * vyMps;
        for (int n = 0; n < rx.count(); n++) {
            double dx = xM - rx.xM(n);
            double dy = yM - rx.yM(n);
            double rho = Math.sqrt(dx * dx + dy * dy);
            double ux = dx / rho;
            double uy = dy / rho;
            double rate = ux * vxMps + uy * vyMps;
            double accel = pathAcceleration(speed2, rho, rate);
            double wx = (vxMps - rate * ux) / rho;     // ∂L̇/∂p
            double wy = (vyMps - rate * uy) / rho;
            int k = 4 * n;
            dAccel[k] = -(2 * rate * wx + accel * ux) / rho;
            dAccel[k + 1] = -(2 * rate * wy + accel * uy) / rho;
            dAccel[k + 2] = 2 * wx;
            dAccel[k + 3] = 2 * wy;
        }
    }
}
