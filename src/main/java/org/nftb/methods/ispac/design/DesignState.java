package org.nftb.methods.ispac.design;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.nftb.linalg.Cx;

import java.util.List;
import org.nftb.linalg.Herm;

/**
 * The iterate of {@link DownlinkDesign}: the analog phases, the precoders w_k (N_RF each) and R_d, with the two
 * block updates of Algorithm 2 and the objective {@code tr CRB} evaluated directly from {@code K_ab = u_aᴴ R̃_x u_b},
 * {@code u_a = Fᴴ α_a*} (α = a, ∂a/∂θ, ∂a/∂r at the target). Powers in watts, channels divided by σ_0 (noise 1).
 * Not thread-safe.
 */
final class DesignState {
    private final DownlinkProblem pr;
    private final int na;
    private final int nrf;
    private final int users;
    private final double[][] alphaConj = new double[3][];
    private final CrbForm crb;
    private final double fScale;
    private final double[] phases;
    private double[][] w;
    private double[] rd;
    private double lastStep = 0.075;

    DesignState(DownlinkProblem pr, int chains, double[] phases) {
        this.pr = pr;
        this.na = pr.model().mtCount();
        this.nrf = chains;
        this.users = pr.users();
        this.phases = phases.clone();
        double[][] al = new double[3][2 * na];
        pr.model().mtSteering(pr.angleRad(), pr.rangeM(), al[0], al[1], al[2]);
        for (int a = 0; a < 3; a++) {
            alphaConj[a] = new double[2 * na];
            Cx.conj(al[a], na, alphaConj[a]);
        }
        this.crb = CrbForm.downlink(pr.model(), pr.angleRad(), pr.rangeM(), pr.betaAbs(), pr.sensingNoise(),
                pr.snapshots());
        this.w = new double[users][2 * nrf];
        this.rd = new double[2 * nrf * nrf];
        for (int i = 0; i < nrf; i++) {
            rd[2 * (i * nrf + i)] = pr.powerBudget() / nrf;
        }
        double[][] u = sensingVectors();
        double s = objectiveOf(u, totalCov());
        this.fScale = Double.isFinite(s) ? s : 1;
        this.w = new double[users][2 * nrf];
    }

    HybridArray analog() {
        return HybridArray.ofPhases(phases, nrf);
    }

    private double[][] sensingVectors() {
        HybridArray f = analog();
        double[][] u = new double[3][2 * nrf];
        for (int a = 0; a < 3; a++) {
            f.adjointTimes(alphaConj[a], u[a]);
        }
        return u;
    }

    private double[][] userVectors() {
        return userVectors(pr, analog(), 1);
    }

    /** The users' design-space channels {@code g_k = √scale Fᴴ h_k* / σ_0} (noise 1). */
    static double[][] userVectors(DownlinkProblem pr, HybridArray f, double scale) {
        int users = pr.users();
        int nrf = f.chains();
        int na = f.elements();
        double[][] g = new double[users][2 * nrf];
        double[] hc = new double[2 * na];
        double s = Math.sqrt(scale / pr.userNoise());
        for (int k = 0; k < users; k++) {
            Cx.conj(pr.channels()[k], na, hc);
            f.adjointTimes(hc, g[k]);
            for (int i = 0; i < 2 * nrf; i++) {
                g[k][i] *= s;
            }
        }
        return g;
    }

    private double[] totalCov() {
        double[] r = rd.clone();
        for (double[] wk : w) {
            addOuter(r, wk, 1);
        }
        return r;
    }

    private void addOuter(double[] r, double[] v, double scale) {
        for (int i = 0; i < nrf; i++) {
            for (int j = 0; j < nrf; j++) {
                r[2 * (i * nrf + j)] += scale * (v[2 * i] * v[2 * j] + v[2 * i + 1] * v[2 * j + 1]);
                r[2 * (i * nrf + j) + 1] += scale * (v[2 * i + 1] * v[2 * j] - v[2 * i] * v[2 * j + 1]);
            }
        }
    }

    private double[] kappa(double[][] u, double[] r) {
        double[] k = new double[CrbForm.PARAMS];
        double[] t = new double[2];
        int p = 3;
        for (int a = 0; a < 3; a++) {
            for (int b = a; b < 3; b++) {
                Cx.form(u[a], r, u[b], nrf, t);
                if (a == b) {
                    k[a] = t[0];
                } else {
                    k[p++] = t[0];
                    k[p++] = t[1];
                }
            }
        }
        return k;
    }

    private double objectiveOf(double[][] u, double[] r) {
        return crb.value(kappa(u, r), null, null);
    }

    double objective() {
        return objectiveOf(sensingVectors(), totalCov());
    }

