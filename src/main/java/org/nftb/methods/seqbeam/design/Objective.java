package org.nftb.methods.seqbeam.design;

import org.nftb.methods.seqbeam.Dense;

import java.util.ArrayList;
import java.util.List;

/**
 * A design cost ({@link Cost}) as a function of the stages' Gram matrices {@code G_s = Vᴴ R_s V}, with its gradient:
 * {@code f = Σ_c tr(W_c S_c⁻¹)}, {@code S_c = Σ_{s∈c} P_cᵀ E_s P_c} (E_s the stage's EFIM over η_p, P_c a selection:
 * everything, everything but the tangential velocity, or the positions only; W_c diagonal). Its gradient is
 * {@code ∂f/∂S_c = −S_c⁻¹ W_c S_c⁻¹}, pulled back through P_c and {@link StageEfim#adjoint}. f is +∞ where an S_c
 * is singular. Convex in (R_MS, R_BP): each E_s is a Schur complement of a FIM linear in R_s (matrix-concave) and
 * {@code tr(W S⁻¹)} is convex and decreasing. Not thread-safe.
 */
final class Objective {
    private enum Select { ALL, DROP_TANGENTIAL, POSITIONS_ONLY }

    private record Component(boolean ms, boolean bp, Select select, double[] weights) {
    }

    private final StageEfim ms;
    private final StageEfim bp;
    private final int np;
    private final int pts;
    private final double ux;
    private final double uy;
    private final List<Component> components = new ArrayList<>();

    /**
     * @param ms  the MS stage (null when the cost has none)
     * @param bp  the BP stage (null when none)
     * @param ue  the UE position (radial direction for the MS velocity)
     */
    Objective(Cost cost, StageEfim ms, StageEfim bp, int pts, double[] ue) {
        this.ms = ms;
        this.bp = bp;
        this.pts = pts;
        this.np = 4 + 2 * pts;
        double r = Math.hypot(ue[0], ue[1]);
        this.ux = ue[0] / r;
        this.uy = ue[1] / r;
        Thresholds s = cost.thresholds();
        switch (cost.kind()) {
            case SEQUENTIAL -> components.add(new Component(true, true, Select.ALL,
                    weights(Select.ALL, 1 / sq(s.uePebBp()), 1 / sq(s.ueVeb()), 1 / (pts * sq(s.ptPebBp())))));
            case BP_ONLY -> components.add(new Component(false, true, Select.ALL,
                    weights(Select.ALL, 1 / sq(s.uePebBp()), 1 / sq(s.ueVeb()), 1 / (pts * sq(s.ptPebBp())))));
            case MS_ONLY -> components.add(new Component(true, false, Select.DROP_TANGENTIAL,
                    weights(Select.DROP_TANGENTIAL, 1 / sq(s.uePebMs()), 1 / sq(s.ueVeb()), 1 / (pts * sq(s.ptPebMs())))));
            case MS_STATIC -> components.add(new Component(true, false, Select.POSITIONS_ONLY,
                    weights(Select.POSITIONS_ONLY, 1 / sq(s.uePebMs()), 0, 1 / (pts * sq(s.ptPebMs())))));
            case WEIGHTED_SUM -> {
                if (cost.alpha() < 1) {
                    components.add(new Component(true, false, Select.DROP_TANGENTIAL,
                            weights(Select.DROP_TANGENTIAL, 1 - cost.alpha(), 1 - cost.alpha(), 1 - cost.alpha())));
                }
                if (cost.alpha() > 0) {
                    components.add(new Component(false, true, Select.ALL,
                            weights(Select.ALL, cost.alpha(), cost.alpha(), 0)));
                }
            }
        }
        for (Component c : components) {
            if ((c.ms && ms == null) || (c.bp && bp == null)) {
                throw new IllegalArgumentException(cost.kind() + " needs the " + (c.ms ? "MS" : "BP") + " stage");
            }
        }
    }

    private static double sq(double v) {
        return v * v;
    }

    private double[] weights(Select sel, double pos, double vel, double pt) {
        int m = columns(sel);
        double[] w = new double[m];
        w[0] = pos;
        w[1] = pos;
        int at = 2;
        if (sel == Select.ALL) {
            w[at++] = vel;
            w[at++] = vel;
        } else if (sel == Select.DROP_TANGENTIAL) {
            w[at++] = vel;
        }
        for (int i = at; i < m; i++) {
            w[i] = pt;
        }
        return w;
    }

