package org.nftb.methods.seqbeam.design;

import java.io.Serializable;

/**
 * What a design minimizes (seed 002 §II-D, §III). The least-squares cost ℒ(I⁻¹, 𝒮) of eqs. 20-22 is left open by
 * the paper; we use the threshold-normalized A-optimal form {@code ℒ = tr(C_pU)/γ_pU² + tr(C_vU)/γ_vU² +
 * Σ_k tr(C_pk)/(K γ_pk²)} (every term a squared bound over its squared threshold, unit weights): smooth and convex in
 * the transmit covariance, so the relaxed design problem has one optimum.
 *
 * <ul>
 *   <li>{@link Kind#SEQUENTIAL}: ℒ of the posterior FIM of eq. 19 (MS prior + BP likelihood), BP thresholds.</li>
 *   <li>{@link Kind#MS_ONLY}: ℒ_MS of eq. 21 on the MS FIM alone, MS thresholds; its velocity term is the radial
 *       velocity's (the tangential one is unobservable from one MS snapshot).</li>
 *   <li>{@link Kind#MS_STATIC}: ℒ_MS with the UE treated as static (no Doppler, no velocity: Snapshot MS).</li>
 *   <li>{@link Kind#BP_ONLY}: ℒ on the BP FIM alone (full BP), BP thresholds.</li>
 *   <li>{@link Kind#WEIGHTED_SUM}: P1 (eq. 15), {@code (1−α) tr CRB_MS(p_U, v_U, p_k) + α tr CRB_BP(p_U, v_U)},
 *       unnormalized (m² and (m/s)² summed, as written); the MS velocity is the radial one.</li>
 * </ul>
 *
 * @param kind       the cost
 * @param alpha      P1's α (WEIGHTED_SUM only)
 * @param thresholds 𝒮
 */
public record Cost(Kind kind, double alpha, Thresholds thresholds) implements Serializable {
    public enum Kind { SEQUENTIAL, MS_ONLY, MS_STATIC, BP_ONLY, WEIGHTED_SUM }

    public Cost {
        if (kind == Kind.WEIGHTED_SUM && !(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("P1's alpha must lie in [0, 1], got " + alpha);
        }
    }

    public static Cost of(Kind kind) {
        return new Cost(kind, 0, Thresholds.tableII());
    }

    public static Cost weightedSum(double alpha) {
        return new Cost(Kind.WEIGHTED_SUM, alpha, Thresholds.tableII());
    }
}
