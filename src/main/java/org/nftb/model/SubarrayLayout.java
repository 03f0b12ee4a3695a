package org.nftb.model;

import java.io.Serializable;



/**
 * Seed 000's piecewise-far-field geometry (§III-A, eqs. 6-9): each array is split into K = N/M subarrays of M
 * consecutive elements; subarray m's echo has the phase ramp {@code e^{j k ψ_m}} over its elements k = 0..M−1.
 *
 * <p>The arrays may be ULAs along any axis. With {@code a} the unit vector from an element to the next and
 * {@code u = (p − c)/|p − c|} the direction from the subarray to the target, element k's path is
 * {@code |p − c| − k d (a·u) + O((Md)²/r)}, so {@code ψ = χ (a·u)}, {@code χ = 2π d/λ}. For the transmit array of
 * Fig. 1 (a = +e_x) this is the paper's {@code θ_m = χ sin θ̃_m}; for its receive array, whose elements run
 * towards −x (a = −e_x), it is {@code −χ sin φ̃_n}: the paper's {@code a_r(φ_n) = [1, e^{jφ_n}, …]} with
 * {@code φ_n = χ sin φ̃_n} has the wrong sign for that geometry, and the general form fixes it.
 *
 * <p><b>Reference point: the subarray centre.</b> The paper refers each subarray to its first element. The slope
 * of the element phases is a derivative of the path, and the finite-difference slope over M elements is the
 * derivative at their centre to second order; at the first element it is off by {@code O(M d / r)}, which biased
 * positions by centimetres at M = 32 and r = 25 m. So ψ, the subarray's direction u and the Doppler's unit vectors
 * are evaluated at the centre; the phase ramp's origin (k = 0, the first element) only moves the gain's phase.
 * {@code estimate.vmp.VmpEstimatorTest} checks noiseless recovery with this choice.
 *
 * <p>Immutable, serializable.
 */
