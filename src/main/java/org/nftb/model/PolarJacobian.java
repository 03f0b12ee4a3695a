package org.nftb.model;

/** Derivatives of the Cartesian state (x, y, vx, vy) with respect to the polar parameters (θ, r, v_r, v_θ). */
public final class PolarJacobian {
    private PolarJacobian() {
    }

    /**
     * Fills {@code out[4k + i] = ∂s_k/∂η_i} for state component k (x, y, vx, vy) and parameter i (θ, r, v_r, v_θ),
     * using {@code p = ref + r u_r}, {@code v = v_r u_r + v_θ u_θ}, {@code ∂u_r/∂θ = u_θ}, {@code ∂u_θ/∂θ = -u_r}.
     */
    public static void fill(PolarState polar, double[] out) {
        fill(polar.angleRad(), polar.rangeM(), polar.radialVelocityMps(), polar.transverseVelocityMps(), out);
    }

    /** As {@link #fill(PolarState, double[])}, from the four parameters (allocates nothing). */
    public static void fill(double angleRad, double rangeM, double radialVelocityMps, double transverseVelocityMps,
                            double[] out) {
        double s = Math.sin(angleRad);
        double c = Math.cos(angleRad);
        double r = rangeM;
        double vr = radialVelocityMps;
        double vt = transverseVelocityMps;
        // x
        out[0] = r * c;  out[1] = s;  out[2] = 0;  out[3] = 0;
        // y
        out[4] = -r * s; out[5] = c;  out[6] = 0;  out[7] = 0;
        // vx = vr s + vt c
        out[8] = vr * c - vt * s;   out[9] = 0;  out[10] = s;  out[11] = c;
        // vy = vr c - vt s
        out[12] = -vr * s - vt * c; out[13] = 0; out[14] = c;  out[15] = -s;
    }
}
