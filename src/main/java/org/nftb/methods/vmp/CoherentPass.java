package org.nftb.methods.vmp;

import org.nftb.model.CpiTiming;
import org.nftb.model.ElementArray;

/**
 * One pass of the coherent refinement over the decimated matched-filter outputs: the exact single-gain model of
 * seed 000's eqs. (1)-(4) evaluated at a state θ = (x, y, v_x, v_y) and correlated with the data.
 *
 * <p><b>Data.</b> {@code z[j, b, i]} (interleaved, value at {@code 2 ((j B' + b) N_t + i)}, {@link VmpDecimator}'s
 * layout): the outputs {@code Y_ij^(l)} multiplied by {@code e^{+j2π f₀ t_l}} and summed over blocks of B pulses.
 * For the model {@code Y = β g_ij e^{−jk(L_ij + t_l L̇_ij)}} this is exactly
 * <pre>  a_ijb = g_ij D(ω_ij) e^{−jk L_ij} e^{−jω_ij t_b},   ω_ij = k L̇_ij − 2π f₀,   D(ω) = sin(ωBT/2)/sin(ωT/2)</pre>
 * (t_b the block centre; the Dirichlet factor D is the sum of the block's residual phasors), with white noise of
 * variance Bσ. Both the path and the rate separate into legs, {@code L_ij = P_i + Q_j}, {@code L̇_ij = Ṗ_i + Q̇_j},
 * so the phasor {@code e^{−jω_ij t_b}} is the product of a transmit table {@code E_t[b, i]} and a receive table
 * {@code E_r[j, b]}; only D couples i and j, through ω_ij.
 *
 * <p><b>What a pass computes</b> (with {@code c_ijb = conj(z_ijb) a_ijb}): the correlation {@code S = Σ c}, its
 * row, column and subarray-pair sums, the same with weights t_b and with {@code ρ_ij = D'(ω_ij)/D(ω_ij)}, and the
 * data energy. From these {@link CoherentRefinement} forms the concentrated likelihood {@code |S|²/‖a‖²} and its
 * gradient; the Fisher information it needs does not involve the data ({@link #fisher}).
 *
 * <p>Cost: one read of the N_t N_r B' decimated values per pass (B' = L/B: 24 at Table II, 1/25 of the raw data).
 * A kernel: allocates nothing after construction, no threads; not thread-safe.
 */
final class CoherentPass {
    final int nt;
    final int nr;
    final int blocks;
    final int b;
    final int m;
    final int krs;
    final double k;
    final double pulseS;
    final double[] tb;
    final double sumT2;
    private final ElementArray tx;
    private final ElementArray rx;
    final Leg legT;
    final Leg legR;
    private final double[] et;     // [b][i] complex: e^{−j(kṖ_i − 2πf₀) t_b}
    private final double[] er;     // [j][b] complex: e^{−jkQ̇_j t_b}
    private final double[] u;      // per i of the current j: Σ_b conj(z) E
    private final double[] v;      // per i: Σ_b t_b conj(z) E
    private final double[] gradScratch = new double[4];
    private final double[] rateScratch = new double[4];

    // results of the last pass
    double sRe;
    double sIm;
    double energy;
    double norm;                   // ‖a‖² = Σ g² D² B'
    final double[] rowC;           // [i] complex Σ_j c_ij (c_ij = Σ_b c_ijb)
    final double[] rowC1;          // [i] Σ_j c'_ij (c' with weight t_b)
    final double[] rowCr;          // [i] Σ_j ρ_ij c_ij
    final double[] colC;
    final double[] colC1;
    final double[] colCr;
    final double[] pairC;          // per subarray pair complex Σ c
    final double[] pairNorm;       // per subarray pair ‖a_k‖²

