package org.nftb.methods.ispac.design;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.nftb.linalg.Cx;
import org.nftb.linalg.Herm;

import java.util.Arrays;

/*
 * Over 400 lines: one interior-point solver whose barrier, strictly feasible start and structured Newton system must
 * be read together (splitting them would spread one derivation over several files).
 */

/**
 * The convex subproblem of seed 003's downlink design for a fixed analog network (the SDR of eq. 38, with Q = F
 * R̃_x Fᴴ substituted, i.e. the PDD penalty term at zero violation): minimise {@code tr CRB(R̃_x)} over R̃_x = R_d +
 * Σ W_k with {@code W_k ⪰ 0}, {@code R_d ⪰ 0}, {@code (1 + 1/γ_k) g_kᴴ W_k g_k ≥ g_kᴴ R̃_x g_k + σ²} (eq. 38b) and
 * {@code tr R̃_x ≤ P} (eq. 38d), then the rank-one precoders of eq. 39 ({@code w_k = W_k g_k / √(g_kᴴ W_k g_k)},
 * R_d = R̃_x − Σ w_k w_kᴴ, which keeps every SINR and the objective).
 *
 * <p>Solver (the paper calls CVX): every quantity depends on the matrices only through quadratic forms on the
 * vectors u_0..u_2 (the CRB, {@link CrbForm}) and g_1..g_K (the SINRs) and through the trace, so projecting all
 * matrices onto {@code V = span{u, g}} (d ≤ K + 3 dimensions) keeps the objective and the SINR terms, lowers the
 * trace and keeps the PSD order: an optimum lies in that subspace, where a primal log-barrier interior-point method
 * (Newton steps with the exact Hessian through EJML's Cholesky, backtracking that stays strictly feasible, barrier
 * weight ×10 per stage until the duality-gap bound m/t is below 1e-7 of the objective) solves the d × d problem.
 * Powers are normalised by P and channels by σ. Checked against JOptimizer's barrier method in the tests.
 * The uplink design (Algorithm 4's problem for the AT's probing R_u, {@link UplinkDesign}) uses it with no users and
 * linear caps {@code v_jᴴ R v_j ≤ c_j} (the echo power the users' SINR limits tolerate), each one more log-barrier
 * term and one more low-rank column of the Newton system.
 * Allocates; not thread-safe (one instance per solve).
 */
final class CovarianceStep {
    record Result(double[][] w, double[] rd, double[] s, double objective, int newtonSteps) {
    }

    /** Relative duality-gap bound at which the barrier method stops. */
    static final double GAP = 1e-6;
    private final int d;
    private final int users;
    private final int np;
    private final int n;
    private final double[][] g;
    private final double[] gamma;
    private final CrbForm crb;
    private final double[][] lk = new double[CrbForm.PARAMS][];   // κ = L s (with the power scale)
    private final double[][] q;                                   // coefficients of g_kᴴ X g_k
    private final double fScale;
    private final double[][] capQ;                                // coefficients of v_jᴴ X v_j (units of P)
    private final double[] capLimit;

    /**
     * @param u     u_0..u_2 in design coordinates (d each)
     * @param g     the users' channels in design coordinates, divided by σ (noise 1)
     * @param gamma SINR limits (linear)
     * @param power P; the variables are in units of P
     */
    CovarianceStep(double[][] u, double[][] g, double[] gamma, double power, CrbForm crb, double fScale) {
        this(u, g, gamma, power, crb, fScale, new double[0][], new double[0]);
    }

