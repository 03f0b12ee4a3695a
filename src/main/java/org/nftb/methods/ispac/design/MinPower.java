package org.nftb.methods.ispac.design;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.nftb.linalg.Cx;
import org.nftb.linalg.Herm;

import java.util.Arrays;
import java.util.Locale;

/**
 * Feasibility of the users' SINR limits (seed 003 eq. 26c / 37 with no probing) and the strictly feasible start of
 * the covariance step: the least-power precoders meeting {@code |g_kᴴw_k|² / (Σ_{i≠k} |g_kᴴw_i|² + 1) ≥ γ_k} (noise
 * normalised to 1), by the classic fixed point of its dual, {@code λ_k = 1 / ((1 + 1/γ_k) g_kᴴ (I + Σ_i λ_i g_i
 * g_iᴴ)⁻¹ g_k)} (uplink-downlink duality), directions {@code (I + Σ λ_i g_i g_iᴴ)⁻¹ g_k} and powers from the linear
 * system that meets every limit with equality. When the limits cannot be met at any power the fixed point diverges
 * (or the powers come out negative); when they need more than the budget the sum of powers says by how much.
 * Stateless; allocates.
 */
final class MinPower {
    /** Least-power precoders (columns w_k, d each, interleaved) and their total power; null when infeasible. */
    record Solution(double[][] w, double power) {
    }

    private MinPower() {
    }

    /** @param g the users' design-space channels (d each, normalised by the noise), γ linear */
    static Solution solve(double[][] g, double[] gamma, int d) {
        return solve(g, gamma, d, 1e12);
    }

    /**
     * As {@link #solve(double[][], double[], int)}, giving up (null) once the least power is known to exceed
     * {@code cap}: the dual sum Σλ_k equals the least power at the fixed point and grows monotonically from 0.
     * When d exceeds the number of users the problem is solved in the span of the channels (where the least-power
     * precoders lie) and mapped back.
     */
    static Solution solve(double[][] g, double[] gamma, int d, double cap) {
        int k = g.length;
        if (d > k) {
            double[][] basis = Herm.orthonormalBasis(g, d);
            Solution s = solveIn(Herm.coordinates(g, basis, d), gamma, basis.length, cap);
            if (s == null) {
                return null;
            }
            double[][] w = new double[k][2 * d];
            for (int u = 0; u < k; u++) {
                Herm.expand(s.w()[u], basis, d, 1, w[u]);
            }
            return new Solution(w, s.power());
        }
        return solveIn(g, gamma, d, cap);
    }

    private static Solution solveIn(double[][] g, double[] gamma, int d, double cap) {
        int k = g.length;
        double[] lambda = new double[k];
        double[] sigma = new double[2 * d * d];
        double[] inv;
        double[] t = new double[2];
        for (int it = 0; it < 500; it++) {
            buildSigma(g, lambda, d, sigma);
            inv = Herm.inverse(sigma, d);
            double change = 0;
            double total = 0;
            for (int u = 0; u < k; u++) {
                Cx.form(g[u], inv, g[u], d, t);
                double next = 1 / ((1 + 1 / gamma[u]) * t[0]);
                change = Math.max(change, Math.abs(next - lambda[u]) / Math.max(next, 1e-300));
                lambda[u] = next;
                total += next;
            }
            if (!(total < cap)) {
                return null;
            }
            if (change < 1e-10) {
                break;
            }
        }
        buildSigma(g, lambda, d, sigma);
        inv = Herm.inverse(sigma, d);
        double[][] w = new double[k][2 * d];
        for (int u = 0; u < k; u++) {
            Cx.mul(inv, g[u], d, d, 1, w[u]);
            double nrm = Math.sqrt(Cx.norm2(w[u], d));
            for (int i = 0; i < 2 * d; i++) {
                w[u][i] /= nrm;
            }
        }
        double[] p = powers(g, w, gamma, null);
        if (p == null) {
            return null;
        }
        double total = 0;
        for (int u = 0; u < k; u++) {
            for (int i = 0; i < 2 * d; i++) {
                w[u][i] *= Math.sqrt(p[u]);
            }
            total += p[u];
        }
        return new Solution(w, total);
    }

