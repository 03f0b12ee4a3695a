package org.nftb.methods.seqbeam.design;

import java.io.Serializable;

/**
 * The performance thresholds 𝒮 of Table II, m and m/s. The table's row "UE VEB for BP" carries the symbol
 * {@code γ^MS_{v_U}}; we use its 10 m/s for the UE's velocity in both the MS-only and the posterior cost.
 *
 * @param uePebMs  γ^MS_{p_U} (50 cm)
 * @param uePebBp  γ^BP_{p_U} (10 cm)
 * @param ueVeb    γ_{v_U} (10 m/s)
 * @param ptPebBp  γ^BP_{p_k} (20 cm)
 * @param ptPebMs  γ^MS_{p_k} (100 cm)
 */
public record Thresholds(double uePebMs, double uePebBp, double ueVeb, double ptPebBp, double ptPebMs)
        implements Serializable {
    public static Thresholds tableII() {
        return new Thresholds(0.5, 0.1, 10, 0.2, 1.0);
    }
}