    /**
     * With linear caps {@code v_jᴴ R v_j ≤ capLimit_j} (R in watts, v in design coordinates); caps only without users
     * (the start below makes the probing block alone strictly feasible).
     */
    CovarianceStep(double[][] u, double[][] g, double[] gamma, double power, CrbForm crb, double fScale,
                   double[][] capVectors, double[] capLimit) {
        if (capVectors.length > 0 && g.length > 0) {
            throw new IllegalArgumentException("covariance step: caps are supported only without users");
        }
        this.d = u[0].length / 2;
        this.users = g.length;
        this.np = d * d;
        this.n = (users + 1) * np;
        this.gamma = gamma;
        this.crb = crb;
        this.fScale = fScale;
        this.g = new double[users][];
        double sp = Math.sqrt(power);
        for (int k = 0; k < users; k++) {
            this.g[k] = g[k].clone();
            for (int i = 0; i < 2 * d; i++) {
                this.g[k][i] *= sp;
            }
        }
        double[] a = new double[2 * np];
        double[] re = new double[np];
        double[] im = new double[np];
        int p = 3;
        for (int x = 0; x < 3; x++) {
            for (int y = x; y < 3; y++) {
                Herm.outer(u[y], u[x], d, a);                 // K_xy = u_xᴴ S u_y = tr(u_y u_xᴴ S)
                Herm.traceCoefficients(a, d, re, im);
                if (x == y) {
                    lk[x] = scaled(re, power);
                } else {
                    lk[p] = scaled(re, power);
                    lk[p + 1] = scaled(im, power);
                    p += 2;
                }
            }
        }
        q = new double[users][];
        for (int k = 0; k < users; k++) {
            Herm.outer(this.g[k], this.g[k], d, a);
            Herm.traceCoefficients(a, d, re, im);
            q[k] = re.clone();
        }
        this.capQ = new double[capVectors.length][];
        this.capLimit = new double[capVectors.length];
        double[] v = new double[2 * d];
        for (int j = 0; j < capVectors.length; j++) {
            for (int i = 0; i < 2 * d; i++) {
                v[i] = capVectors[j][i] * sp;
            }
            Herm.outer(v, v, d, a);
            Herm.traceCoefficients(a, d, re, im);
            capQ[j] = re.clone();
            this.capLimit[j] = capLimit[j] / power;
            if (!(this.capLimit[j] > 0)) {
                throw new IllegalArgumentException("covariance step: cap " + j + " is " + capLimit[j]
                        + ", not positive (no strictly feasible point)");
            }
        }
    }

    private static double[] scaled(double[] x, double s) {
        double[] o = x.clone();
        for (int i = 0; i < o.length; i++) {
            o[i] *= s;
        }
        return o;
    }

    /**
     * Solves from the least-power precoders ({@link MinPower#require}: a {@link DesignInfeasibleException} names
     * the gap when the SINR limits and the budget cannot both be met; {@code what} names the design in it).
     */
    Result solve(String what) {
        MinPower.Solution mp = users == 0 ? new MinPower.Solution(new double[0][], 0)
                : MinPower.require(g, gamma, d, what);
        double[] x = start(mp.w(), mp.power());
        int m = (users + 1) * d + 1 + users + capQ.length;
        double f = objective(x);
        double t = m / f;
        int steps = 0;
        for (int stage = 0; stage < 40; stage++) {
            steps += centre(x, t);
            f = objective(x);
            if (m / t < GAP * f) {
                break;
            }
            t *= 50;
        }
        return finish(x, f * fScale, steps);
    }

    /** The scaled objective tr CRB / fScale at x. */
    double objective(double[] x) {
        return crb.value(kappa(sumBlocks(x)), null, null) / fScale;
    }

    /**
     * A strictly feasible start: {@code Z_k = c w_k w_kᴴ + δ₂ I} (c &gt; 1 lifts every SINR above its limit, by (c − 1)
     * times the noise), {@code R_d = δ₁ P⊥ + δ₂ P_g} with P_g the projector on the users' channels (so the probing
     * that fills the rest of the budget does not reach the users) and a small δ₂ that keeps every block definite.
     */
    private double[] start(double[][] w0, double p0) {
        double c = Math.min(4, 0.5 * (1 + 1 / p0));                  // c p0 ≤ (1 + p0)/2 < 1
        double gmax = 0;
        for (double[] gk : g) {
            gmax = Math.max(gmax, Cx.norm2(gk, d));
        }
        double room = 1 - c * p0;
        double delta2 = Math.min((c - 1) / (4 * gmax * (users + 1)), room / (4.0 * (users + 1) * d));
        double delta1 = room / (2.0 * d);
        for (int j = 0; j < capQ.length; j++) {                       // caps (no users): half of each limit
            double vv = 0;
            for (int i = 0; i < d; i++) {
                vv += capQ[j][i];
            }
            delta1 = Math.min(delta1, 0.5 * capLimit[j] / vv);
        }
        double[][] ob = Herm.orthonormalBasis(g, d);                  // projector on span{g}
        int m = ob.length;
        double[] x = new double[n];
        double[] a = new double[2 * np];
        double[] z = new double[np];
        double[] rdm = new double[2 * np];
        for (int i = 0; i < d; i++) {
            rdm[2 * (i * d + i)] = delta1;
        }
        for (int b = 0; b < m; b++) {
            Herm.outer(ob[b], ob[b], d, a);
            for (int i = 0; i < 2 * np; i++) {
                rdm[i] += (delta2 - delta1) * a[i];
            }
        }
        Herm.fromMatrix(rdm, d, x, 0);
        for (int k = 0; k < users; k++) {
            double[] w = w0[k].clone();
            for (int i = 0; i < 2 * d; i++) {
                w[i] *= Math.sqrt(c);
            }
            Herm.outer(w, w, d, a);
            Herm.fromMatrix(a, d, z, 0);
            for (int i = 0; i < d; i++) {
                z[i] += delta2;
            }
            System.arraycopy(z, 0, x, (k + 1) * np, np);
        }
        return x;
    }

