package org.nftb.model;

import java.io.Serializable;

/**
 * Seed 003's double array: a large main transceiver (MT, N_a elements) and a small assisting transceiver (AT, N_b
 * elements), each at its own position, and a point target at polar (θ, r) seen from a chosen origin. The target
 * response is {@code G = β a(θ, r) bᵀ(θ, r)} (seed 003 eq. 7) with both steering vectors exact (eqs. 2-3): element n
 * of an array answers {@code exp(-j k (|p − e_n| − |p − ref|))}, k = 2π/λ, p the target, ref the array's reference
 * point. The paper puts both arrays at one point and approximates a by its Fresnel form (eq. 5) and b by its
 * far-field form (eq. 4) (the mixed-field model, eq. 8); here the AT sits where it is, and the approximations are
 * kept only for comparison ({@link #farField}, {@link #fresnel}). Phases are referred to each array's reference
 * point; the common path phase belongs to the unknown gain β (which does not change the CRB of (θ, r): the
 * reparametrisation β' = β·c(θ, r) has a block-triangular Jacobian with identity on (θ, r)).
 *
 * <p>Angles follow DESIGN.md: from broadside (+y), positive towards +x, {@code p = origin + r (sin θ, cos θ)}.
 * Complex vectors are interleaved re/im doubles. Immutable and thread-safe; methods write caller-owned arrays.
 */
public final class DoubleArrayModel implements Serializable {
    private static final long serialVersionUID = 1L;
    private final ElementArray mt;
    private final ElementArray at;
    private final double wavelengthM;
    private final double k;
    private final double originXM;
    private final double originYM;

    /**
     * @param mt          the main transceiver (the transmitter in downlink, the receiver in uplink)
     * @param at          the assisting transceiver
     * @param wavelengthM carrier wavelength
     * @param originXM    x of the point the polar parameters (θ, r) are seen from
     * @param originYM    y of that point
     */
    public DoubleArrayModel(ElementArray mt, ElementArray at, double wavelengthM, double originXM, double originYM) {
        this.mt = mt;
        this.at = at;
        this.wavelengthM = wavelengthM;
        this.k = 2 * Math.PI / wavelengthM;
        this.originXM = originXM;
        this.originYM = originYM;
    }

    public ElementArray mt() { return mt; }
    public ElementArray at() { return at; }
    public double wavelengthM() { return wavelengthM; }
    public double originXM() { return originXM; }
    public double originYM() { return originYM; }
    public int mtCount() { return mt.count(); }
    public int atCount() { return at.count(); }

    /** x of the target at (θ, r). */
    public double xM(double angleRad, double rangeM) {
        return originXM + rangeM * Math.sin(angleRad);
    }

    /** y of the target at (θ, r). */
    public double yM(double angleRad, double rangeM) {
        return originYM + rangeM * Math.cos(angleRad);
    }

    /** MT steering a(θ, r) into {@code out} (2 N_a); derivatives into dTheta/dRange when not null. */
    public void mtSteering(double angleRad, double rangeM, double[] out, double[] dTheta, double[] dRange) {
        steering(mt, angleRad, rangeM, out, dTheta, dRange);
    }

    /** AT steering b(θ, r) into {@code out} (2 N_b); derivatives into dTheta/dRange when not null. */
    public void atSteering(double angleRad, double rangeM, double[] out, double[] dTheta, double[] dRange) {
        steering(at, angleRad, rangeM, out, dTheta, dRange);
    }

    /**
     * Exact steering of {@code array} towards the target at (θ, r): {@code e_n = exp(-j k (ρ_n − ρ_ref))},
     * {@code ρ_n = |p − e_n|}, and its derivatives {@code ∂e_n/∂η = -j k (∂ρ_n/∂η − ∂ρ_ref/∂η) e_n} with
     * {@code ∂p/∂θ = r (cos θ, −sin θ)}, {@code ∂p/∂r = (sin θ, cos θ)}.
     */
    public void steering(ElementArray array, double angleRad, double rangeM, double[] out, double[] dTheta,
                         double[] dRange) {
        double s = Math.sin(angleRad);
        double c = Math.cos(angleRad);
        double px = originXM + rangeM * s;
        double py = originYM + rangeM * c;
        double pxT = rangeM * c;
        double pyT = -rangeM * s;
        double rx = px - array.referenceXM();
        double ry = py - array.referenceYM();
        double rho0 = Math.sqrt(rx * rx + ry * ry);
        double rho0T = (rx * pxT + ry * pyT) / rho0;
        double rho0R = (rx * s + ry * c) / rho0;
        for (int n = 0; n < array.count(); n++) {
            double dx = px - array.xM(n);
            double dy = py - array.yM(n);
            double rho = Math.sqrt(dx * dx + dy * dy);
            double ph = -k * (rho - rho0);
            double er = Math.cos(ph);
            double ei = Math.sin(ph);
            out[2 * n] = er;
            out[2 * n + 1] = ei;
            if (dTheta != null) {
                double g = -k * ((dx * pxT + dy * pyT) / rho - rho0T);     // ∂phase/∂θ
                dTheta[2 * n] = -g * ei;
                dTheta[2 * n + 1] = g * er;
            }
            if (dRange != null) {
                double g = -k * ((dx * s + dy * c) / rho - rho0R);
                dRange[2 * n] = -g * ei;
                dRange[2 * n + 1] = g * er;
            }
        }
    }

    /**
     * Far-field steering (seed 003 eq. 4, for comparison) of an array along x seen at angle θ from its own
     * reference: {@code exp(+j k u_n sin θ)}, u_n = x_n − x_ref.
     */
    public static void farField(ElementArray array, double wavelengthM, double angleRad, double[] out) {
        double kk = 2 * Math.PI / wavelengthM;
        double s = Math.sin(angleRad);
        for (int n = 0; n < array.count(); n++) {
            double ph = kk * (array.xM(n) - array.referenceXM()) * s;
            out[2 * n] = Math.cos(ph);
            out[2 * n + 1] = Math.sin(ph);
        }
    }

    /**
     * Fresnel (second-order) steering (seed 003 eq. 5, for comparison) of an array along x, target at (θ, r) from
     * the array's own reference: {@code exp(+j k (u_n sin θ − u_n² cos²θ / (2 r)))}.
     */
    public static void fresnel(ElementArray array, double wavelengthM, double angleRad, double rangeM, double[] out) {
        double kk = 2 * Math.PI / wavelengthM;
        double s = Math.sin(angleRad);
        double c = Math.cos(angleRad);
        for (int n = 0; n < array.count(); n++) {
            double u = array.xM(n) - array.referenceXM();
            double ph = kk * (u * s - u * u * c * c / (2 * rangeM));
            out[2 * n] = Math.cos(ph);
            out[2 * n + 1] = Math.sin(ph);
        }
    }
}
