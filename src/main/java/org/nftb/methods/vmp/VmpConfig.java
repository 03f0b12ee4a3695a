package org.nftb.methods.vmp;

import org.nftb.config.EstimatorConfig;
import org.nftb.model.MimoWaveform;

import java.io.Serializable;

/**
 * Parameters of seed 000's VMP estimator ({@code estimator.type: vmp}).
 *
 * @param waveform      how the transmit elements are kept apart (the front end's matched filter)
 * @param subarraySize  M, elements per subarray (divides N_t and N_r)
 * @param fusion        system-level or subarray-level fusion (Algorithm 2, options A and B)
 * @param maxIterations N_max of Algorithm 1
 * @param tolerance     ε of Algorithm 1: largest change of the angles and the normalized Doppler, radians
 * @param decimation    pulses summed per block after the coarse Doppler is removed (divides L)
 * @param maxSpeedMps   fastest target the configuration is meant for (sets the default decimation)
 * @param refine        what follows the fusion: the coherent one-gain refinement ({@link CoherentRefinement}) or
 *                      nothing (the paper's VMP alone)
 */
public record VmpConfig(MimoWaveform.Scheme waveform, int subarraySize, Fusion fusion, int maxIterations,
                        double tolerance, int decimation, double maxSpeedMps, Refine refine)
        implements EstimatorConfig, Serializable {
    /** The {@code estimator.type} of seed 000's VMP estimator. */
    public static final String TYPE = "vmp";

    /** Which fusion of Algorithm 2. */
    public enum Fusion {
        /** Option A: Gauss-Newton on eqs. (74) and (83), covariance from the Hessian (eqs. 79, 85). */
        SYSTEM,
        /** Option B: per-pair Laplace approximations (Appendices E, G) fused by Gaussian products (43), (50). */
        SUBARRAY
    }

    /** What follows the fusion ({@code estimator.refine}). */
    public enum Refine {
        /** Scoring on the exact single-gain model from VMP's answer, with its quality check (beyond the paper). */
        COHERENT,
        /** The paper's VMP alone. */
        NONE
    }

    @Override
    public String type() {
        return TYPE;
    }

    public VmpConfig withFusion(Fusion f) {
        return new VmpConfig(waveform, subarraySize, f, maxIterations, tolerance, decimation, maxSpeedMps, refine);
    }

    public VmpConfig withSubarraySize(int m, int newDecimation) {
        return new VmpConfig(waveform, m, fusion, maxIterations, tolerance, newDecimation, maxSpeedMps, refine);
    }

    public VmpConfig withRefine(Refine r) {
        return new VmpConfig(waveform, subarraySize, fusion, maxIterations, tolerance, decimation, maxSpeedMps, r);
    }
}
