package org.nftb.model;

import java.io.Serializable;

/**
 * Target parameters in the polar frame of an array's reference point: the four unknowns of seed 001.
 *
 * @param rangeM                 distance r from the reference point, metres
 * @param angleRad               angle θ from broadside, positive towards +x, radians
 * @param radialVelocityMps      v_r, the velocity component along the line of sight (positive receding), m/s
 * @param transverseVelocityMps  v_θ, the component along {@code u_θ = (cos θ, -sin θ)} (towards increasing θ), m/s.
 *                               Seed 001 eq. (2) writes the element-wise projection of v_θ as
 *                               {@code +n d cos θ / r⁽ⁿ⁾ · v_θ}; projecting our u_θ onto the element-to-target
 *                               direction gives {@code -n d cos θ / r⁽ⁿ⁾ · v_θ}, so the paper's v_θ is ours with
 *                               the opposite sign. We keep the geometric definition so that the Cartesian
 *                               velocity we report is unambiguous; magnitudes and NMSE are unaffected.
 */
public record PolarState(double rangeM, double angleRad, double radialVelocityMps, double transverseVelocityMps)
        implements Serializable {

    /** Parameter i in the order (θ, r, v_r, v_θ) used by the estimators and bounds. */
    public double parameter(int index) {
        return switch (index) {
            case 0 -> angleRad;
            case 1 -> rangeM;
            case 2 -> radialVelocityMps;
            case 3 -> transverseVelocityMps;
            default -> throw new IllegalArgumentException("parameter index 0..3, got " + index);
        };
    }

    /** Names of the parameters in {@link #parameter(int)} order, with units. */
    public static final String[] PARAMETER_NAMES = {"angleRad", "rangeM", "radialVelocityMps", "transverseVelocityMps"};
}
