package org.nftb.bound;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.nftb.model.PolarState;
import org.nftb.model.PropagationModel;

/**
 * Cramér–Rao bound of (θ, r, v_r, v_θ) for one CPI of the exact model with an unknown complex gain.
 *
 * <p>Model: {@code y[c,m] = g · exp(jψ[c,m]) + z}, {@code ψ[c,m] = -(2π/λ)(L_c + t_m L̇_c)}, t_m from {@link org.nftb.model.CpiTiming},
 * {@code z ~ CN(0, σ²)}, with L and L̇ from {@link PropagationModel} (seed 001 eqs. 1-7). With
 * {@code s = exp(jψ)} (|s| = 1) and the gain g a nuisance parameter, the Fisher information of η is
 * {@code J = (2|g|²/σ²) Re{Dᴴ P⊥ D}}, {@code D = ∂s/∂η}, {@code P⊥ = I - s sᴴ/‖s‖²}. Since
 * {@code ∂s/∂η_i = j (∂ψ/∂η_i) s}, this reduces to
 * {@code J_ik = 2·SNR·[Σ ψ_i ψ_k - (Σ ψ_i)(Σ ψ_k)/(C M)]}, SNR = |g|²/σ² per sample and element, and the
 * processed SNR of seed 001's figures is {@code SNR · C · M}. The bound is {@code J⁻¹}. The paper shows no CRB;
 * its NMSE curves must stay above {@code CRB_ii / η_i²}.
 *
 * <p>Not a kernel (allocates its work arrays); thread-safe.
 */
public final class MotionCrb {
    private MotionCrb() {
    }

    /**
     * The 4×4 CRB (row-major) of η = (θ, r, v_r, v_θ).
     *
     * @param model          propagation model (channels, wavelength)
     * @param truth          true parameters seen from {@code (refXM, refYM)}
     * @param symbols        M
     * @param symbolPeriodS  T
     * @param perSampleSnr   |g|²/σ², linear
     */
    public static double[] polarBound(PropagationModel model, PolarState truth, double refXM, double refYM,
                                      int symbols, double symbolPeriodS, double perSampleSnr) {
        return polarBound(model, truth, refXM, refYM, symbols, symbolPeriodS, perSampleSnr, null);
    }

    /**
     * The CRB for data with a known per-channel array response w_c ({@code y = g w_c e^{jψ} + z}): only
     * {@code |w_c|²} enters, as weights of the sums below. Seed 001's amplitude errors (20·log10 ρ ~ U[0, 1] dB)
     * are ≥ 1, so data with errors carries more signal power than a perfect array at the same nominal SNR; an
     * estimator on such data is bounded by this CRB, not by the perfect array's.
     *
     * @param responseW interleaved w_c, or null for a perfect array
     */
    public static double[] polarBound(PropagationModel model, PolarState truth, double refXM, double refYM,
                                      int symbols, double symbolPeriodS, double perSampleSnr, double[] responseW) {
        double[] fim = polarFisher(model, truth, refXM, refYM, symbols, symbolPeriodS, perSampleSnr, responseW);
        DMatrixRMaj j = new DMatrixRMaj(4, 4, true, fim);
        DMatrixRMaj inv = new DMatrixRMaj(4, 4);
        if (!CommonOps_DDRM.invert(j, inv)) {
            throw new IllegalArgumentException("Fisher information is singular at " + truth
                    + ": the parameters are not identifiable there (e.g. outside the near field)");
        }
        return inv.data.clone();
    }

    /** The 4×4 Fisher information (row-major) of η = (θ, r, v_r, v_θ). */
    public static double[] polarFisher(PropagationModel model, PolarState truth, double refXM, double refYM,
                                       int symbols, double symbolPeriodS, double perSampleSnr) {
        return polarFisher(model, truth, refXM, refYM, symbols, symbolPeriodS, perSampleSnr, null);
    }

    /** The Fisher information with a known array response (see {@link #polarBound(PropagationModel, PolarState,
     * double, double, int, double, double, double[])}). */
    public static double[] polarFisher(PropagationModel model, PolarState truth, double refXM, double refYM,
                                       int symbols, double symbolPeriodS, double perSampleSnr, double[] responseW) {
        double[] fim = new double[16];
        new MotionFisher(model, refXM, refYM, symbols, symbolPeriodS).fisher(truth.angleRad(), truth.rangeM(),
                truth.radialVelocityMps(), truth.transverseVelocityMps(), perSampleSnr, responseW, fim);
        return fim;
    }

    /** The bound expressed as NMSE, {@code CRB_ii / η_i²}, for each of the four parameters. */
    public static double[] normalized(double[] bound, PolarState truth) {
        double[] out = new double[4];
        for (int i = 0; i < 4; i++) {
            double x = truth.parameter(i);
            out[i] = bound[5 * i] / (x * x);
        }
        return out;
    }
}
