package org.nftb.methods.ispac.design;

import org.nftb.bound.IspacCrb;
import org.nftb.linalg.Cx;
import org.nftb.linalg.Herm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The iterate of {@link UplinkDesign}: the MT's analog phases (the combiner F) and the AT's probing covariance R_u
 * (watts), with the two block updates of Algorithm 6, the objective {@code tr CRB} (eq. 52, Appendix B) evaluated
 * from the MT forms {@code z_{i'}ᴴ z_i} (z = Fᴴ α, α = a, ∂a/∂θ, ∂a/∂r) and the AT forms {@code u_jᴴ R_u u_{j'}}
 * (u = β*, β = b and its derivatives), and the users' SINRs (eq. 17) with their best (MMSE) digital combiners.
 * Channels and the echo are held divided by σ_u (noise 1). Not thread-safe.
 */
final class UplinkState {
    private final UplinkProblem pr;
    private final int na;
    private final int nb;
    private final int nrf;
    private final int users;
    private final double[][] alpha = new double[3][];
    private final double[][] atU = new double[3][];
    private final double[][] hScaled;
    private final double[] aScaled;
    private final double[] phases;
    private double[] ru;
    private double lastStep = 0.1;

    UplinkState(UplinkProblem pr, int chains, double[] phases) {
        this.pr = pr;
        this.na = pr.model().mtCount();
        this.nb = pr.model().atCount();
        this.nrf = chains;
        this.users = pr.users();
        this.phases = phases.clone();
        double[][] be = new double[3][2 * nb];
        for (int a = 0; a < 3; a++) {
            alpha[a] = new double[2 * na];
        }
        pr.model().mtSteering(pr.angleRad(), pr.rangeM(), alpha[0], alpha[1], alpha[2]);
        pr.model().atSteering(pr.angleRad(), pr.rangeM(), be[0], be[1], be[2]);
        for (int a = 0; a < 3; a++) {
            atU[a] = new double[2 * nb];
            Cx.conj(be[a], nb, atU[a]);
        }
        double sn = Math.sqrt(pr.noise());
        hScaled = new double[users][2 * na];
        for (int k = 0; k < users; k++) {
            for (int i = 0; i < 2 * na; i++) {
                hScaled[k][i] = pr.channels()[k][i] * Math.sqrt(pr.userPower()) / sn;
            }
        }
        aScaled = new double[2 * na];
        for (int i = 0; i < 2 * na; i++) {
            aScaled[i] = alpha[0][i] * pr.betaAbs() / sn;
        }
        this.ru = new double[2 * nb * nb];
        for (int i = 0; i < nb; i++) {
            ru[2 * (i * nb + i)] = pr.probingBudget() / nb;
        }
    }

    HybridArray analog() {
        return HybridArray.ofPhases(phases, nrf);
    }

    double[] phases() {
        return phases.clone();
    }

    double[] probing() {
        return ru.clone();
    }

    /** {@code ka[i][i'] = z_{i'}ᴴ z_i}, z = Fᴴ α (IspacCrb's uplink MT forms). */
    double[][][] mtForms(HybridArray f) {
        double[][] z = new double[3][2 * f.chains()];
        for (int a = 0; a < 3; a++) {
            f.adjointTimes(alpha[a], z[a]);
        }
        double[][][] ka = new double[3][3][2];
        for (int i = 0; i < 3; i++) {
            for (int i2 = 0; i2 < 3; i2++) {
                Cx.dot(z[i2], z[i], f.chains(), ka[i][i2]);
            }
        }
        return ka;
    }

    /** {@code kb[j][j'] = β_jᵀ R_u β_{j'}* = u_jᴴ R_u u_{j'}}. */
    double[][][] atForms(double[] r) {
        double[][][] kb = new double[3][3][2];
        for (int j = 0; j < 3; j++) {
            for (int j2 = 0; j2 < 3; j2++) {
                Cx.form(atU[j], r, atU[j2], nb, kb[j][j2]);
            }
        }
        return kb;
    }

