package org.nftb.methods.seqbeam;

import java.io.Serializable;

/**
 * One channel-domain parameter of a stage (ξ of eqs. 7 and 11, extended by the ranges the exact near-field
 * wavefront depends on). The derivative of the noiseless observation with respect to it is
 * {@code ∂μ_{l,p,m}/∂ξ = s_{p,m} φ_k χ (−j2πΔf m)^a (j2πt)^b Σ_terms u (wᴴ f_l)}: path k's phase
 * {@code φ_k = e^{−j2πmΔfτ_k + j2πν_k t}}, a complex factor χ, a frequency order a and a time order b, and one or
 * two spatial terms (a receive vector u and a transmit vector w, both indices into the stage's banks).
 *
 * @param kind  what it is
 * @param path  0 the UE / line of sight, k ≥ 1 PT k
 * @param freq  a ∈ {0, 1} (1 for the delay)
 * @param time  b ∈ {0, 1} (1 for the Doppler)
 * @param chiRe Re χ
 * @param chiIm Im χ
 * @param u     receive-bank indices of the terms
 * @param w     transmit-bank indices of the terms
 */
public record ChannelParam(Kind kind, int path, int freq, int time, double chiRe, double chiIm, int[] u, int[] w)
        implements Serializable {

    /** Parameter kinds, in the order a stage lists them. */
    public enum Kind {
        /** θ_k, angle of departure at the BS (MS: also of arrival). */
        THETA("theta"),
        /** BS-side range of the wavefront (near field only). */
        RANGE_BS("rangeBs"),
        /** ψ_k, angle of arrival at the UE (BP). */
        PSI("psi"),
        /** UE-side range of the wavefront (BP, near field only). */
        RANGE_UE("rangeUe"),
        /** τ_k. */
        DELAY("tau"),
        /** ν_k (MS: the UE's only). */
        DOPPLER("nu"),
        /** Re β_k. */
        GAIN_RE("betaRe"),
        /** Im β_k. */
        GAIN_IM("betaIm");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public boolean isGain() {
            return this == GAIN_RE || this == GAIN_IM;
        }
    }

    /** Short label, e.g. {@code tau_2}. */
    public String label() {
        return kind.label() + "_" + path;
    }
}