    private double[] sumBlocks(double[] x) {
        double[] s = new double[np];
        for (int b = 0; b <= users; b++) {
            for (int i = 0; i < np; i++) {
                s[i] += x[b * np + i];
            }
        }
        return s;
    }

    private double[] kappa(double[] s) {
        double[] k = new double[CrbForm.PARAMS];
        for (int p = 0; p < CrbForm.PARAMS; p++) {
            k[p] = dot(lk[p], s);
        }
        return k;
    }

    private static double dot(double[] a, double[] b) {
        double v = 0;
        for (int i = 0; i < a.length; i++) {
            v += a[i] * b[i];
        }
        return v;
    }

    /** SINR slack c_k (eq. 38b, noise 1) of user k at x. */
    private double slack(double[] x, double[] s, int k) {
        double zk = dot(q[k], Arrays.copyOfRange(x, (k + 1) * np, (k + 2) * np));
        return (1 + 1 / gamma[k]) * zk - dot(q[k], s) - 1;
    }

    /**
     * The barrier function {@code t f − Σ log det − log(1 − tr S) − Σ log c_k}. With {@code grad} not null also its
     * gradient and its Hessian in the structured form {@code H = blockdiag(B_b) + U Uᵀ}: B_b the log-det Hessians of
     * the K + 1 blocks (applied inverted in closed form, {@link Herm#solveLogDetHessian}), U (n × r, r ≤ 10 + K, into {@code lowRank}) the factor of the common
     * part (t Lᵀ∇²f L plus the power term, repeated over the blocks since S is their sum) and of the SINR terms
     * (∇c_k / c_k). Returns the rank r (value only: 0).
     */
    private double barrier(double[] x, double t, double[] grad, double[][] lowRank, int[] rank) {
        double[] s = sumBlocks(x);
        double tr = 0;
        for (int i = 0; i < d; i++) {
            tr += s[i];
        }
        if (!(tr < 1)) {
            return Double.POSITIVE_INFINITY;
        }
        double[] c = new double[users];
        for (int k = 0; k < users; k++) {
            c[k] = slack(x, s, k);
            if (!(c[k] > 0)) {
                return Double.POSITIVE_INFINITY;
            }
        }
        double[] cc = new double[capQ.length];
        double v = 0;
        for (int j = 0; j < capQ.length; j++) {
            cc[j] = capLimit[j] - dot(capQ[j], s);
            if (!(cc[j] > 0)) {
                return Double.POSITIVE_INFINITY;
            }
            v -= Math.log(cc[j]);
        }
        for (int b = 0; b <= users; b++) {
            v += Herm.logDetBarrier(x, b * np, d, grad);
            if (v == Double.POSITIVE_INFINITY) {
                return v;
            }
        }
        double[] gk = grad == null ? null : new double[CrbForm.PARAMS];
        double[] hk = grad == null ? null : new double[CrbForm.PARAMS * CrbForm.PARAMS];
        double f = crb.value(kappa(s), gk, hk) / fScale;
        if (f == Double.POSITIVE_INFINITY) {
            return f;
        }
        v += t * f - Math.log(1 - tr);
        for (int k = 0; k < users; k++) {
            v -= Math.log(c[k]);
        }
        if (grad == null) {
            return v;
        }
        double[] gs = commonGradient(t, tr, gk, cc, lowRank);
        rank[0] = lowRankFactor(t, tr, hk, c, gs, grad, lowRank);
        return v;
    }