    /**
     * @param subarraySize M (pairs for the coherence test)
     * @param pulses       L
     * @param decimation   B (divides L)
     */
    CoherentPass(ElementArray tx, ElementArray rx, int subarraySize, double wavelengthM, double pulsePeriodS,
                 int pulses, int decimation) {
        this.tx = tx;
        this.rx = rx;
        this.nt = tx.count();
        this.nr = rx.count();
        this.b = decimation;
        this.blocks = pulses / decimation;
        this.m = subarraySize;
        this.krs = nr / subarraySize;
        this.k = 2 * Math.PI / wavelengthM;
        this.pulseS = pulsePeriodS;
        this.tb = new double[blocks];
        double s2 = 0;
        for (int q = 0; q < blocks; q++) {
            // centre of pulses qB .. qB + B − 1
            tb[q] = (CpiTiming.symbolTimeS(q * decimation, pulses, pulsePeriodS)
                    + CpiTiming.symbolTimeS(q * decimation + decimation - 1, pulses, pulsePeriodS)) / 2;
            s2 += tb[q] * tb[q];
        }
        this.sumT2 = s2;
        this.legT = new Leg(nt);
        this.legR = new Leg(nr);
        this.et = new double[2 * blocks * nt];
        this.er = new double[2 * nr * blocks];
        this.u = new double[2 * nt];
        this.v = new double[2 * nt];
        this.rowC = new double[2 * nt];
        this.rowC1 = new double[2 * nt];
        this.rowCr = new double[2 * nt];
        this.colC = new double[2 * nr];
        this.colC1 = new double[2 * nr];
        this.colCr = new double[2 * nr];
        int pairs = (nt / subarraySize) * krs;
        this.pairC = new double[2 * pairs];
        this.pairNorm = new double[pairs];
    }

    /** Per-element quantities of one array at a state (see {@link #legs}). */
    static final class Leg {
        final double[] ux;
        final double[] uy;
        final double[] rate;
        final double[] dRateX;     // ∂(u·v)/∂x
        final double[] dRateY;
        final double[] lnGx;       // ∂ ln(1/r)/∂x
        final double[] lnGy;
        final double[] pRe;        // g e^{−jkr}
        final double[] pIm;
        final double[] g2;

        Leg(int n) {
            ux = new double[n];
            uy = new double[n];
            rate = new double[n];
            dRateX = new double[n];
            dRateY = new double[n];
            lnGx = new double[n];
            lnGy = new double[n];
            pRe = new double[n];
            pIm = new double[n];
            g2 = new double[n];
        }

        void fill(ElementArray a, double x, double y, double vx, double vy, double k) {
            double ref = Math.hypot(x - a.referenceXM(), y - a.referenceYM());
            for (int e = 0; e < a.count(); e++) {
                double dx = x - a.xM(e);
                double dy = y - a.yM(e);
                double r = Math.sqrt(dx * dx + dy * dy);
                double cx = dx / r;
                double cy = dy / r;
                double rt = cx * vx + cy * vy;
                ux[e] = cx;
                uy[e] = cy;
                rate[e] = rt;
                dRateX[e] = (vx - rt * cx) / r;
                dRateY[e] = (vy - rt * cy) / r;
                lnGx[e] = -cx / r;
                lnGy[e] = -cy / r;
                double g = ref / r;
                double ph = -k * r;
                pRe[e] = g * Math.cos(ph);
                pIm[e] = g * Math.sin(ph);
                g2[e] = g * g;
            }
        }
    }

    /** The legs at θ and the phasor tables for the residual Doppler after f₀. */
    void legs(double x, double y, double vx, double vy, double f0Hz) {
        legT.fill(tx, x, y, vx, vy, k);
        legR.fill(rx, x, y, vx, vy, k);
        double tStep = tb.length > 1 ? tb[1] - tb[0] : 0;
        for (int i = 0; i < nt; i++) {
            phasors(k * legT.rate[i] - 2 * Math.PI * f0Hz, tStep, et, 2 * i, 2 * nt);
        }
        for (int j = 0; j < nr; j++) {
            phasors(k * legR.rate[j], tStep, er, 2 * j * blocks, 2);
        }
    }

