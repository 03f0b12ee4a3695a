package org.nftb.model;

import java.io.Serializable;

/**
 * Seed 000's separated transmit/receive model (eqs. 1-4): channel {@code c = i·N_r + j} is the path from transmit
 * element i to the target and back to receive element j, {@code L_ij = |p − t_i| + |p − r_j|}, changing at
 * {@code L̇_ij = (u_ti + u_rj)·v} with u the unit vectors from the elements to the target. Channel order matches
 * {@link org.nftb.frontend.SnapshotShape} (transmit-major).
 *
 * <p><b>Sign of the Doppler (a typo in the paper).</b> Eq. (1) writes the distances as {@code r(t) = r + v t} with
 * v the radial velocity (positive receding), and eq. (7) the subarray Doppler as
 * {@code f = −(1/λ)[(p_t − p)ᵀv/|p_t − p| + …] = L̇/λ}; eq. (4) drops that minus sign. We follow eqs. (1) and (7),
 * the physical ones: the phase is {@code −2π/λ (L + t L̇)}, so a receding target's path grows
 * ({@code BistaticModelTest} checks it against finite differences of the geometry).
 *
 * <p>The model is separable: {@code L_ij = L^t_i + L^r_j} and {@code L̇_ij = L̇^t_i + L̇^r_j}, so a pulse's phases
 * are the outer product of a transmit and a receive phasor vector, exactly. {@link #transmitLeg} and
 * {@link #receiveLeg} give the two legs; the simulator synthesizes from them, the CRB and the estimators use
 * {@link #paths}. Immutable and thread-safe.
 */
public final class BistaticModel implements PropagationModel, Serializable {
    private static final long serialVersionUID = 1L;
    private final ElementArray tx;
    private final ElementArray rx;
    private final double wavelengthM;
    private final ElementRangeModel txLeg;
    private final ElementRangeModel rxLeg;

    public BistaticModel(ElementArray tx, ElementArray rx, double wavelengthM) {
        this.tx = tx;
        this.rx = rx;
        this.wavelengthM = wavelengthM;
        this.txLeg = new ElementRangeModel(tx, wavelengthM);
        this.rxLeg = new ElementRangeModel(rx, wavelengthM);
    }

    public ElementArray txArray() {
        return tx;
    }

    public ElementArray rxArray() {
        return rx;
    }

    @Override
    public int channelCount() {
        return tx.count() * rx.count();
    }

    @Override
    public double wavelengthM() {
        return wavelengthM;
    }

    /** The transmit leg: {@code pathM[i] = |p − t_i|}, {@code rate[i] = u_ti·v} (length ≥ N_t). */
    public void transmitLeg(double xM, double yM, double vxMps, double vyMps, double[] pathM, double[] rateMps) {
        txLeg.paths(xM, yM, vxMps, vyMps, pathM, rateMps);
    }

    /** The receive leg: {@code pathM[j] = |p − r_j|}, {@code rate[j] = u_rj·v} (length ≥ N_r). */
    public void receiveLeg(double xM, double yM, double vxMps, double vyMps, double[] pathM, double[] rateMps) {
        rxLeg.paths(xM, yM, vxMps, vyMps, pathM, rateMps);
    }

    @Override
    public void paths(double xM, double yM, double vxMps, double vyMps, double[] pathM, double[] pathRateMps) {
        int nt = tx.count();
        int nr = rx.count();
        for (int i = 0; i < nt; i++) {
            double dx = xM - tx.xM(i);
            double dy = yM - tx.yM(i);
            double rt = Math.sqrt(dx * dx + dy * dy);
            double vt = (dx * vxMps + dy * vyMps) / rt;
            for (int j = 0; j < nr; j++) {
                double ex = xM - rx.xM(j);
                double ey = yM - rx.yM(j);
                double rr = Math.sqrt(ex * ex + ey * ey);
                pathM[i * nr + j] = rt + rr;
                pathRateMps[i * nr + j] = vt + (ex * vxMps + ey * vyMps) / rr;
            }
        }
    }

    /** Allocates its leg Jacobians (for bounds and tests, not for kernels). */
    @Override
    public void pathJacobians(double xM, double yM, double vxMps, double vyMps, double[] dPath, double[] dRate) {
        int nt = tx.count();
        int nr = rx.count();
        double[] tp = new double[4 * nt];
        double[] tr = new double[4 * nt];
        double[] rp = new double[4 * nr];
        double[] rr = new double[4 * nr];
        txLeg.pathJacobians(xM, yM, vxMps, vyMps, tp, tr);
        rxLeg.pathJacobians(xM, yM, vxMps, vyMps, rp, rr);
        for (int i = 0; i < nt; i++) {
            for (int j = 0; j < nr; j++) {
                int c = 4 * (i * nr + j);
                for (int k = 0; k < 4; k++) {
                    dPath[c + k] = tp[4 * i + k] + rp[4 * j + k];
                    dRate[c + k] = tr[4 * i + k] + rr[4 * j + k];
                }
            }
        }
    }
}