    /**
     * The barrier's gradient with respect to S (common to every block, since S is their sum):
     * {@code t Lᵀ∇f + ∇tr / (1 − tr)} plus each cap's {@code q_j / c_j}, whose columns it also writes into
     * {@code lowRank} (at the caps' places, after the CRB, power and SINR columns).
     */
    private double[] commonGradient(double t, double tr, double[] gk, double[] cc, double[][] lowRank) {
        double[] gs = new double[np];
        for (int p = 0; p < CrbForm.PARAMS; p++) {
            for (int i = 0; i < np; i++) {
                gs[i] += t * gk[p] / fScale * lk[p][i];
            }
        }
        for (int i = 0; i < d; i++) {
            gs[i] += 1 / (1 - tr);
        }
        for (int j = 0; j < capQ.length; j++) {                       // caps: −log(c_j − q_j·s)
            double[] col = lowRank[CrbForm.PARAMS + 1 + users + j];
            Arrays.fill(col, 0);
            for (int i = 0; i < np; i++) {
                gs[i] += capQ[j][i] / cc[j];
                for (int b = 0; b <= users; b++) {
                    col[b * np + i] = capQ[j][i] / cc[j];
                }
            }
        }
        return gs;
    }

    /**
     * The low-rank factor U of the barrier's Hessian (see {@link #barrier}) into {@code lowRank}, and the rest of the
     * gradient into {@code grad} (the common part {@code gs} on every block, the SINR terms); returns the rank.
     */
    private int lowRankFactor(double t, double tr, double[] hk, double[] c, double[] gs, double[] grad,
                              double[][] lowRank) {
        int r = 0;
        // ∇²f (9 × 9, PSD: f is convex in κ) = Σ λ e eᵀ; column √(tλ/fScale) Lᵀe, repeated over the blocks
        DMatrixRMaj hm = new DMatrixRMaj(CrbForm.PARAMS, CrbForm.PARAMS, true, hk);
        var eig = DecompositionFactory_DDRM.eig(CrbForm.PARAMS, true, true);
        if (!eig.decompose(hm)) {
            throw new IllegalStateException("transmit design: eigendecomposition of the CRB Hessian failed");
        }
        for (int e = 0; e < CrbForm.PARAMS; e++) {
            double lam = eig.getEigenvalue(e).real;
            if (!(lam > 0)) {
                continue;
            }
            DMatrixRMaj ev = eig.getEigenVector(e);
            double sc = Math.sqrt(t * lam / fScale);
            double[] col = lowRank[r++];
            Arrays.fill(col, 0);
            for (int i = 0; i < np; i++) {
                double val = 0;
                for (int p = 0; p < CrbForm.PARAMS; p++) {
                    val += lk[p][i] * ev.get(p);
                }
                for (int b = 0; b <= users; b++) {
                    col[b * np + i] = sc * val;
                }
            }
        }
        double[] pc = lowRank[r++];                                   // power term: ∇tr ∇trᵀ / (1 − tr)²
        Arrays.fill(pc, 0);
        for (int b = 0; b <= users; b++) {
            for (int i = 0; i < d; i++) {
                pc[b * np + i] = 1 / (1 - tr);
            }
        }
        for (int b = 0; b <= users; b++) {
            for (int i = 0; i < np; i++) {
                grad[b * np + i] += gs[i];
            }
        }
        for (int k = 0; k < users; k++) {                             // SINR terms: ∇c_k over every block
            double[] col = lowRank[r++];
            for (int b = 0; b <= users; b++) {
                for (int i = 0; i < np; i++) {
                    double dc = -q[k][i] + (b == k + 1 ? (1 + 1 / gamma[k]) * q[k][i] : 0);
                    grad[b * np + i] -= dc / c[k];
                    col[b * np + i] = dc / c[k];
                }
            }
        }
        for (int j = 0; j < capQ.length; j++) {
            double[] col = lowRank[CrbForm.PARAMS + 1 + users + j];
            if (r != CrbForm.PARAMS + 1 + users + j) {
                System.arraycopy(col, 0, lowRank[r], 0, n);
            }
            r++;
        }
        return r;
    }