public final class SubarrayLayout implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int m;
    private final int kt;
    private final int kr;
    private final double chi;
    private final double[] txCentre;
    private final double[] rxCentre;
    private final double[] txAxis;
    private final double[] rxAxis;

    /**
     * @throws IllegalArgumentException naming the array when it is not a ULA of spacing d or M does not divide it
     */
    public SubarrayLayout(ElementArray tx, ElementArray rx, int subarraySize, double wavelengthM) {
        this.m = subarraySize;
        double dt = uniformSpacing(tx, "arrays.tx");
        double dr = uniformSpacing(rx, "arrays.rx");
        if (Math.abs(dt - dr) > 1e-9 * Math.max(dt, dr)) {
            throw new IllegalArgumentException("arrays.tx and arrays.rx must have the same element spacing (seed 000: "
                    + "d for both), got " + dt + " m and " + dr + " m");
        }
        if (tx.count() % m != 0 || rx.count() % m != 0) {
            throw new IllegalArgumentException("subarraySize " + m + " must divide both element counts ("
                    + tx.count() + " transmit, " + rx.count() + " receive)");
        }
        this.kt = tx.count() / m;
        this.kr = rx.count() / m;
        this.chi = 2 * Math.PI * dt / wavelengthM;
        this.txCentre = centres(tx, kt);
        this.rxCentre = centres(rx, kr);
        this.txAxis = axis(tx);
        this.rxAxis = axis(rx);
    }

    private static double uniformSpacing(ElementArray a, String where) {
        if (a.count() < 2) {
            throw new IllegalArgumentException(where + " needs at least 2 elements for vmp");
        }
        double d = Math.hypot(a.xM(1) - a.xM(0), a.yM(1) - a.yM(0));
        double ax = (a.xM(1) - a.xM(0)) / d;
        double ay = (a.yM(1) - a.yM(0)) / d;
        for (int i = 0; i < a.count(); i++) {
            double ex = a.xM(0) + i * d * ax - a.xM(i);
            double ey = a.yM(0) + i * d * ay - a.yM(i);
            if (Math.hypot(ex, ey) > 1e-9 * Math.max(1, d * a.count())) {
                throw new IllegalArgumentException(where + " must be a uniform linear array for vmp; element " + i
                        + " is off the line by " + Math.hypot(ex, ey) + " m");
            }
        }
        return d;
    }

    private double[] centres(ElementArray a, int k) {
        double[] c = new double[2 * k];
        for (int s = 0; s < k; s++) {
            int first = s * m;
            int last = first + m - 1;
            c[2 * s] = (a.xM(first) + a.xM(last)) / 2;
            c[2 * s + 1] = (a.yM(first) + a.yM(last)) / 2;
        }
        return c;
    }

    private static double[] axis(ElementArray a) {
        double d = Math.hypot(a.xM(1) - a.xM(0), a.yM(1) - a.yM(0));
        return new double[]{(a.xM(1) - a.xM(0)) / d, (a.yM(1) - a.yM(0)) / d};
    }

    public int subarraySize() { return m; }
    public int txSubarrays() { return kt; }
    public int rxSubarrays() { return kr; }
    public int pairs() { return kt * kr; }
    /** χ = 2π d / λ. */
    public double chi() { return chi; }
    public double txCentreX(int s) { return txCentre[2 * s]; }
    public double txCentreY(int s) { return txCentre[2 * s + 1]; }
    public double rxCentreX(int s) { return rxCentre[2 * s]; }
    public double rxCentreY(int s) { return rxCentre[2 * s + 1]; }

    /**
     * ψ of subarray {@code s} of the transmit ({@code tx} true) or receive array for a target at (x, y), and its
     * gradient {@code ∇ψ = χ (a − (a·u) u)/r} into {@code grad[0..1]} (may be null).
     */
    public double psi(boolean tx, int s, double x, double y, double[] grad) {
        double[] c = tx ? txCentre : rxCentre;
        double[] a = tx ? txAxis : rxAxis;
        double dx = x - c[2 * s];
        double dy = y - c[2 * s + 1];
        double r = Math.sqrt(dx * dx + dy * dy);
        double ux = dx / r;
        double uy = dy / r;
        double au = a[0] * ux + a[1] * uy;
        if (grad != null) {
            grad[0] = chi * (a[0] - au * ux) / r;
            grad[1] = chi * (a[1] - au * uy) / r;
        }
        return chi * au;
    }

    /**
     * The unit vector from subarray {@code s} to the target along which ψ is {@code psi}, on the array's front side
     * (broadside: the axis turned by +90° for an axis along +x, by −90° for one along −x, so that it points to +y).
     * Writes {@code out[0..1]}; false when |ψ| > χ (no direction has that ψ).
     */
    public boolean direction(boolean tx, double psi, double[] out) {
        double[] a = tx ? txAxis : rxAxis;
        double s = psi / chi;
        if (Math.abs(s) > 1) {
            return false;
        }
        double nx = -a[1];
        double ny = a[0];
        if (ny < 0 || (ny == 0 && nx < 0)) {
            nx = -nx;
            ny = -ny;
        }
        double c = Math.sqrt(1 - s * s);
        out[0] = s * a[0] + c * nx;
        out[1] = s * a[1] + c * ny;
        return true;
    }

    /** {@code u_t + u_r}: the sum of the unit vectors from transmit subarray mt and receive subarray nr to (x, y). */
    public void dopplerDirection(int mt, int nr, double x, double y, double[] out) {
        double tx = x - txCentre[2 * mt];
        double ty = y - txCentre[2 * mt + 1];
        double rt = Math.sqrt(tx * tx + ty * ty);
        double rx = x - rxCentre[2 * nr];
        double ry = y - rxCentre[2 * nr + 1];
        double rr = Math.sqrt(rx * rx + ry * ry);
        out[0] = tx / rt + rx / rr;
        out[1] = ty / rt + ry / rr;
    }
}
