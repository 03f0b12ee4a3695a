package org.nftb.methods.ispac;

import org.nftb.model.DoubleArrayModel;
import org.nftb.model.ElementArray;
import org.nftb.model.PhysicalConstants;

/**
 * Seed 003 §V's double array, with the choices the paper leaves open stated here: 28 GHz; the MT a ULA along x
 * centred at the origin with aperture {@code N_a d = 0.5 m} (d = 0.5 m / N_a: 7.8 mm = 0.73 λ for N_a = 64,
 * 15.6 mm for N_a = 32); the AT a λ/2 ULA on the same axis, its centre 0.1 m beyond the MT's end
 * ({@code x = 0.25 m + 0.1 m + N_b λ/4}); polar (θ, r) seen from the MT's centre, as in the paper.
 */
public final class IspacGeometry {
    /** 28 GHz (§V). */
    public static final double CARRIER_HZ = 28e9;
    /** MT aperture, metres (§V). */
    public static final double MT_APERTURE_M = 0.5;
    /** Gap between the MT's last element and the AT's first, metres (our choice). */
    public static final double AT_GAP_M = 0.1;

    private IspacGeometry() {
    }

    /** The double array of §V with N_a MT and N_b AT elements. */
    public static DoubleArrayModel paper(int na, int nb) {
        double lambda = PhysicalConstants.wavelengthM(CARRIER_HZ);
        ElementArray mt = ElementArray.ula(na, MT_APERTURE_M / na, 0, 0, 0);
        double atSpacing = lambda / 2;
        double atCentre = MT_APERTURE_M / 2 + AT_GAP_M + (nb - 1) * atSpacing / 2;
        ElementArray at = ElementArray.ula(nb, atSpacing, atCentre, 0, 0);
        return new DoubleArrayModel(mt, at, lambda, 0, 0);
    }
}