    /** {@code out[o + q·stride] = e^{−jω t_q}} by a recurrence from t_0 (rounding ~ B'·1e-16). */
    private void phasors(double omega, double tStep, double[] out, int o, int stride) {
        double cr = Math.cos(omega * tb[0]);
        double ci = -Math.sin(omega * tb[0]);
        double sr = Math.cos(omega * tStep);
        double si = -Math.sin(omega * tStep);
        for (int q = 0; q < blocks; q++, o += stride) {
            out[o] = cr;
            out[o + 1] = ci;
            double t = cr * sr - ci * si;
            ci = cr * si + ci * sr;
            cr = t;
        }
    }

    /**
     * Correlates {@code z} with the model at the state of the last {@link #legs} call (class comment). With
     * {@code withEnergy} also sums {@code ‖z‖²}.
     */
    void correlate(float[] z, double f0Hz, boolean withEnergy) {
        java.util.Arrays.fill(rowC, 0);
        java.util.Arrays.fill(rowC1, 0);
        java.util.Arrays.fill(rowCr, 0);
        java.util.Arrays.fill(pairC, 0);
        java.util.Arrays.fill(pairNorm, 0);
        double sr = 0;
        double si = 0;
        double e = 0;
        double nrm = 0;
        double halfT = pulseS / 2;
        for (int j = 0; j < nr; j++) {
            java.util.Arrays.fill(u, 0);
            java.util.Arrays.fill(v, 0);
            for (int q = 0; q < blocks; q++) {
                double rr = er[2 * (j * blocks + q)];
                double ri = er[2 * (j * blocks + q) + 1];
                double t = tb[q];
                int base = 2 * (j * blocks + q) * nt;
                int eb = 2 * q * nt;
                for (int i = 0; i < nt; i++) {
                    double zr = z[base + 2 * i];
                    double zi = -z[base + 2 * i + 1];      // conj
                    if (withEnergy) {
                        e += zr * zr + zi * zi;
                    }
                    double tr = et[eb + 2 * i];
                    double ti = et[eb + 2 * i + 1];
                    double ar = tr * rr - ti * ri;          // E_t E_r
                    double ai = tr * ri + ti * rr;
                    double pr = zr * ar - zi * ai;
                    double pi = zr * ai + zi * ar;
                    u[2 * i] += pr;
                    u[2 * i + 1] += pi;
                    v[2 * i] += t * pr;
                    v[2 * i + 1] += t * pi;
                }
            }
            double cjr = 0;
            double cji = 0;
            double c1r = 0;
            double c1i = 0;
            double crr = 0;
            double cri = 0;
            double qr = legR.pRe[j];
            double qi = legR.pIm[j];
            double rateJ = legR.rate[j];
            int pairRow = j / m;
            for (int i = 0; i < nt; i++) {
                double omega = k * (legT.rate[i] + rateJ) - 2 * Math.PI * f0Hz;
                double x = omega * halfT;
                double d = Dirichlet.value(b, x);
                double rho = halfT * Dirichlet.logSlope(b, x);
                // w = D g_i g_j e^{−jk(P_i + Q_j)}
                double wr = d * (legT.pRe[i] * qr - legT.pIm[i] * qi);
                double wi = d * (legT.pRe[i] * qi + legT.pIm[i] * qr);
                double cr = u[2 * i] * wr - u[2 * i + 1] * wi;
                double ci = u[2 * i] * wi + u[2 * i + 1] * wr;
                double dr = v[2 * i] * wr - v[2 * i + 1] * wi;
                double di = v[2 * i] * wi + v[2 * i + 1] * wr;
                double a2 = (wr * wr + wi * wi) * blocks;
                nrm += a2;
                rowC[2 * i] += cr;
                rowC[2 * i + 1] += ci;
                rowC1[2 * i] += dr;
                rowC1[2 * i + 1] += di;
                rowCr[2 * i] += rho * cr;
                rowCr[2 * i + 1] += rho * ci;
                cjr += cr;
                cji += ci;
                c1r += dr;
                c1i += di;
                crr += rho * cr;
                cri += rho * ci;
                int pair = (i / m) * krs + pairRow;
                pairC[2 * pair] += cr;
                pairC[2 * pair + 1] += ci;
                pairNorm[pair] += a2;
            }
            colC[2 * j] = cjr;
            colC[2 * j + 1] = cji;
            colC1[2 * j] = c1r;
            colC1[2 * j + 1] = c1i;
            colCr[2 * j] = crr;
            colCr[2 * j + 1] = cri;
            sr += cjr;
            si += cji;
        }
        sRe = sr;
        sIm = si;
        norm = nrm;
        if (withEnergy) {
            energy = e;
        }
    }

