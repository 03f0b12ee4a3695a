package org.nftb.methods.vmp.baseline;

import org.nftb.model.CpiTiming;
import org.nftb.model.SubarrayLayout;

import java.util.Arrays;

/**
 * The likelihood of seed 000's piecewise-far-field model (eq. 8) over all subarray pairs, as a function of the
 * target's state, for the ML and grid baselines. Pair (m, n) with data {@code z[k_t, k_r, l]} (elements
 * (mM + k_t, nM + k_r), pulse l) has the steering {@code μ = e^{j(k_t ψ_t(p) + k_r ψ_r(p) − 2π f(p, v) t_l)}} with ψ
 * and the unit vectors of f = (u_t + u_r)·v/λ at the subarray centres ({@link SubarrayLayout}) and t_l centred on
 * the CPI. With the gains β_mn concentrated out, eq. (63)'s least squares is the maximum of
 * <pre>  J(p, v) = Σ_mn |μ_mnᴴ z_mn|² / (M² L)</pre>
 * ({@link #value}, with its gradient). The grid baseline's location metric, which needs no velocity, sums the pulses
 * incoherently: {@code G(p) = Σ_mn Σ_l |a_mn(p)ᴴ z_mn(l)|² / M²} ({@link #locationMetric}).
 *
 * <p>Cost: one pass over the N_t N_r L values per evaluation (two with the gradient). Allocates nothing after
 * construction; not thread-safe.
 */
public final class PairLikelihood {
    private final SubarrayLayout layout;
    private final double wavelengthM;
    private final int nr;
    private final int pulses;
    private final int m;
    private final double[] t;
    private final double[] ar;
    private final double[] at;
    private final double[] q;
    private final double[] qr;
    private final double[] h;
    private final double[] ht;
    private final double[] hr;
    private final double[] g = new double[2];
    private final double[] gr = new double[2];
    private final double[] u = new double[2];
    /** Σ (k − k̄)² over a subarray and Σ t_l², for {@link #curvature}. */
    private final double ck;
    private final double ct;
    private double betaPower;
    private long evaluations;

    public PairLikelihood(SubarrayLayout layout, double wavelengthM, int rxElements, int pulses, double periodS) {
        this.layout = layout;
        this.wavelengthM = wavelengthM;
        this.nr = rxElements;
        this.pulses = pulses;
        this.m = layout.subarraySize();
        this.t = new double[pulses];
        double s = 0;
        for (int l = 0; l < pulses; l++) {
            t[l] = CpiTiming.symbolTimeS(l, pulses, periodS);
            s += t[l] * t[l];
        }
        this.ct = s;
        this.ck = m * ((double) m * m - 1) / 12;
        this.ar = new double[2 * m];
        this.at = new double[2 * m];
        this.q = new double[2 * pulses];
        this.qr = new double[2 * pulses];
        this.h = new double[2 * pulses];
        this.ht = new double[2 * pulses];
        this.hr = new double[2 * pulses];
    }