    /**
     * The least power (units of the budget, g scaled accordingly) meeting the SINR limits, or a
     * {@link DesignInfeasibleException} naming the gap: with power-limited targets, the common SINR reduction (dB,
     * bisection to 0.001 dB) that brings them within the budget; {@code what} names the design in the message.
     */
    static Solution require(double[][] g, double[] gamma, int d, String what) {
        Solution s = solve(g, gamma, d);
        if (s != null && s.power() < 1) {
            return s;
        }
        double lo = -200;
        double hi = 0;
        double[] scaled = new double[gamma.length];
        for (int it = 0; it < 40 && hi - lo > 1e-3; it++) {
            double mid = 0.5 * (lo + hi);
            for (int k = 0; k < gamma.length; k++) {
                scaled[k] = gamma[k] * Math.pow(10, mid / 10);
            }
            Solution t = solve(g, scaled, d);
            if (t != null && t.power() < 1) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        StringBuilder targets = new StringBuilder();
        for (int k = 0; k < gamma.length; k++) {
            targets.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f",
                    10 * Math.log10(gamma[k])));
        }
        String why = s == null
                ? "the users' SINR targets [" + targets + "] dB cannot be met at any power with this array"
                : String.format(Locale.ROOT, "the users' SINR targets [%s] dB need %.2f dB more power than "
                + "the budget (least power %.3g × budget)", targets, 10 * Math.log10(s.power()), s.power());
        throw new DesignInfeasibleException(String.format(Locale.ROOT, "%s: %s; lower every target by "
                + "%.2f dB (or raise the power budget) to make it feasible", what, why, -lo), -lo);
    }

    /**
     * Powers p_k that meet every SINR limit with equality for unit directions {@code w} with the extra interference
     * {@code extra[k]} (the probing seen by user k; null for none): {@code p_k |g_kᴴw_k|²/γ_k − Σ_{i≠k} p_i
     * |g_kᴴw_i|² = 1 + extra_k}. Null when the solution is not positive (the limits cannot be met).
     */
    static double[] powers(double[][] g, double[][] w, double[] gamma, double[] extra) {
        int k = g.length;
        int d = g[0].length / 2;
        DMatrixRMaj a = new DMatrixRMaj(k, k);
        DMatrixRMaj b = new DMatrixRMaj(k, 1);
        double[] t = new double[2];
        for (int u = 0; u < k; u++) {
            for (int i = 0; i < k; i++) {
                Cx.dot(g[u], w[i], d, t);
                double m = t[0] * t[0] + t[1] * t[1];
                a.set(u, i, u == i ? m / gamma[u] : -m);
            }
            b.set(u, 0, 1 + (extra == null ? 0 : extra[u]));
        }
        DMatrixRMaj p = new DMatrixRMaj(k, 1);
        if (!CommonOps_DDRM.solve(a, b, p)) {
            return null;
        }
        for (int u = 0; u < k; u++) {
            if (!(p.get(u) > 0)) {
                return null;
            }
        }
        return p.data;
    }

    /**
     * Powers for the directions {@code dir} meeting every SINR limit with equality under the probing (its
     * interference {@code extra_k} and trace {@code probingTrace} at full scale), with the probing scaled by the
     * largest s ∈ [0, 1] (bisection) that keeps {@code Σ p_k + s tr R_d ≤ budget}. Returns p_1..p_K and s in the
     * last entry, or null when even s = 0 cannot meet the limits within the budget.
     */
    static double[] powersWithProbing(double[][] g, double[][] dir, double[] gamma, double[] extra,
                                      double probingTrace, double budget) {
        int k = g.length;
        double[] p = powers(g, dir, gamma, extra);
        double scale = 1;
        if (p == null || sum(p) + probingTrace > budget) {
            double[] none = powers(g, dir, gamma, null);
            if (none == null || sum(none) > budget) {
                return null;
            }
            double lo = 0;
            double hi = 1;
            double[] e = new double[k];
            for (int it = 0; it < 50; it++) {
                double mid = 0.5 * (lo + hi);
                for (int u = 0; u < k; u++) {
                    e[u] = extra[u] * mid;
                }
                double[] q = powers(g, dir, gamma, e);
                if (q != null && sum(q) + mid * probingTrace <= budget) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            scale = lo;
            for (int u = 0; u < k; u++) {
                e[u] = extra[u] * lo;
            }
            p = lo == 0 ? none : powers(g, dir, gamma, e);
        }
        double[] out = Arrays.copyOf(p, k + 1);
        out[k] = scale;
        return out;
    }

    private static double sum(double[] p) {
        double s = 0;
        for (double v : p) {
            s += v;
        }
        return s;
    }

    private static void buildSigma(double[][] g, double[] lambda, int d, double[] sigma) {
        Arrays.fill(sigma, 0);
        for (int i = 0; i < d; i++) {
            sigma[2 * (i * d + i)] = 1;
        }
        for (int u = 0; u < g.length; u++) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double ar = g[u][2 * i];
                    double ai = g[u][2 * i + 1];
                    double br = g[u][2 * j];
                    double bi = -g[u][2 * j + 1];
                    sigma[2 * (i * d + j)] += lambda[u] * (ar * br - ai * bi);
                    sigma[2 * (i * d + j) + 1] += lambda[u] * (ar * bi + ai * br);
                }
            }
        }
    }
}