    private int columns(Select sel) {
        return switch (sel) {
            case ALL -> np;
            case DROP_TANGENTIAL -> np - 1;
            case POSITIONS_ONLY -> np - 2;
        };
    }

    /** P (np × m, row-major) of a selection. */
    private double[] selection(Select sel) {
        int m = columns(sel);
        double[] p = new double[np * m];
        p[0] = 1;
        p[np > 1 ? m + 1 : 0] = 1;
        int col = 2;
        if (sel == Select.ALL) {
            p[2 * m + 2] = 1;
            p[3 * m + 3] = 1;
            col = 4;
        } else if (sel == Select.DROP_TANGENTIAL) {
            p[2 * m + 2] = ux;
            p[3 * m + 2] = uy;
            col = 3;
        }
        for (int r = 4; r < np; r++, col++) {
            p[r * m + col] = 1;
        }
        return p;
    }

    /**
     * f(G_MS, G_BP); adds ∂f/∂G_s (see {@link StageEfim#adjoint}) into the gradient arrays when they are not null.
     * A stage the cost does not use may be passed null.
     */
    double value(double[] gramMs, double[] gramBp, double[] gradMs, double[] gradBp) {
        double[] eMs = ms != null && needs(true) ? ms.forward(gramMs) : null;
        double[] eBp = bp != null && needs(false) ? bp.forward(gramBp) : null;
        if ((needs(true) && eMs == null) || (needs(false) && eBp == null)) {
            return Double.POSITIVE_INFINITY;
        }
        double f = 0;
        double[] gMs = new double[np * np];
        double[] gBp = new double[np * np];
        for (Component c : components) {
            int m = columns(c.select);
            double[] p = selection(c.select);
            double[] s = new double[m * m];
            if (c.ms) {
                add(s, Dense.congruence(eMs, np, p, m));
            }
            if (c.bp) {
                add(s, Dense.congruence(eBp, np, p, m));
            }
            double[] inv = Dense.inverse(s, m);
            if (inv == null) {
                return Double.POSITIVE_INFINITY;
            }
            double[] wInv = new double[m * m];
            for (int i = 0; i < m; i++) {
                f += c.weights[i] * inv[i * m + i];
                for (int j = 0; j < m; j++) {
                    wInv[i * m + j] = c.weights[i] * inv[i * m + j];
                }
            }
            // ∂f/∂S = −S⁻¹ W S⁻¹, pulled back: ∂f/∂E = P ∂f/∂S Pᵀ
            double[] ds = new double[m * m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    double v = 0;
                    for (int q = 0; q < m; q++) {
                        v -= inv[i * m + q] * wInv[q * m + j];
                    }
                    ds[i * m + j] = v;
                }
            }
            double[] de = pullBack(ds, p, m);
            if (c.ms) {
                add(gMs, de);
            }
            if (c.bp) {
                add(gBp, de);
            }
        }
        if (gradMs != null && needs(true)) {
            ms.adjoint(symmetrize(gMs), gradMs);
        }
        if (gradBp != null && needs(false)) {
            bp.adjoint(symmetrize(gBp), gradBp);
        }
        return f;
    }

    private boolean needs(boolean msStage) {
        for (Component c : components) {
            if (msStage ? c.ms : c.bp) {
                return true;
            }
        }
        return false;
    }

    private double[] pullBack(double[] ds, double[] p, int m) {
        double[] t = new double[np * m];
        for (int i = 0; i < np; i++) {
            for (int k = 0; k < m; k++) {
                double v = p[i * m + k];
                if (v == 0) {
                    continue;
                }
                for (int j = 0; j < m; j++) {
                    t[i * m + j] += v * ds[k * m + j];
                }
            }
        }
        double[] out = new double[np * np];
        for (int i = 0; i < np; i++) {
            for (int j = 0; j < np; j++) {
                double v = 0;
                for (int k = 0; k < m; k++) {
                    v += t[i * m + k] * p[j * m + k];
                }
                out[i * np + j] = v;
            }
        }
        return out;
    }

    private static double[] symmetrize(double[] a) {
        int n = (int) Math.round(Math.sqrt(a.length));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double v = (a[i * n + j] + a[j * n + i]) / 2;
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
        }
        return a;
    }

    private static void add(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
    }

    int pts() {
        return pts;
    }
}
