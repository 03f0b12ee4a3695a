package org.nftb.bound;

import org.ejml.dense.fixed.CommonOps_DDF4;
import org.ejml.data.DMatrix4x4;
import org.nftb.model.CpiTiming;
import org.nftb.model.PolarJacobian;
import org.nftb.model.PropagationModel;

/**
 * The Fisher information and Cramér–Rao bound of {@link MotionCrb} as a reusable kernel: scratch arrays are
 * allocated once, so an estimator can attach the bound at its own estimate to every CPI (the covariance of the
 * estimate record) without allocating. The formula is the one documented on {@link MotionCrb}
 * ({@code J_ik = 2·SNR·[Σ w ψ_i ψ_k - (Σ w ψ_i)(Σ w ψ_k)/Σ w]}); the 4×4 inverse uses EJML's fixed-size
 * operations. Not thread-safe (one per worker).
 */
public final class MotionFisher {
    private final PropagationModel model;
    private final double refXM;
    private final double refYM;
    private final int symbols;
    private final double symbolPeriodS;
    private final double[] dPath;
    private final double[] dRate;
    private final double[] jac = new double[16];
    private final double[] sum = new double[4];
    private final double[] cross = new double[16];
    private final double[] dL = new double[4];
    private final double[] dLdot = new double[4];
    private final double timeSum0;
    private final double timeSum1;
    private final double timeSum2;
    private final DMatrix4x4 fisher = new DMatrix4x4();
    private final DMatrix4x4 inverse = new DMatrix4x4();

    /**
     * @param model         propagation model (channels, wavelength)
     * @param refXM         x of the reference point the polar parameters are seen from, metres
     * @param refYM         y of that point, metres
     * @param symbols       M
     * @param symbolPeriodS T
     */
    public MotionFisher(PropagationModel model, double refXM, double refYM, int symbols, double symbolPeriodS) {
        this.model = model;
        this.refXM = refXM;
        this.refYM = refYM;
        this.symbols = symbols;
        this.symbolPeriodS = symbolPeriodS;
        int channels = model.channelCount();
        this.dPath = new double[4 * channels];
        this.dRate = new double[4 * channels];
        double s1 = 0;
        double s2 = 0;
        for (int m = 0; m < symbols; m++) {
            double t = CpiTiming.symbolTimeS(m, symbols, symbolPeriodS);
            s1 += t;
            s2 += t * t;
        }
        this.timeSum0 = symbols;
        this.timeSum1 = s1;
        this.timeSum2 = s2;
    }

    /**
     * Fisher information of η = (θ, r, v_r, v_θ) at the given parameters, row-major into {@code out} (16).
     *
     * @param perSampleSnr |g|²/σ², linear
     * @param responseW    interleaved known array response w_c, or null for a perfect array
     */
    public void fisher(double angleRad, double rangeM, double radialMps, double transverseMps, double perSampleSnr,
                       double[] responseW, double[] out) {
        int channels = model.channelCount();
        double s = Math.sin(angleRad);
        double c = Math.cos(angleRad);
        model.pathJacobians(refXM + rangeM * s, refYM + rangeM * c, radialMps * s + transverseMps * c,
                radialMps * c - transverseMps * s, dPath, dRate);
        PolarJacobian.fill(angleRad, rangeM, radialMps, transverseMps, jac);
        double k = 2 * Math.PI / model.wavelengthM();
        java.util.Arrays.fill(sum, 0);
        java.util.Arrays.fill(cross, 0);
        double weightSum = 0;
        for (int ch = 0; ch < channels; ch++) {
            double weight = responseW == null ? 1
                    : responseW[2 * ch] * responseW[2 * ch] + responseW[2 * ch + 1] * responseW[2 * ch + 1];
            weightSum += weight * symbols;
            for (int i = 0; i < 4; i++) {
                double a = 0;
                double b = 0;
                for (int q = 0; q < 4; q++) {
                    a += dPath[4 * ch + q] * jac[4 * q + i];
                    b += dRate[4 * ch + q] * jac[4 * q + i];
                }
                dL[i] = a;
                dLdot[i] = b;
            }
            // ψ_i(m) = −k (∂L_i + t_m ∂L̇_i): the sums over the symbols in closed form, with
            // S0 = M, S1 = Σ t_m (0 at the CPI centre), S2 = Σ t_m²
            for (int i = 0; i < 4; i++) {
                sum[i] -= weight * k * (timeSum0 * dL[i] + timeSum1 * dLdot[i]);
                for (int j = i; j < 4; j++) {
                    cross[4 * i + j] += weight * k * k * (timeSum0 * dL[i] * dL[j]
                            + timeSum1 * (dL[i] * dLdot[j] + dLdot[i] * dL[j]) + timeSum2 * dLdot[i] * dLdot[j]);
                }
            }
        }
        for (int i = 0; i < 4; i++) {
            for (int j = i; j < 4; j++) {
                double v = 2 * perSampleSnr * (cross[4 * i + j] - sum[i] * sum[j] / weightSum);
                out[4 * i + j] = v;
                out[4 * j + i] = v;
            }
        }
    }

    /**
     * The CRB {@code J⁻¹} (row-major into {@code out}); returns false when J is singular there (the parameters
     * are not identifiable, e.g. beyond the near field), leaving {@code out} unspecified.
     */
    public boolean bound(double angleRad, double rangeM, double radialMps, double transverseMps, double perSampleSnr,
                         double[] responseW, double[] out) {
        fisher(angleRad, rangeM, radialMps, transverseMps, perSampleSnr, responseW, out);
        copy(out, fisher);
        if (!CommonOps_DDF4.invert(fisher, inverse)) {
            return false;
        }
        copy(inverse, out);
        for (double v : out) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return out[0] > 0 && out[5] > 0 && out[10] > 0 && out[15] > 0;
    }

    private static void copy(double[] a, DMatrix4x4 m) {
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                m.set(i, j, a[4 * i + j]);
            }
        }
    }

    private static void copy(DMatrix4x4 m, double[] a) {
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                a[4 * i + j] = m.get(i, j);
            }
        }
    }

    /** Symbols per CPI this kernel was made for. */
    public int symbols() {
        return symbols;
    }

    /** Symbol period, seconds. */
    public double symbolPeriodS() {
        return symbolPeriodS;
    }
}
