package org.nftb.methods.ispac;

import org.nftb.linalg.Cx;
import org.nftb.methods.ispac.design.HybridArray;

/**
 * Seed 003 eq. 49 exactly as printed, kept only to show that it cannot locate anything:
 * {@code e₁ᴴ Γ(ϑ)⁻¹ e₁} with {@code Γ(ϑ) = diag(c(ϑ))ᴴ F U_n U_nᴴ Fᴴ diag(c(ϑ))}, {@code c_n(ϑ) = e^{j n ϑ}}
 * (eq. 44, n = 0 … N_a−1). Γ is N_a × N_a of rank ≤ N_RF − 1, so the inverse is taken either as the
 * pseudo-inverse (eigenvalues above {@code 1e-10 λ_max}) or regularised, {@code (Γ + εI)⁻¹}. See
 * {@link UplinkPositioner} for the proof that both are the same for every ϑ, and for what replaces it.
 */
public final class PrintedUplinkObjective {
    private PrintedUplinkObjective() {
    }

    /**
     * @param f        the analog combiner
     * @param noise    U_n, N_RF × (N_RF − 1) with orthonormal columns, row-major interleaved
     * @param vartheta ϑ = k d sin θ
     * @param epsilon  0 for the pseudo-inverse, else the regularisation ε
     */
    public static double value(HybridArray f, double[] noise, int noiseDim, double vartheta, double epsilon) {
        int na = f.elements();
        int nrf = f.chains();
        double[] fd = f.dense();
        double[] fu = new double[2 * na * noiseDim];
        Cx.mul(fd, noise, na, nrf, noiseDim, fu);
        double[] bm = new double[2 * na * na];
        Cx.mulAdjoint(fu, fu, na, noiseDim, na, bm);      // B = F U_n U_nᴴ Fᴴ
        double[] g = new double[2 * na * na];
        for (int i = 0; i < na; i++) {
            for (int j = 0; j < na; j++) {
                // Γ_ij = conj(c_i) B_ij c_j = B_ij e^{j (j − i) ϑ}
                double ph = (j - i) * vartheta;
                double c = Math.cos(ph);
                double s = Math.sin(ph);
                double br = bm[2 * (i * na + j)];
                double bi = bm[2 * (i * na + j) + 1];
                g[2 * (i * na + j)] = br * c - bi * s;
                g[2 * (i * na + j) + 1] = br * s + bi * c;
            }
        }
        double[] ev = new double[na];
        double[] v = new double[2 * na * na];
        Cx.eigh(g, na, ev, v);
        double out = 0;
        for (int k = 0; k < na; k++) {
            double w = v[2 * k] * v[2 * k] + v[2 * k + 1] * v[2 * k + 1];   // |[v_k]_1|²
            if (epsilon > 0) {
                out += w / (Math.max(ev[k], 0) + epsilon);
            } else if (ev[k] > 1e-10 * ev[0]) {
                out += w / ev[k];
            }
        }
        return out;
    }

    /** Rank of B = F U_n U_nᴴ Fᴴ (eigenvalues above 1e-10 λ_max). */
    public static int rankOfB(HybridArray f, double[] noise, int noiseDim) {
        int na = f.elements();
        double[] fu = new double[2 * na * noiseDim];
        Cx.mul(f.dense(), noise, na, f.chains(), noiseDim, fu);
        double[] bm = new double[2 * na * na];
        Cx.mulAdjoint(fu, fu, na, noiseDim, na, bm);
        double[] ev = new double[na];
        Cx.eigh(bm, na, ev, new double[2 * na * na]);
        int k = 0;
        while (k < na && ev[k] > 1e-10 * ev[0]) {
            k++;
        }
        return k;
    }
}