    /** tr CRB(θ, r) from the two sets of forms; +∞ when the information is singular. */
    double objective(double[][][] ka, double[][][] kb) {
        double[] crb = IspacCrb.schur(IspacCrb.downlinkFisherOfForms(ka, kb, pr.betaAbs(), pr.noise(),
                pr.snapshots()));                                        // the same bilinear form (IspacCrb.fisher)
        double v = crb[0] + crb[3];
        return crb[0] > 0 && crb[3] > 0 && Double.isFinite(v) ? v : Double.POSITIVE_INFINITY;
    }

    double objective() {
        return objective(mtForms(analog()), atForms(ru));
    }

    /** The echo power {@code bᵀ R_u b*} (watts) the users' SINRs see through |β| a (eq. 18). */
    double echoPower(double[] r) {
        double[] t = new double[2];
        Cx.form(atU[0], r, atU[0], nb, t);
        return t[0];
    }

    /**
     * The users' SINRs (linear, eq. 17) with MMSE combiners at echo power e: with {@code R = I + Σ h̃_i h̃_iᴴ + e ã ãᴴ}
     * (everything through Fᴴ, noise 1) and {@code q_k = h̃_kᴴ R⁻¹ h̃_k}, SINR_k = q_k / (1 − q_k). Combiners
     * (R⁻¹h̃_k, unit norm) into {@code w} when not null.
     */
    double[] sinr(HybridArray f, double e, double[][] w) {
        int d = f.chains();
        double[][] ht = combined(f);
        double[] at = ht[users];
        double[] r = new double[2 * d * d];
        for (int i = 0; i < d; i++) {
            r[2 * (i * d + i)] = 1;
        }
        double[] o = new double[2 * d * d];
        for (int k = 0; k < users; k++) {
            Herm.outer(ht[k], ht[k], d, o);
            add(r, o, 1);
        }
        Herm.outer(at, at, d, o);
        add(r, o, e);
        double[] l = new double[2 * d * d];
        if (!Herm.cholesky(r, d, l)) {
            throw new IllegalStateException("uplink design: interference covariance not positive definite");
        }
        double[] out = new double[users];
        double[] z = new double[2 * d];
        double[] t = new double[2];
        for (int k = 0; k < users; k++) {
            Herm.cholSolve(l, d, ht[k], z);
            Cx.dot(ht[k], z, d, t);
            out[k] = t[0] / (1 - t[0]);
            if (w != null) {
                double n = Math.sqrt(Cx.norm2(z, d));
                w[k] = new double[2 * d];
                for (int i = 0; i < 2 * d; i++) {
                    w[k][i] = z[i] / n;
                }
            }
        }
        return out;
    }

    /** {@code Fᴴ} of the scaled user channels (rows 0..K−1) and of the scaled echo direction |β| a / σ (row K). */
    private double[][] combined(HybridArray f) {
        double[][] out = new double[users + 1][2 * f.chains()];
        for (int k = 0; k < users; k++) {
            f.adjointTimes(hScaled[k], out[k]);
        }
        f.adjointTimes(aScaled, out[users]);
        return out;
    }

    private static void add(double[] r, double[] o, double s) {
        for (int i = 0; i < r.length; i++) {
            r[i] += s * o[i];
        }
    }