    /**
     * J(p, v) of {@code data} (a snapshot's values, N_t × N_r × L); with {@code grad} non-null also ∂J/∂(x, y, v_x,
     * v_y) into {@code grad[0..3]}.
     */
    public double value(float[] data, double x, double y, double vx, double vy, double[] grad) {
        evaluations++;
        double j = 0;
        if (grad != null) {
            Arrays.fill(grad, 0, 4, 0);
        }
        betaPower = 0;
        double norm = (double) m * m * pulses;
        for (int k = 0; k < layout.pairs(); k++) {
            int mt = k / layout.rxSubarrays();
            int nq = k % layout.rxSubarrays();
            double psiT = layout.psi(true, mt, x, y, g);
            double psiR = layout.psi(false, nq, x, y, gr);
            layout.dopplerDirection(mt, nq, x, y, u);
            double f = (u[0] * vx + u[1] * vy) / wavelengthM;
            contract(data, mt, nq, psiT, psiR, grad != null);
            // S = Σ_l e^{+j2πf t_l} h_l and its derivatives in ψ_t, ψ_r (factor −j) and f (factor j2π t_l)
            double sr = 0, si = 0, tr = 0, ti = 0, rr = 0, ri = 0, fr = 0, fi = 0;
            for (int l = 0; l < pulses; l++) {
                double ph = 2 * Math.PI * f * t[l];
                double c = Math.cos(ph);
                double s = Math.sin(ph);
                double ar0 = h[2 * l] * c - h[2 * l + 1] * s;
                double ai0 = h[2 * l] * s + h[2 * l + 1] * c;
                sr += ar0;
                si += ai0;
                if (grad != null) {
                    fr -= 2 * Math.PI * t[l] * ai0;
                    fi += 2 * Math.PI * t[l] * ar0;
                    tr += ht[2 * l] * s + ht[2 * l + 1] * c;      // −j (ht e^{jφ})
                    ti -= ht[2 * l] * c - ht[2 * l + 1] * s;
                    rr += hr[2 * l] * s + hr[2 * l + 1] * c;
                    ri -= hr[2 * l] * c - hr[2 * l + 1] * s;
                }
            }
            j += (sr * sr + si * si) / norm;
            betaPower += (sr * sr + si * si) / (norm * norm);
            if (grad != null) {
                // ∂J = 2 Re(S* ∂S)/norm, ∂S = S_t ∇ψ_t + S_r ∇ψ_r + S_f ∇f
                double dT = 2 * (sr * tr + si * ti) / norm;
                double dR = 2 * (sr * rr + si * ri) / norm;
                double dF = 2 * (sr * fr + si * fi) / norm;
                double[] df = dopplerGradient(mt, nq, x, y, vx, vy);
                grad[0] += dT * g[0] + dR * gr[0] + dF * df[0];
                grad[1] += dT * g[1] + dR * gr[1] + dF * df[1];
                grad[2] += dF * u[0] / wavelengthM;
                grad[3] += dF * u[1] / wavelengthM;
            }
        }
        return j;
    }

    /**
     * The negative diagonal of J's Hessian at the last {@link #value} point under the model (Fisher information
     * per unit noise, the gains at their fitted values): {@code 2 Σ |β̂|² ‖∂μ/∂θ − projection on μ‖²}, which with
     * centred element indices and times is {@code 2 Σ |β̂|² (L M Σ(k−k̄)² (∂ψ_t² + ∂ψ_r²) + M² Σt² (2π ∂f)²)}
     * summed per pair; used as the ML baseline's preconditioner. Writes {@code out[0..3]}.
     */
    public void curvature(double x, double y, double vx, double vy, double[] out) {
        Arrays.fill(out, 0, 4, 0);
        for (int k = 0; k < layout.pairs(); k++) {
            int mt = k / layout.rxSubarrays();
            int nq = k % layout.rxSubarrays();
            layout.psi(true, mt, x, y, g);
            layout.psi(false, nq, x, y, gr);
            layout.dopplerDirection(mt, nq, x, y, u);
            double[] df = dopplerGradient(mt, nq, x, y, vx, vy);
            double sp = pulses * m * ck;
            double st = (double) m * m * ct * 4 * Math.PI * Math.PI;
            out[0] += sp * (g[0] * g[0] + gr[0] * gr[0]) + st * df[0] * df[0];
            out[1] += sp * (g[1] * g[1] + gr[1] * gr[1]) + st * df[1] * df[1];
            out[2] += st * u[0] * u[0] / (wavelengthM * wavelengthM);
            out[3] += st * u[1] * u[1] / (wavelengthM * wavelengthM);
        }
        double b = 2 * betaPower / layout.pairs();
        for (int i = 0; i < 4; i++) {
            out[i] *= b;
        }
    }

    /** Passes over the data so far ({@link #value} and {@link #locationMetric} calls; a gradient counts once). */
    public long evaluations() {
        return evaluations;
    }

    /** G(p): the pulses' spatial match summed in power (no Doppler). */
    public double locationMetric(float[] data, double x, double y) {
        evaluations++;
        double v = 0;
        for (int k = 0; k < layout.pairs(); k++) {
            int mt = k / layout.rxSubarrays();
            int nq = k % layout.rxSubarrays();
            contract(data, mt, nq, layout.psi(true, mt, x, y, null), layout.psi(false, nq, x, y, null), false);
            for (int l = 0; l < pulses; l++) {
                v += h[2 * l] * h[2 * l] + h[2 * l + 1] * h[2 * l + 1];
            }
        }
        return v / ((double) m * m);
    }

