package org.nftb.calibration;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.nftb.bound.MotionCrb;
import org.nftb.model.CpiTiming;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PolarJacobian;
import org.nftb.model.PolarState;
import org.nftb.model.TargetState;

/**
 * Whether a difference in W matters to an estimator: the first-order bias it gives the maximum-likelihood estimate
 * of (θ, r, v_r, v_θ) of one target, compared with the Cramér–Rao bound at the operating SNR.
 *
 * <p>Data calibrated with the wrong table is {@code y = g e^{jδ_c} s_c(η) + z} (to first order only the phase error
 * δ_c of each element enters; amplitude errors change the SNR slightly but bias nothing). With
 * {@code ψ_i[c, m] = ∂ arg s_c[m] / ∂η_i} and the unknown complex gain concentrated out (centring over all c, m), the
 * ML bias is {@code b = J⁻¹ h}, {@code J_ik = Σ ψ̃_i ψ̃_k}, {@code h_i = Σ ψ̃_i δ_c}: independent of the SNR, while
 * the bound ({@link MotionCrb}) falls with it, so a calibration error that is harmless at 30 dB can dominate at 60 dB.
 * The NMSE rise it causes is {@code 10·log10(1 + b_i²/CRB_ii)}. This is the mechanism behind seed 001's CE floors.
 */
public final class EstimatorImpact {
    private EstimatorImpact() {
    }

    /**
     * @param biasOverCrbStd  |b_i| / √CRB_ii per parameter
     * @param nmseRiseDb      10·log10(1 + b_i²/CRB_ii) per parameter
     * @param bias            b_i per parameter (rad, m, m/s, m/s)
     */
    public record Impact(double[] biasOverCrbStd, double[] nmseRiseDb, double[] bias) {
        /** The largest NMSE rise over the four parameters, dB. */
        public double worstRiseDb() {
            double m = 0;
            for (double v : nmseRiseDb) {
                m = Math.max(m, v);
            }
            return m;
        }
    }

    /**
     * @param phaseErrorRad  δ_c per element (the common part is irrelevant)
     * @param truth          the target seen from the array's reference point
     * @param perSampleSnr   linear SNR per sample and element (processed SNR minus 10·log10(N·M))
     */
    public static Impact of(ElementRangeModel model, double refXM, double refYM, int symbols, double symbolPeriodS,
                            PolarState truth, double perSampleSnr, double[] phaseErrorRad) {
        int n = model.channelCount();
        TargetState s = TargetState.fromPolar(truth, refXM, refYM);
        double[] dPath = new double[4 * n];
        double[] dRate = new double[4 * n];
        model.pathJacobians(s, dPath, dRate);
        double[] jac = new double[16];
        PolarJacobian.fill(truth, jac);
        double k = 2 * Math.PI / model.wavelengthM();
        int count = n * symbols;
        double[][] psi = new double[4][count];
        double[] mean = new double[4];
        double dMean = 0;
        for (int c = 0; c < n; c++) {
            for (int m = 0; m < symbols; m++) {
                double t = CpiTiming.symbolTimeS(m, symbols, symbolPeriodS);
                for (int i = 0; i < 4; i++) {
                    double v = 0;
                    for (int q = 0; q < 4; q++) {   // Σ_q (∂L/∂s_q + t ∂L̇/∂s_q) ∂s_q/∂η_i
                        v += (dPath[4 * c + q] + t * dRate[4 * c + q]) * jac[4 * q + i];
                    }
                    psi[i][c * symbols + m] = -k * v;
                    mean[i] += -k * v / count;
                }
                dMean += phaseErrorRad[c] / count;
            }
        }
        double[] fim = new double[16];
        double[] h = new double[4];
        for (int x = 0; x < count; x++) {
            double d = phaseErrorRad[x / symbols] - dMean;
            for (int i = 0; i < 4; i++) {
                double pi = psi[i][x] - mean[i];
                h[i] += pi * d;
                for (int j = 0; j < 4; j++) {
                    fim[4 * i + j] += pi * (psi[j][x] - mean[j]);
                }
            }
        }
        DMatrixRMaj inv = new DMatrixRMaj(4, 4);
        if (!CommonOps_DDRM.invert(new DMatrixRMaj(4, 4, true, fim), inv)) {
            throw new IllegalArgumentException("the four parameters are not identifiable at " + truth);
        }
        double[] bias = new double[4];
        double[] ratio = new double[4];
        double[] rise = new double[4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                bias[i] += inv.get(i, j) * h[j];
            }
            double crb = inv.get(i, i) / (2 * perSampleSnr);   // (2·SNR·J)⁻¹, the bound of MotionCrb
            ratio[i] = Math.abs(bias[i]) / Math.sqrt(crb);
            rise[i] = 10 * Math.log10(1 + bias[i] * bias[i] / crb);
        }
        return new Impact(ratio, rise, bias);
    }
}