    /**
     * The largest echo power every user tolerates at its limit: SINR_k(e) = s0 − e x / (1 + e y) (Sherman-Morrison
     * on {@code A_k + e ã ãᴴ}, A_k = I + Σ_{i≠k} h̃_i h̃_iᴴ) is decreasing in e, so SINR_k ≥ γ_k ⟺ e ≤
     * (s0 − γ)/(x − (s0 − γ) y) (no limit when the denominator is ≤ 0). A {@link DesignInfeasibleException} names the
     * user and the shortfall when a user misses its limit with the AT silent.
     */
    double echoCap(HybridArray f, String what) {
        int d = f.chains();
        double[][] ht = combined(f);
        double[] at = ht[users];
        double cap = Double.POSITIVE_INFINITY;
        double worst = 0;
        int worstUser = -1;
        double[] o = new double[2 * d * d];
        double[] l = new double[2 * d * d];
        double[] zh = new double[2 * d];
        double[] za = new double[2 * d];
        double[] t = new double[2];
        for (int k = 0; k < users; k++) {
            double[] a = new double[2 * d * d];
            for (int i = 0; i < d; i++) {
                a[2 * (i * d + i)] = 1;
            }
            for (int i = 0; i < users; i++) {
                if (i != k) {
                    Herm.outer(ht[i], ht[i], d, o);
                    add(a, o, 1);
                }
            }
            Herm.cholesky(a, d, l);
            Herm.cholSolve(l, d, ht[k], zh);
            Herm.cholSolve(l, d, at, za);
            Cx.dot(ht[k], zh, d, t);
            double s0 = t[0];
            Cx.dot(ht[k], za, d, t);
            double x = t[0] * t[0] + t[1] * t[1];
            Cx.dot(at, za, d, t);
            double y = t[0];
            double g = pr.gamma(k);
            if (s0 < g) {
                double gap = 10 * Math.log10(g / s0);
                if (gap > worst) {
                    worst = gap;
                    worstUser = k;
                }
                continue;
            }
            double den = x - (s0 - g) * y;
            if (den > 0) {
                cap = Math.min(cap, (s0 - g) / den);
            }
        }
        if (worstUser >= 0) {
            throw new DesignInfeasibleException(String.format(Locale.ROOT, "%s: user %d reaches only "
                    + "%.2f dB SINR with the AT silent (best combiner), %.2f dB short of its %.2f dB limit; lower "
                    + "the limits by %.2f dB (or add RF chains)", what, worstUser,
                    pr.sinrDb()[worstUser] - worst, worst, pr.sinrDb()[worstUser], worst), worst);
        }
        return cap;                                  // watts of bᵀR_u b* (ã carries |β|/σ_u)
    }

    /**
     * Algorithm 4's subproblem for fixed F, exactly: with the MMSE combiners the SINR limits say only
     * {@code bᵀ R_u b* ≤ echoCap}, so problem 56 is {@code min tr CRB(R_u)} s.t. tr R_u ≤ P_s, R_u ⪰ 0 and that one
     * linear cap, convex; an optimum lies in the span of β* and its two derivatives ({@link CovarianceStep} with a cap).
     * Keeps the incoming R_u when the new one is not better.
     */
    double covarianceStep(String what, double incoming) {
        HybridArray f = analog();
        double cap = echoCap(f, what);
        double[][] basis = Herm.orthonormalBasis(atU, nb);
        double[][] ur = Herm.coordinates(atU, basis, nb);
        double[][][] ka = mtForms(f);
        CrbForm crb = new CrbForm(ka, pr.betaAbs(), pr.noise(), pr.snapshots());
        double[] white = new double[2 * nb * nb];
        double wp = Math.min(pr.probingBudget(), 0.5 * cap / Cx.norm2(atU[0], nb)) / nb;
        for (int i = 0; i < nb; i++) {
            white[2 * (i * nb + i)] = wp;
        }
        double scale = objective(ka, atForms(white));
        boolean capped = Double.isFinite(cap);
        CovarianceStep cs = new CovarianceStep(ur, new double[0][], new double[0], pr.probingBudget(), crb,
                Double.isFinite(scale) ? scale : 1, capped ? new double[][]{ur[0]} : new double[0][],
                capped ? new double[]{cap} : new double[0]);
        CovarianceStep.Result res = cs.solve(what);
        return accept(expand(res.rd(), basis, basis.length), incoming);
    }

    private double accept(double[] candidate, double incoming) {
        double f = objective(mtForms(analog()), atForms(candidate));
        if (f <= incoming) {
            ru = candidate;
            return f;
        }
        return incoming;
    }