    /**
     * Newton's method on the barrier at weight t; the Newton system {@code (B + UUᵀ) Δ = −g} is solved by the
     * Woodbury identity (the blocks inverted in closed form, Cholesky of the r × r capacitance matrix). Returns the steps.
     */
    private int centre(double[] x, double t) {
        double[][] lowRank = new double[CrbForm.PARAMS + 1 + users + capQ.length][n];
        int[] rank = new int[1];
        double[] grad = new double[n];
        double[] trial = new double[n];
        double[] step = new double[n];
        for (int it = 0; it < 200; it++) {
            Arrays.fill(grad, 0);
            double v = barrier(x, t, grad, lowRank, rank);
            int r = rank[0];
            // B⁻¹ [−g, U] block by block (closed form: the inverse log-det Hessian is V = X A X)
            double[][] binv = new double[1 + r][n];
            double[] rb = new double[np];
            double[] ob = new double[np];
            for (int b = 0; b <= users; b++) {
                for (int j = 0; j <= r; j++) {
                    for (int i = 0; i < np; i++) {
                        rb[i] = j == 0 ? -grad[b * np + i] : lowRank[j - 1][b * np + i];
                    }
                    Herm.solveLogDetHessian(x, b * np, d, rb, ob);
                    System.arraycopy(ob, 0, binv[j], b * np, np);
                }
            }
            // capacitance C = I + Uᵀ B⁻¹ U; Δ = B⁻¹(−g) − B⁻¹U C⁻¹ Uᵀ B⁻¹(−g)
            DMatrixRMaj cap = new DMatrixRMaj(r, r);
            DMatrixRMaj cr = new DMatrixRMaj(r, 1);
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < r; j++) {
                    cap.set(i, j, (i == j ? 1 : 0) + dot(lowRank[i], binv[1 + j]));
                }
                cr.set(i, 0, dot(lowRank[i], binv[0]));
            }
            DMatrixRMaj y = new DMatrixRMaj(r, 1);
            if (r > 0 && !CommonOps_DDRM.solveSPD(cap.copy(), cr, y)
                    && !CommonOps_DDRM.solve(cap, cr, y)) {
                return it;                     // numerically singular (a barrier term ~1e±15): x stays feasible
            }
            for (int i = 0; i < n; i++) {
                double val = binv[0][i];
                for (int j = 0; j < r; j++) {
                    val -= binv[1 + j][i] * y.get(j);
                }
                step[i] = val;
            }
            double dec = -dot(grad, step);                           // λ² (Newton decrement squared)
            if (dec / 2 < 1e-9) {
                return it;
            }
            double alpha = 1;
            while (alpha > 1e-12) {
                for (int i = 0; i < n; i++) {
                    trial[i] = x[i] + alpha * step[i];
                }
                if (barrier(trial, t, null, null, null) <= v - 0.25 * alpha * dec) {
                    break;
                }
                alpha *= 0.5;
            }
            if (alpha <= 1e-12) {
                return it;
            }
            System.arraycopy(trial, 0, x, 0, n);
        }
        return 200;
    }

    /** Eq. 39: rank-one precoders from the W_k, R_d from the rest; all in units of P. */
    private Result finish(double[] x, double objective, int steps) {
        double[] s = new double[2 * np];
        Herm.toMatrix(sumBlocks(x), 0, d, s);
        double[][] w = new double[users][2 * d];
        double[] rd = s.clone();
        double[] zk = new double[2 * np];
        double[] t = new double[2];
        for (int k = 0; k < users; k++) {
            Herm.toMatrix(x, (k + 1) * np, d, zk);
            Cx.mul(zk, g[k], d, d, 1, w[k]);
            Cx.dot(g[k], w[k], d, t);
            double sc = 1 / Math.sqrt(t[0]);
            for (int i = 0; i < 2 * d; i++) {
                w[k][i] *= sc;
            }
            Herm.outer(w[k], w[k], d, zk);
            for (int i = 0; i < 2 * np; i++) {
                rd[i] -= zk[i];
            }
        }
        return new Result(w, rd, s, objective, steps);
    }
}