    /** The covariance block (eqs. 38-39); keeps the incoming point when the new one is not better. */
    double covarianceStep(String what, double incoming) {
        double[][] u = sensingVectors();
        double[][] g = userVectors();
        double[][] all = new double[3 + users][];                    // the subspace span{u, g}
        System.arraycopy(u, 0, all, 0, 3);
        System.arraycopy(g, 0, all, 3, users);
        double[][] basis = Herm.orthonormalBasis(all, nrf);
        int d = basis.length;
        double[][] ur = Herm.coordinates(u, basis, nrf);
        double[][] gr = Herm.coordinates(g, basis, nrf);
        double[] gamma = new double[users];
        for (int k = 0; k < users; k++) {
            gamma[k] = pr.gamma(k);
        }
        CovarianceStep.Result res = new CovarianceStep(ur, gr, gamma, pr.powerBudget(), crb, fScale).solve(what);
        double sp = Math.sqrt(pr.powerBudget());
        double[][] nw = new double[users][2 * nrf];
        for (int k = 0; k < users; k++) {
            Herm.expand(res.w()[k], basis, nrf, sp, nw[k]);
        }
        double[] nrd = new double[2 * nrf * nrf];
        double[] ev = new double[d];
        double[] vec = new double[2 * d * d];
        Cx.eigh(res.rd(), d, ev, vec);
        double[] col = new double[2 * d];
        double[] full = new double[2 * nrf];
        for (int c = 0; c < d; c++) {
            if (ev[c] <= 0) {
                continue;                                            // rounding below zero: dropped
            }
            for (int i = 0; i < d; i++) {
                col[2 * i] = vec[2 * (i * d + c)];
                col[2 * i + 1] = vec[2 * (i * d + c) + 1];
            }
            Herm.expand(col, basis, nrf, Math.sqrt(ev[c] * pr.powerBudget()), full);
            addOuter(nrd, full, 1);
        }
        double[][] oldW = w;
        double[] oldRd = rd;
        w = nw;
        rd = nrd;
        double f = objective();
        if (!(f <= incoming)) {
            w = oldW;
            rd = oldRd;
            return incoming;
        }
        return f;
    }

    /** The analog block: up to {@code steps} accepted descent steps on the phases; returns the objective. */
    double analogStep(int steps) {
        double f = objective();
        int m = na / nrf;
        double sm = 1 / Math.sqrt(m);
        for (int s = 0; s < steps; s++) {
            double[][] u = sensingVectors();
            double[] r = totalCov();
            double[] gk = new double[CrbForm.PARAMS];
            crb.value(kappa(u, r), gk, null);
            double[][] ru = new double[3][2 * nrf];
            for (int a = 0; a < 3; a++) {
                Cx.mul(r, u[a], nrf, nrf, 1, ru[a]);
            }
            double[] grad = new double[na];
            double gmax = 0;
            double[][] del = new double[3][2];
            for (int n = 0; n < na; n++) {
                int c = n / m;
                double cr = Math.cos(phases[n]);
                double ci = -Math.sin(phases[n]);
                for (int a = 0; a < 3; a++) {                         // δ_a = −j e^{−jφ} α_a*[n] / √M
                    double xr = cr * alphaConj[a][2 * n] - ci * alphaConj[a][2 * n + 1];
                    double xi = cr * alphaConj[a][2 * n + 1] + ci * alphaConj[a][2 * n];
                    del[a][0] = xi * sm;
                    del[a][1] = -xr * sm;
                }
                double v = 0;
                int p = 3;
                for (int a = 0; a < 3; a++) {
                    for (int b = a; b < 3; b++) {
                        // dK_ab = conj(δ_a) r_b[c] + conj(r_a[c]) δ_b
                        double re = del[a][0] * ru[b][2 * c] + del[a][1] * ru[b][2 * c + 1]
                                + ru[a][2 * c] * del[b][0] + ru[a][2 * c + 1] * del[b][1];
                        double im = del[a][0] * ru[b][2 * c + 1] - del[a][1] * ru[b][2 * c]
                                + ru[a][2 * c] * del[b][1] - ru[a][2 * c + 1] * del[b][0];
                        if (a == b) {
                            v += gk[a] * re;
                        } else {
                            v += gk[p++] * re + gk[p++] * im;
                        }
                    }
                }
                grad[n] = v;
            }
            projectOnSinrTangent(grad, m);
            for (int n = 0; n < na; n++) {
                gmax = Math.max(gmax, Math.abs(grad[n]));
            }
            if (!(gmax > 0)) {
                return f;
            }
            double[] saved = phases.clone();
            double[][] savedW = copy(w);
            double[] savedRd = rd.clone();
            boolean accepted = false;
            for (double step = Math.min(0.3, 4 * lastStep); step > 1e-6; step *= 0.5) {
                for (int n = 0; n < na; n++) {
                    phases[n] = saved[n] - step * grad[n] / gmax;
                }
                if (repair()) {
                    double fn = objective();
                    if (fn < f) {
                        f = fn;
                        lastStep = step;
                        accepted = true;
                        break;
                    }
                }
                System.arraycopy(saved, 0, phases, 0, na);
                w = copy(savedW);
                rd = savedRd.clone();
            }
            if (!accepted) {
                return f;
            }
        }
        return f;
    }

