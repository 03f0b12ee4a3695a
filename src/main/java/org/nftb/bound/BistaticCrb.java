package org.nftb.bound;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.nftb.model.SubarrayLayout;
import org.nftb.model.TargetState;

import java.util.Arrays;

/**
 * Seed 000's Cramér-Rao bound for position and velocity (eqs. 51-62) on the piecewise-far-field model of eq. (8):
 * {@code η = (x, y, v_x, v_y, Re β, Im β)} with one complex gain per subarray pair, through the intermediate
 * {@code ρ = (ψ_t, ψ_r, f, Re β, Im β)} per pair and the chain rule {@code F_η = Ψᵀ F_ρ Ψ} (eq. 54).
 *
 * <p>Per pair, with {@code s = β e^{j k_t ψ_t} e^{j k_r ψ_r} e^{−j2π f t_l}} (t_l from the CPI centre, so
 * {@code Σ t_l = 0}), eq. (53) is in closed form, all times {@code 2/σ}: {@code F_ψtψt = |β|² M L Σk²},
 * {@code F_ψtψr = |β|² L (Σk)²}, {@code F_ff = (2π)² |β|² M² Σ t_l²}, {@code F_ψt,Reβ = −Im β · M L Σk},
 * {@code F_ψt,Imβ = Re β · M L Σk}, {@code F_ββ = M² L I}, and the f-row's other entries vanish (Σ t_l = 0).
 * Ψ (eqs. 59-62) from the geometry of {@link SubarrayLayout}: {@code ∂ψ/∂p = χ (a − (a·u)u)/r},
 * {@code ∂f/∂v = (u_t + u_r)/λ}, {@code ∂f/∂p = ((v − (u_t·v)u_t)/r_t + (v − (u_r·v)u_r)/r_r)/λ}. Choice: the paper's
 * eqs. (56)-(58) add to ∂s/∂θ and ∂s/∂φ terms in v, and to ∂s/∂f terms in the angles, that double count the
 * dependence of f on the angles already carried by Ψ; with ρ independent coordinates the derivatives are the plain
 * ones above. {@code BistaticCrbTest} checks the bound against a numerically differentiated Fisher information of
 * the exact near-field model.
 */
public final class BistaticCrb {
    private BistaticCrb() {
    }

    /**
     * The 4×4 CRB (row-major, order x, y, vx, vy; m² and (m/s)²).
     *
     * @param gainRe   Re β per pair k = m K_r + n
     * @param gainIm   Im β per pair
     * @param sigma    noise variance per matched-filter output
     */
    public static double[] bound(SubarrayLayout layout, TargetState s, double[] gainRe, double[] gainIm, double sigma,
                                 int pulses, double pulsePeriodS, double wavelengthM) {
        int k = layout.pairs();
        int dim = 4 + 2 * k;
        DMatrixRMaj f = new DMatrixRMaj(dim, dim);
        int m = layout.subarraySize();
        double sk = m * (m - 1) / 2.0;
        double sk2 = (m - 1) * m * (2.0 * m - 1) / 6.0;
        double st2 = 0;
        for (int l = 0; l < pulses; l++) {
            double t = (l - (pulses - 1) / 2.0) * pulsePeriodS;
            st2 += t * t;
        }
        double[] fr = new double[25];
        double[] psi = new double[5 * 6];   // ∂ρ/∂(x, y, vx, vy, Reβ, Imβ) for this pair
        double[] g = new double[2];
        int[] idx = new int[6];
        for (int q = 0; q < k; q++) {
            int mt = q / layout.rxSubarrays();
            int nr = q % layout.rxSubarrays();
            double br = gainRe[q];
            double bi = gainIm[q];
            double b2 = br * br + bi * bi;
            double c = 2 / sigma;
            Arrays.fill(fr, 0);
            fr[0] = c * b2 * m * pulses * sk2;                 // ψt ψt
            fr[1] = fr[5] = c * b2 * pulses * sk * sk;          // ψt ψr
            fr[6] = fr[0];                                      // ψr ψr
            fr[12] = c * b2 * 4 * Math.PI * Math.PI * m * m * st2;   // f f
            fr[3] = fr[15] = -c * bi * m * pulses * sk;         // ψt Reβ
            fr[4] = fr[20] = c * br * m * pulses * sk;          // ψt Imβ
            fr[8] = fr[16] = fr[3];                             // ψr Reβ
            fr[9] = fr[21] = fr[4];                             // ψr Imβ
            fr[18] = fr[24] = c * m * m * pulses;               // β β
            Arrays.fill(psi, 0);
            layout.psi(true, mt, s.xM(), s.yM(), g);
            psi[0] = g[0];
            psi[1] = g[1];
            layout.psi(false, nr, s.xM(), s.yM(), g);
            psi[6] = g[0];
            psi[7] = g[1];
            dopplerGradient(layout, mt, nr, s, wavelengthM, psi);
            psi[3 * 6 + 4] = 1;
            psi[4 * 6 + 5] = 1;
            idx[0] = 0;
            idx[1] = 1;
            idx[2] = 2;
            idx[3] = 3;
            idx[4] = 4 + q;
            idx[5] = 4 + k + q;
            // F_η += Ψᵀ F_ρ Ψ for this pair
            for (int a = 0; a < 6; a++) {
                for (int b = 0; b < 6; b++) {
                    double v = 0;
                    for (int i = 0; i < 5; i++) {
                        for (int j = 0; j < 5; j++) {
                            v += psi[i * 6 + a] * fr[i * 5 + j] * psi[j * 6 + b];
                        }
                    }
                    f.add(idx[a], idx[b], v);
                }
            }
        }
        DMatrixRMaj inv = new DMatrixRMaj(dim, dim);
        if (!CommonOps_DDRM.invert(f, inv)) {
            throw new IllegalArgumentException("the Fisher information is singular at " + s
                    + " (fewer than two subarray pairs, or a target on the array axis)");
        }
        double[] crb = new double[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                crb[4 * i + j] = inv.get(i, j);
            }
        }
        return crb;
    }

    /** Row 2 of Ψ (∂f/∂(x, y, vx, vy)), eqs. (61)-(62), into psi[12..15]. */
    private static void dopplerGradient(SubarrayLayout layout, int mt, int nr, TargetState s, double wavelengthM,
                                        double[] psi) {
        double[][] centres = {{layout.txCentreX(mt), layout.txCentreY(mt)}, {layout.rxCentreX(nr),
                layout.rxCentreY(nr)}};
        for (double[] c : centres) {
            double dx = s.xM() - c[0];
            double dy = s.yM() - c[1];
            double r = Math.hypot(dx, dy);
            double ux = dx / r;
            double uy = dy / r;
            double uv = ux * s.vxMps() + uy * s.vyMps();
            psi[12] += (s.vxMps() - uv * ux) / r / wavelengthM;
            psi[13] += (s.vyMps() - uv * uy) / r / wavelengthM;
            psi[14] += ux / wavelengthM;
            psi[15] += uy / wavelengthM;
        }
    }

    /** {@code sqrt(CRB_xx + CRB_yy)}, metres. */
    public static double positionRmseBound(double[] crb) {
        return Math.sqrt(crb[0] + crb[5]);
    }

    /** {@code sqrt(CRB_vxvx + CRB_vyvy)}, m/s. */
    public static double velocityRmseBound(double[] crb) {
        return Math.sqrt(crb[10] + crb[15]);
    }
}