    /**
     * The spatially matched pulse sequence of pair k at (x, y), {@code h_l = a(p)ᴴ z(l)}, into {@code out[0..2L)}
     * (the grid baseline's input to MUSIC).
     */
    public void matchedPulses(float[] data, int k, double x, double y, double[] out) {
        int mt = k / layout.rxSubarrays();
        int nq = k % layout.rxSubarrays();
        contract(data, mt, nq, layout.psi(true, mt, x, y, null), layout.psi(false, nq, x, y, null), false);
        System.arraycopy(h, 0, out, 0, 2 * pulses);
    }

    private final double[] dfOut = new double[2];

    /** ∇_p f = [(I − e_t e_tᵀ)/r_t + (I − e_r e_rᵀ)/r_r] v / λ. */
    private double[] dopplerGradient(int mt, int nq, double x, double y, double vx, double vy) {
        dfOut[0] = 0;
        dfOut[1] = 0;
        for (int side = 0; side < 2; side++) {
            double dx = x - (side == 0 ? layout.txCentreX(mt) : layout.rxCentreX(nq));
            double dy = y - (side == 0 ? layout.txCentreY(mt) : layout.rxCentreY(nq));
            double r = Math.hypot(dx, dy);
            double ex = dx / r;
            double ey = dy / r;
            double ev = ex * vx + ey * vy;
            dfOut[0] += (vx - ev * ex) / (r * wavelengthM);
            dfOut[1] += (vy - ev * ey) / (r * wavelengthM);
        }
        return dfOut;
    }

    /**
     * {@code h_l = Σ_{kt,kr} e^{−j(kt ψ_t + kr ψ_r)} z}, and with {@code weights} also {@code ht_l} (weighted by
     * k_t − k̄) and {@code hr_l} (by k_r − k̄): centred weights, so the derivative leaves the gain's phase alone.
     */
    private void contract(float[] data, int mt, int nq, double psiT, double psiR, boolean weights) {
        double kc = (m - 1) / 2.0;
        for (int k = 0; k < m; k++) {
            ar[2 * k] = Math.cos(k * psiR);
            ar[2 * k + 1] = -Math.sin(k * psiR);
            at[2 * k] = Math.cos(k * psiT);
            at[2 * k + 1] = -Math.sin(k * psiT);
        }
        Arrays.fill(h, 0);
        if (weights) {
            Arrays.fill(ht, 0);
            Arrays.fill(hr, 0);
        }
        for (int kt = 0; kt < m; kt++) {
            Arrays.fill(q, 0);
            if (weights) {
                Arrays.fill(qr, 0);
            }
            for (int kr = 0; kr < m; kr++) {
                int base = 2 * (((mt * m + kt) * nr + nq * m + kr) * pulses);
                double cr = ar[2 * kr];
                double ci = ar[2 * kr + 1];
                double w = kr - kc;
                for (int l = 0; l < pulses; l++) {
                    double zr = data[base + 2 * l];
                    double zi = data[base + 2 * l + 1];
                    double pr = zr * cr - zi * ci;
                    double pi = zr * ci + zi * cr;
                    q[2 * l] += pr;
                    q[2 * l + 1] += pi;
                    if (weights) {
                        qr[2 * l] += w * pr;
                        qr[2 * l + 1] += w * pi;
                    }
                }
            }
            double cr = at[2 * kt];
            double ci = at[2 * kt + 1];
            double w = kt - kc;
            for (int l = 0; l < pulses; l++) {
                double pr = q[2 * l] * cr - q[2 * l + 1] * ci;
                double pi = q[2 * l] * ci + q[2 * l + 1] * cr;
                h[2 * l] += pr;
                h[2 * l + 1] += pi;
                if (weights) {
                    ht[2 * l] += w * pr;
                    ht[2 * l + 1] += w * pi;
                    hr[2 * l] += qr[2 * l] * cr - qr[2 * l + 1] * ci;
                    hr[2 * l + 1] += qr[2 * l] * ci + qr[2 * l + 1] * cr;
                }
            }
        }
    }
}
