package org.nftb.methods.vmp;

import java.util.Arrays;
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
 * data energy; from these {@link CoherentRefinement} forms the concentrated likelihood {@code |S|²/‖a‖²} and its
 * gradient. In the same loop over (i, j) it forms the Fisher information (it does not involve the data), per unit
 * {@code 2|β|²/σ_d}: {@code Σ|a|²(ααᵀ + φφᵀ) − (A Aᵀ + P Pᵀ)/‖a‖²}, {@code A = Σ|a|² α}, {@code P = Σ|a|² φ},
 * with α the log-amplitude gradient ({@code ∂ ln g + ρ k ∂L̇}) and φ the phase gradient
 * ({@code −k(∂L + t_b ∂L̇)}). The block sums over b are {@link CorrelateKernel}'s (SIMD).
 *
 * <p>Cost: one read of the N_t N_r B' decimated values per pass (B' = L/B: 24 at Table II, 1/25 of the raw data),
 * in two halves of the receive elements with their own sums, run as the caller's {@link TwoWay} says (one after the
 * other unless the caller lends a second thread). A kernel: allocates nothing after construction, starts no
 * threads; not thread-safe.
 *
 * <p>Longer than 400 lines: the per-element tables, the correlation and the Fisher sums share one loop over
 * (i, j) and its state; split apart they would pass a dozen arrays across a class boundary.
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
    private final double[] etSw;   // the same, re and im exchanged
    private final double[] er;     // [j][b] complex: e^{−jkQ̇_j t_b}
    private final Dirichlet dirichlet;
    private final Partial first;
    private final Partial second;
    private final Runnable firstHalf;
    private final Runnable secondHalf;
    private TwoWay split = TwoWay.SEQUENTIAL;
    private float[] passData;
    private double passF0Hz;
    private boolean passEnergy;

    // results of the last pass (the two halves combined)
    double sRe;
    double sIm;
    double energy;
    double norm;                   // ‖a‖² = Σ g² D² B'
    final double[] rowC;           // [i] complex Σ_j c_ij (c_ij = Σ_b c_ijb)
    final double[] rowC1;          // [i] Σ_j c'_ij (c' with weight t_b)
    final double[] rowCr;          // [i] Σ_j ρ_ij c_ij
    final double[] colC;           // [j] complex Σ_i c_ij (each j written by one half)
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
        this.etSw = new double[2 * blocks * nt];
        this.er = new double[2 * nr * blocks];
        this.dirichlet = new Dirichlet(decimation);
        this.rowC = new double[2 * nt];
        this.rowC1 = new double[2 * nt];
        this.rowCr = new double[2 * nt];
        this.colC = new double[2 * nr];
        this.colC1 = new double[2 * nr];
        this.colCr = new double[2 * nr];
        int pairs = (nt / subarraySize) * krs;
        this.pairC = new double[2 * pairs];
        this.pairNorm = new double[pairs];
        this.first = new Partial(nt, pairs);
        this.second = new Partial(nt, pairs);
        this.firstHalf = () -> half(first, 0, nr / 2);
        this.secondHalf = () -> half(second, nr / 2, nr);
    }

    /** How the two halves of the receive elements run in every pass (default: one after the other). */
    void setSplit(TwoWay split) {
        this.split = split;
    }

    /** One half's sums (a pass splits the receive elements in two; each half owns one of these). */
    private static final class Partial {
        final double[] sums;       // CorrelateKernel's A, S, C, D for the current j
        final double[] rowC;
        final double[] rowC1;
        final double[] rowCr;
        final double[] pairC;
        final double[] pairNorm;
        final double[] fisher = new double[16];
        final double[] amp = new double[4];
        final double[] phase = new double[2];   // Σ|a|² φ of x, y (those of v vanish: Σ t_b = 0)
        final double[] g = new double[4];
        final double[] dr = new double[4];
        double norm;
        double energy;

        Partial(int nt, int pairs) {
            sums = new double[8 * nt];
            rowC = new double[2 * nt];
            rowC1 = new double[2 * nt];
            rowCr = new double[2 * nt];
            pairC = new double[2 * pairs];
            pairNorm = new double[pairs];
        }

        void clear() {
            Arrays.fill(rowC, 0);
            Arrays.fill(rowC1, 0);
            Arrays.fill(rowCr, 0);
            Arrays.fill(pairC, 0);
            Arrays.fill(pairNorm, 0);
            Arrays.fill(fisher, 0);
            Arrays.fill(amp, 0);
            phase[0] = 0;
            phase[1] = 0;
            norm = 0;
            energy = 0;
        }
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
        for (int q = 0; q < et.length; q += 2) {
            etSw[q] = et[q + 1];
            etSw[q + 1] = et[q];
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
     * Correlates {@code z} with the model at the state of the last {@link #legs} call (class comment) and, in the
     * same loop over (i, j), forms the Fisher sums per unit {@code 2|β|²/σ_d} into {@code fisher} and {@code amp}.
     * With {@code withEnergy} also sums {@code ‖z‖²}. The receive elements run in two halves ({@link #setSplit}).
     */
    void correlate(float[] z, double f0Hz, boolean withEnergy, double[] fisher, double[] amp) {
        passData = z;
        passF0Hz = f0Hz;
        passEnergy = withEnergy;
        split.run(firstHalf, secondHalf);
        passData = null;
        double nrm = first.norm + second.norm;
        for (int q = 0; q < rowC.length; q++) {
            rowC[q] = first.rowC[q] + second.rowC[q];
            rowC1[q] = first.rowC1[q] + second.rowC1[q];
            rowCr[q] = first.rowCr[q] + second.rowCr[q];
        }
        for (int q = 0; q < pairC.length; q++) {
            pairC[q] = first.pairC[q] + second.pairC[q];
        }
        for (int q = 0; q < pairNorm.length; q++) {
            pairNorm[q] = first.pairNorm[q] + second.pairNorm[q];
        }
        double sr = 0;
        double si = 0;
        for (int j = 0; j < nr; j++) {
            sr += colC[2 * j];
            si += colC[2 * j + 1];
        }
        sRe = sr;
        sIm = si;
        norm = nrm;
        if (withEnergy) {
            energy = first.energy + second.energy;
        }
        for (int a = 0; a < 4; a++) {
            amp[a] = first.amp[a] + second.amp[a];
        }
        for (int a = 0; a < 4; a++) {
            for (int c = a; c < 4; c++) {
                double pa = a < 2 ? first.phase[a] + second.phase[a] : 0;
                double pc = c < 2 ? first.phase[c] + second.phase[c] : 0;
                fisher[4 * a + c] = first.fisher[4 * a + c] + second.fisher[4 * a + c]
                        - (amp[a] * amp[c] + pa * pc) / nrm;
                fisher[4 * c + a] = fisher[4 * a + c];
            }
        }
    }

    /** Receive elements {@code [from, to)} of the current pass into {@code p}. */
    private void half(Partial p, int from, int to) {
        p.clear();
        float[] z = passData;
        if (passEnergy) {
            p.energy = energy(z, 2 * from * blocks * nt, 2 * to * blocks * nt);
        }
        for (int j = from; j < to; j++) {
            CorrelateKernel.blockSums(z, et, etSw, er, tb, j, nt, blocks, p.sums);
            p.norm += finish(p, j, passF0Hz);
        }
    }

    /**
     * {@code ‖z[from, to)‖²} in eight independent sums (bound by reading z, not by one addition's latency).
     */
    static double energy(float[] z, int from, int to) {
        double e0 = 0, e1 = 0, e2 = 0, e3 = 0, e4 = 0, e5 = 0, e6 = 0, e7 = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            e0 += (double) z[i] * z[i];
            e1 += (double) z[i + 1] * z[i + 1];
            e2 += (double) z[i + 2] * z[i + 2];
            e3 += (double) z[i + 3] * z[i + 3];
            e4 += (double) z[i + 4] * z[i + 4];
            e5 += (double) z[i + 5] * z[i + 5];
            e6 += (double) z[i + 6] * z[i + 6];
            e7 += (double) z[i + 7] * z[i + 7];
        }
        for (; i < to; i++) {
            e0 += (double) z[i] * z[i];
        }
        return e0 + e1 + e2 + e3 + e4 + e5 + e6 + e7;
    }

    /**
     * Receive element j after its block sums: per transmit element i the correlation {@code c_ij} and its t-weighted
     * form, their row, column and pair sums, and the Fisher sums. Returns {@code Σ_i ‖a_ij‖²}.
     */
    private double finish(Partial p, int j, double f0Hz) {
        double[] sums = p.sums;
        double[] fisher = p.fisher;
        double[] amp = p.amp;
        double cjr = 0;
        double cji = 0;
        double c1r = 0;
        double c1i = 0;
        double crr = 0;
        double cri = 0;
        double nrm = 0;
        double qr = legR.pRe[j];
        double qi = legR.pIm[j];
        double rateJ = legR.rate[j];
        int pairRow = j / m;
        int n2 = 2 * nt;
        double halfT = pulseS / 2;
        double k2 = k * k;
        double[] g = p.g;
        double[] dr = p.dr;
        for (int i = 0; i < nt; i++) {
            double ur = sums[2 * i] + sums[2 * i + 1];                 // Σ_b conj(z) E
            double ui = sums[n2 + 2 * i] - sums[n2 + 2 * i + 1];
            double vr = sums[2 * n2 + 2 * i] + sums[2 * n2 + 2 * i + 1];   // Σ_b t_b conj(z) E
            double vi = sums[3 * n2 + 2 * i] - sums[3 * n2 + 2 * i + 1];
            double x = (k * (legT.rate[i] + rateJ) - 2 * Math.PI * f0Hz) * halfT;
            double d = dirichlet.value(x);
            double rho = halfT * dirichlet.logSlope(x, d);
            // w = D g_i g_j e^{−jk(P_i + Q_j)}
            double wr = d * (legT.pRe[i] * qr - legT.pIm[i] * qi);
            double wi = d * (legT.pRe[i] * qi + legT.pIm[i] * qr);
            double cr = ur * wr - ui * wi;
            double ci = ur * wi + ui * wr;
            double dr1 = vr * wr - vi * wi;
            double di1 = vr * wi + vi * wr;
            double w2 = wr * wr + wi * wi;
            double a2 = w2 * blocks;
            nrm += a2;
            p.rowC[2 * i] += cr;
            p.rowC[2 * i + 1] += ci;
            p.rowC1[2 * i] += dr1;
            p.rowC1[2 * i + 1] += di1;
            p.rowCr[2 * i] += rho * cr;
            p.rowCr[2 * i + 1] += rho * ci;
            cjr += cr;
            cji += ci;
            c1r += dr1;
            c1i += di1;
            crr += rho * cr;
            cri += rho * ci;
            int pair = (i / m) * krs + pairRow;
            p.pairC[2 * pair] += cr;
            p.pairC[2 * pair + 1] += ci;
            p.pairNorm[pair] += a2;
            // Fisher: Σ_b (α αᵀ + φ φᵀ) = B'(α αᵀ + k² ∂L ∂Lᵀ) + Σ t_b² k² ∂L̇ ∂L̇ᵀ  (Σ t_b = 0)
            double lx = legT.ux[i] + legR.ux[j];
            double ly = legT.uy[i] + legR.uy[j];
            dr[0] = legT.dRateX[i] + legR.dRateX[j];
            dr[1] = legT.dRateY[i] + legR.dRateY[j];
            dr[2] = lx;
            dr[3] = ly;
            double rk = rho * k;
            g[0] = legT.lnGx[i] + legR.lnGx[j] + rk * dr[0];
            g[1] = legT.lnGy[i] + legR.lnGy[j] + rk * dr[1];
            g[2] = rk * lx;
            g[3] = rk * ly;
            double ws = w2 * sumT2 * k2;
            for (int a = 0; a < 4; a++) {
                amp[a] += a2 * g[a];
                for (int c = a; c < 4; c++) {
                    fisher[4 * a + c] += a2 * g[a] * g[c] + ws * dr[a] * dr[c];
                }
            }
            fisher[0] += a2 * k2 * lx * lx;
            fisher[1] += a2 * k2 * lx * ly;
            fisher[5] += a2 * k2 * ly * ly;
            p.phase[0] -= a2 * k * lx;
            p.phase[1] -= a2 * k * ly;
        }
        colC[2 * j] = cjr;
        colC[2 * j + 1] = cji;
        colC1[2 * j] = c1r;
        colC1[2 * j + 1] = c1i;
        colCr[2 * j] = crr;
        colCr[2 * j + 1] = cri;
        return nrm;
    }
}
