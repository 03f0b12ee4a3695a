package org.nftb.model;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Positions of the elements of an antenna array in the 2-D world frame (metres) and its reference point.
 *
 * <p>Convention (DESIGN.md): arrays lie along the x-axis, broadside is +y, and angles are measured from
 * broadside, positive towards +x, so {@code sin θ = x / r} for a target seen from the reference point.
 * The reference point of a ULA is its centre, as in seed 001 (target "at distance r and angle θ from the
 * center of the ULA") and seed 000 (arrays "symmetrically centered").
 *
 * <p>Immutable and thread-safe.
 */
public final class ElementArray implements Serializable {
    private static final long serialVersionUID = 1L;
    private final double[] xM;
    private final double[] yM;
    private final double referenceXM;
    private final double referenceYM;

    /**
     * @param xM element x positions, metres (copied)
     * @param yM element y positions, metres (copied)
     * @param referenceXM x of the reference point, metres
     * @param referenceYM y of the reference point, metres
     */
    public ElementArray(double[] xM, double[] yM, double referenceXM, double referenceYM) {
        if (xM.length != yM.length || xM.length == 0) {
            throw new IllegalArgumentException("element arrays need equal, non-zero x/y counts, got "
                    + xM.length + " and " + yM.length);
        }
        this.xM = xM.clone();
        this.yM = yM.clone();
        this.referenceXM = referenceXM;
        this.referenceYM = referenceYM;
    }

    /**
     * A uniform linear array centred on {@code (originXM, originYM)} whose axis is rotated by
     * {@code orientationRad} from +x; element n sits at {@code origin + (n - (N-1)/2)·spacing·(cos φ, sin φ)}.
     */
    public static ElementArray ula(int count, double spacingM, double originXM, double originYM,
                                   double orientationRad) {
        if (count < 1) {
            throw new IllegalArgumentException("ULA element count must be >= 1, got " + count);
        }
        double[] x = new double[count];
        double[] y = new double[count];
        double c = Math.cos(orientationRad);
        double s = Math.sin(orientationRad);
        for (int n = 0; n < count; n++) {
            double offset = (n - (count - 1) / 2.0) * spacingM;
            x[n] = originXM + offset * c;
            y[n] = originYM + offset * s;
        }
        return new ElementArray(x, y, originXM, originYM);
    }

    public int count() {
        return xM.length;
    }

    public double xM(int element) {
        return xM[element];
    }

    public double yM(int element) {
        return yM[element];
    }

    public double referenceXM() {
        return referenceXM;
    }

    public double referenceYM() {
        return referenceYM;
    }

    /** Largest distance between two elements (the aperture D), metres. */
    public double apertureM() {
        double best = 0;
        for (int i = 0; i < xM.length; i++) {
            for (int j = i + 1; j < xM.length; j++) {
                best = Math.max(best, Math.hypot(xM[i] - xM[j], yM[i] - yM[j]));
            }
        }
        return best;
    }

    /**
     * Rayleigh distance {@code 2 D² / λ}, metres, with D the aperture counted as N·d for a ULA
     * (seed 001 §I: N = 256 at 28 GHz, d = λ/2 gives 350 m). For a ULA the element extent is (N-1)·d;
     * we add one spacing so that the figure matches the paper's 350 m.
     */
    public double rayleighDistanceM(double wavelengthM) {
        double extent = apertureM();
        double d = xM.length > 1 ? extent / (xM.length - 1) : 0;
        double aperture = extent + d;
        return 2 * aperture * aperture / wavelengthM;
    }

    /**
     * Effective beamfocusing Rayleigh distance {@code r_RD cos²θ / 10} (seed 001 §III-A): beyond it the
     * angular and Doppler spreads vanish and the DFT+MUSIC method no longer applies.
     */
    public double effectiveBeamfocusingDistanceM(double wavelengthM, double angleRad) {
        double c = Math.cos(angleRad);
        return rayleighDistanceM(wavelengthM) * c * c / 10.0;
    }

    /** Stable identity of the geometry (for cache keys and calibration identity). */
    public String fingerprint() {
        return Integer.toHexString(Arrays.hashCode(xM) * 31 + Arrays.hashCode(yM))
                + "-" + xM.length;
    }
}