    /** {@code P_s B S Bᴴ} back to N_b × N_b (S: d × d complex, units of P_s). */
    private double[] expand(double[] sm, double[][] basis, int d) {
        double[] out = new double[2 * nb * nb];
        double p = pr.probingBudget();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double sr = sm[2 * (i * d + j)] * p;
                double si = sm[2 * (i * d + j) + 1] * p;
                for (int m = 0; m < nb; m++) {
                    double ar = sr * basis[i][2 * m] - si * basis[i][2 * m + 1];
                    double ai = sr * basis[i][2 * m + 1] + si * basis[i][2 * m];
                    for (int n = 0; n < nb; n++) {
                        double br = basis[j][2 * n];
                        double bi = -basis[j][2 * n + 1];
                        out[2 * (m * nb + n)] += ar * br - ai * bi;
                        out[2 * (m * nb + n) + 1] += ar * bi + ai * br;
                    }
                }
            }
        }
        return out;
    }

    /**
     * The analog block for fixed R_u (Algorithm 5's role): descent on the phases (|f_n| = 1 by construction) along
     * the gradient of tr CRB, projected onto the tangent of the SINR limits within 0.3 dB of binding (so to first
     * order they stay met), with backtracking that accepts a step only when the objective decreases and every user
     * still meets its limit with its MMSE combiner at the current echo power. Gradients by central differences
     * (2 N_a evaluations of O(N_a) forms; the SINRs' by forward differences, one Cholesky of N_RF × N_RF each).
     * Deviation, stated in {@link UplinkDesign}: not the paper's PDD with an N_a × N_a SDP.
     */
    double analogStep(int iterations, double incoming) {
        double e = echoPower(ru);
        double[][][] kb = atForms(ru);
        double[] gamma = new double[users];
        for (int k = 0; k < users; k++) {
            gamma[k] = pr.gamma(k);
        }
        double f = incoming;
        double[] trial = new double[na];
        for (int it = 0; it < iterations; it++) {
            double[] grad = new double[na];
            double h = 1e-6;
            for (int n = 0; n < na; n++) {
                double p0 = phases[n];
                phases[n] = p0 + h;
                double fp = objective(mtForms(analog()), kb);
                phases[n] = p0 - h;
                double fm = objective(mtForms(analog()), kb);
                phases[n] = p0;
                grad[n] = (fp - fm) / (2 * h);
            }
            double[] s0 = sinr(analog(), e, null);
            List<double[]> active = new ArrayList<>();
            for (int k = 0; k < users; k++) {
                if (10 * Math.log10(s0[k] / gamma[k]) < 0.3) {
                    double[] gk = new double[na];
                    for (int n = 0; n < na; n++) {
                        double p0 = phases[n];
                        phases[n] = p0 + h;
                        gk[n] = (sinr(analog(), e, null)[k] - s0[k]) / h;
                        phases[n] = p0;
                    }
                    active.add(gk);
                }
            }
            double[] dir = new double[na];
            for (int n = 0; n < na; n++) {
                dir[n] = -grad[n];
            }
            UplinkDesign.project(dir, active);
            double mx = 0;
            for (double v : dir) {
                mx = Math.max(mx, Math.abs(v));
            }
            if (!(mx > 0)) {
                break;
            }
            double t = Math.min(2 * lastStep, 0.5);
            boolean moved = false;
            while (t > 1e-5) {
                for (int n = 0; n < na; n++) {
                    trial[n] = phases[n] + t * dir[n] / mx;
                }
                HybridArray ft = HybridArray.ofPhases(trial, nrf);
                double ftv = objective(mtForms(ft), kb);
                if (ftv < f && UplinkDesign.meets(sinr(ft, e, null), gamma)) {
                    System.arraycopy(trial, 0, phases, 0, na);
                    lastStep = t;
                    moved = f - ftv > 1e-6 * f;
                    f = ftv;
                    break;
                }
                t *= 0.5;
            }
            if (!moved) {
                break;
            }
        }
        return f;
    }
}