    /**
     * Projects the phase gradient onto the directions that keep every SINR slack {@code c_k = g_kᴴ M_k g_k − 1},
     * {@code M_k = (1 + 1/γ_k) w_kw_kᴴ − R̃_x}, unchanged to first order ({@code ∂c_k/∂φ_n = 2 Re(conj(∂g_k[c]/∂φ_n)
     * (M_k g_k)[c])}): the covariance step leaves the limits active, so the plain gradient would leak power into
     * the users and the repair would undo the gain (gradient projection; the repair handles second order).
     */
    private void projectOnSinrTangent(double[] grad, int m) {
        double sm = 1 / Math.sqrt(m);
        double si = 1 / Math.sqrt(pr.userNoise());
        double[][] g = userVectors();
        double[] r = totalCov();
        double[][] a = new double[users][na];
        double[] mk = new double[2 * nrf * nrf];
        double[] mg = new double[2 * nrf];
        for (int k = 0; k < users; k++) {
            System.arraycopy(r, 0, mk, 0, mk.length);
            for (int i = 0; i < mk.length; i++) {
                mk[i] = -mk[i];
            }
            addOuter(mk, w[k], 1 + 1 / pr.gamma(k));
            Cx.mul(mk, g[k], nrf, nrf, 1, mg);
            double[] h = pr.channels()[k];
            for (int n = 0; n < na; n++) {
                int c = n / m;
                double cr = Math.cos(phases[n]);
                double ci = -Math.sin(phases[n]);
                double hr = h[2 * n];
                double hi = -h[2 * n + 1];
                double xr = cr * hr - ci * hi;
                double xi = cr * hi + ci * hr;
                double dr = xi * sm * si;                               // δ = −j e^{−jφ} h*[n] / (√M σ)
                double di = -xr * sm * si;
                a[k][n] = 2 * (dr * mg[2 * c] + di * mg[2 * c + 1]);
            }
        }
        DMatrixRMaj aat = new DMatrixRMaj(users, users);
        DMatrixRMaj ag = new DMatrixRMaj(users, 1);
        for (int k = 0; k < users; k++) {
            for (int l = 0; l < users; l++) {
                double v = 0;
                for (int n = 0; n < na; n++) {
                    v += a[k][n] * a[l][n];
                }
                aat.set(k, l, v);
            }
            double v = 0;
            for (int n = 0; n < na; n++) {
                v += a[k][n] * grad[n];
            }
            ag.set(k, 0, v);
        }
        DMatrixRMaj y = new DMatrixRMaj(users, 1);
        if (!CommonOps_DDRM.solve(aat, ag, y)) {
            return;                                                     // dependent constraints: plain gradient
        }
        for (int n = 0; n < na; n++) {
            for (int k = 0; k < users; k++) {
                grad[n] -= a[k][n] * y.get(k);
            }
        }
    }

    private static double[][] copy(double[][] x) {
        double[][] o = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            o[i] = x[i].clone();
        }
        return o;
    }

    /** Sets the digital part (precoders w_k, 2 N_RF each, and R_d), e.g. a design to repair for other channels. */
    void setDigital(double[][] precoders, double[] probing) {
        this.w = copy(precoders);
        this.rd = probing.clone();
    }

    /**
     * Re-solves the users' powers for the current F (directions of w_k kept) so every SINR limit holds with
     * equality, scaling R_d down (bisection) when the budget needs it; false when no split meets the limits.
     */
    boolean repair() {
        double[][] g = userVectors();
        double[][] dir = new double[users][];
        for (int k = 0; k < users; k++) {
            dir[k] = w[k].clone();
            double s = 1 / Math.sqrt(Cx.norm2(dir[k], nrf));
            for (int i = 0; i < 2 * nrf; i++) {
                dir[k][i] *= s;
            }
        }
        double[] gamma = new double[users];
        double[] extra = new double[users];
        double[] t = new double[2];
        for (int k = 0; k < users; k++) {
            gamma[k] = pr.gamma(k);
            Cx.form(g[k], rd, g[k], nrf, t);
            extra[k] = t[0];
        }
        double trd = 0;
        for (int i = 0; i < nrf; i++) {
            trd += rd[2 * (i * nrf + i)];
        }
        double[] sp = MinPower.powersWithProbing(g, dir, gamma, extra, trd, pr.powerBudget());
        if (sp == null) {
            return false;
        }
        double scale = sp[users];
        double[] p = sp;
        for (int k = 0; k < users; k++) {
            double s = Math.sqrt(p[k]);
            for (int i = 0; i < 2 * nrf; i++) {
                w[k][i] = dir[k][i] * s;
            }
        }
        for (int i = 0; i < rd.length; i++) {
            rd[i] *= scale;
        }
        return true;
    }

    DownlinkDesign.Result result(List<Double> history) {
        double[] wm = new double[2 * nrf * users];
        for (int k = 0; k < users; k++) {
            for (int c = 0; c < nrf; c++) {
                wm[2 * (c * users + k)] = w[k][2 * c];
                wm[2 * (c * users + k) + 1] = w[k][2 * c + 1];
            }
        }
        double[] h = history.stream().mapToDouble(Double::doubleValue).toArray();
        return new DownlinkDesign.Result(phases.clone(), nrf, wm, rd.clone(), objective(), h,
                DownlinkDesign.sinrDb(pr, analog(), wm, rd));
    }
}