    /**
     * The model-only sums at the state of the last {@link #legs} call, per unit {@code 2|β|²/σ_d}: {@code fisher}
     * (4×4) = {@code Σ|a|²(ααᵀ + φφᵀ) − (A Aᵀ + P Pᵀ)/‖a‖²} and {@code amp[0..3]} = A = {@code Σ|a|² α}, with α the
     * log-amplitude gradient ({@code ∂ ln g + ρ k ∂L̇}) and φ the phase gradient ({@code −k(∂L + t_b ∂L̇)}).
     */
    void fisher(double f0Hz, double[] fisher, double[] amp) {
        java.util.Arrays.fill(fisher, 0);
        java.util.Arrays.fill(amp, 0);
        double p0 = 0;
        double p1 = 0;
        double nrm = 0;
        double halfT = pulseS / 2;
        double k2 = k * k;
        double[] g = gradScratch;
        double[] dr = rateScratch;
        for (int j = 0; j < nr; j++) {
            for (int i = 0; i < nt; i++) {
                double omega = k * (legT.rate[i] + legR.rate[j]) - 2 * Math.PI * f0Hz;
                double x = omega * halfT;
                double d = Dirichlet.value(b, x);
                double rk = halfT * Dirichlet.logSlope(b, x) * k;
                double w = legT.g2[i] * legR.g2[j] * d * d;
                double lx = legT.ux[i] + legR.ux[j];                     // ∂L/∂(x, y)
                double ly = legT.uy[i] + legR.uy[j];
                dr[0] = legT.dRateX[i] + legR.dRateX[j];                 // ∂L̇/∂(x, y, vx, vy)
                dr[1] = legT.dRateY[i] + legR.dRateY[j];
                dr[2] = lx;
                dr[3] = ly;
                g[0] = legT.lnGx[i] + legR.lnGx[j] + rk * dr[0];         // α = ∂ ln g + ρ k ∂L̇
                g[1] = legT.lnGy[i] + legR.lnGy[j] + rk * dr[1];
                g[2] = rk * lx;
                g[3] = rk * ly;
                double wl = w * blocks;
                double ws = w * sumT2 * k2;
                nrm += wl;
                for (int a = 0; a < 4; a++) {
                    amp[a] += wl * g[a];
                    for (int c = a; c < 4; c++) {
                        // Σ_b (α αᵀ + φ φᵀ) = B'(α αᵀ + k² ∂L ∂Lᵀ) + Σ t_b² k² ∂L̇ ∂L̇ᵀ  (Σ t_b = 0)
                        fisher[4 * a + c] += wl * g[a] * g[c] + ws * dr[a] * dr[c];
                    }
                }
                fisher[0] += wl * k2 * lx * lx;
                fisher[1] += wl * k2 * lx * ly;
                fisher[5] += wl * k2 * ly * ly;
                p0 -= wl * k * lx;
                p1 -= wl * k * ly;
            }
        }
        for (int a = 0; a < 4; a++) {
            for (int c = a; c < 4; c++) {
                double pa = a == 0 ? p0 : a == 1 ? p1 : 0;
                double pc = c == 0 ? p0 : c == 1 ? p1 : 0;
                fisher[4 * a + c] -= (amp[a] * amp[c] + pa * pc) / nrm;
                fisher[4 * c + a] = fisher[4 * a + c];
            }
        }
    }
}
