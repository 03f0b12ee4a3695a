package org.nftb.bound;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.nftb.model.CpiTiming;
import org.nftb.model.ElementArray;
import org.nftb.model.PolarJacobian;
import org.nftb.model.PolarState;

/**
 * Cramér–Rao bound of (θ, r, v_r, v_θ) at the CPI centre for a target that moves in a straight line during the CPI
 * (the physics; {@link MotionCrb} bounds seed 001's model, in which every element's path grows linearly in time).
 *
 * <p>Model: {@code y[n,m] = g · exp(−j k |p + v t_m − e_n|) + z}, t_m from {@link CpiTiming}, p and v the
 * position and velocity at the CPI centre. With the gain a nuisance parameter the Fisher information is
 * {@code J_ik = 2·SNR·[Σ ψ_i ψ_k − (Σ ψ_i)(Σ ψ_k)/(N M)]}, as in {@link MotionCrb}, with
 * {@code ψ_i = −k ∂|p + v t_m − e_n|/∂η_i}: {@code ∂L/∂p = u_nm} (the unit vector from element n to the target at
 * t_m) and {@code ∂L/∂v = t_m u_nm}, chained through {@link PolarJacobian}. It differs from {@link MotionCrb} only by
 * the curvature of each path over the CPI, so the two agree closely; a benchmark that draws data from this model
 * checks estimates against this bound.
 *
 * <p>Not a kernel (allocates); thread-safe.
 */
public final class TrajectoryCrb {
    private TrajectoryCrb() {
    }

    /**
     * The 4×4 CRB (row-major) of η = (θ, r, v_r, v_θ) seen from the array's reference point.
     *
     * @param perSampleSnr |g|²/σ², linear
     * @throws IllegalArgumentException where the parameters are not identifiable (singular information)
     */
    public static double[] polarBound(ElementArray rx, double wavelengthM, PolarState truth, int symbols,
                                      double symbolPeriodS, double perSampleSnr) {
        double k = 2 * Math.PI / wavelengthM;
        double s = Math.sin(truth.angleRad());
        double c = Math.cos(truth.angleRad());
        double px = rx.referenceXM() + truth.rangeM() * s;
        double py = rx.referenceYM() + truth.rangeM() * c;
        double vx = truth.radialVelocityMps() * s + truth.transverseVelocityMps() * c;
        double vy = truth.radialVelocityMps() * c - truth.transverseVelocityMps() * s;
        double[] jac = new double[16];
        PolarJacobian.fill(truth, jac);
        double[] sum = new double[4];
        double[] cross = new double[16];
        double[] cartesian = new double[4];
        double[] psi = new double[4];
        for (int n = 0; n < rx.count(); n++) {
            for (int m = 0; m < symbols; m++) {
                double t = CpiTiming.symbolTimeS(m, symbols, symbolPeriodS);
                double dx = px + vx * t - rx.xM(n);
                double dy = py + vy * t - rx.yM(n);
                double rho = Math.sqrt(dx * dx + dy * dy);
                cartesian[0] = dx / rho;
                cartesian[1] = dy / rho;
                cartesian[2] = t * dx / rho;
                cartesian[3] = t * dy / rho;
                for (int i = 0; i < 4; i++) {
                    double a = 0;
                    for (int q = 0; q < 4; q++) {
                        a += cartesian[q] * jac[4 * q + i];
                    }
                    psi[i] = -k * a;
                    sum[i] += psi[i];
                }
                for (int i = 0; i < 4; i++) {
                    for (int j = i; j < 4; j++) {
                        cross[4 * i + j] += psi[i] * psi[j];
                    }
                }
            }
        }
        double samples = (double) rx.count() * symbols;
        DMatrixRMaj fim = new DMatrixRMaj(4, 4);
        for (int i = 0; i < 4; i++) {
            for (int j = i; j < 4; j++) {
                double v = 2 * perSampleSnr * (cross[4 * i + j] - sum[i] * sum[j] / samples);
                fim.set(i, j, v);
                fim.set(j, i, v);
            }
        }
        DMatrixRMaj inv = new DMatrixRMaj(4, 4);
        if (!CommonOps_DDRM.invert(fim, inv)) {
            throw new IllegalArgumentException("Fisher information is singular at " + truth);
        }
        return inv.data.clone();
    }
}
