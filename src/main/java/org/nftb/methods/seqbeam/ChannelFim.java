package org.nftb.methods.seqbeam;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The channel-domain Fisher information of one stage by Slepian–Bangs (seed 002 eq. 9):
 * {@code I_ij = (2/σ²) Σ_{l,p,m} Re{∂μᴴ/∂ξ_i ∂μ/∂ξ_j}} for the OFDM observation {@code μ_{l,p,m} = H_{l,p,m} f_l s_{p,m}}
 * (eqs. 3-6, unit-modulus pilots), in closed form. With {@link ChannelParam}'s derivative, entry (i, j) for paths
 * k = path(i) ≤ k' = path(j) is
 * <pre>
 *   (2/σ²) Re{ χ̄_i χ_j (j2πΔf)^{a_i} (−j2πΔf)^{a_j} (−j2π)^{b_i} (j2π)^{b_j} F_{a_i+a_j}(τ_k' − τ_k)
 *             Σ_{terms} (u_αᴴ u_β) Σ_l T_{l, b_i+b_j}(ν_k' − ν_k) · v_{w_β}ᴴ f_l f_lᴴ v_{w_α} }
 * </pre>
 * with the subcarrier sums {@code F_A(Δτ) = Σ_m m^A e^{−j2πmΔfΔτ}} (m = −M/2 … M/2−1) and slot l's time sums
 * {@code T_{l,B}(Δν) = Σ_p t_{l,p}^B e^{j2πΔν t_{l,p}}}, both closed form ({@link Moments}). The exact FIM keeps
 * every pair of paths; the paper's block-diagonal FIM (§IV: no coupling between paths) keeps k = k' only.
 *
 * <p>Two evaluations: {@link #compute} from the L slot beams (the exact FIM of a schedule), and
 * {@link #computeAveraged} from the Gram matrix {@code G = Vᴴ R V} of the total covariance {@code R = Σ_l f_l f_lᴴ}
 * with each slot's time sums replaced by their slot average (the design model: linear in R, see
 * {@code design/Objective}); with the interleaved layout the two differ by the O(1/P) spread of the slots' times.
 *
 * <p>Built once per (stage model, phase, mode); evaluation allocates nothing. Not thread-safe (scratch buffers).
 */
public final class ChannelFim {
    /** Which pairs of paths couple. */
    public enum Mode {
        /** Every pair of paths (the exact Slepian–Bangs FIM). */
        EXACT,
        /** Paths decoupled (the paper's diagonal assumption, §IV). */
        BLOCK_DIAGONAL
    }

    private final StageModel model;
    private final Phase phase;
    private final Mode mode;
    private final int n;
    private final int d;
    private final int slots;
    private final int[] pairK;
    private final int[] pairK2;
    private final double[] time;        // [pair][slot][B] complex
    private final double[] timeMean;    // [pair][B] complex
    // terms: FIM[i][j] += Re(coef · H[pair][B][x][y])
    private final int[] tI;
    private final int[] tJ;
    private final int[] tPair;
    private final int[] tB;
    private final int[] tX;
    private final int[] tY;
    private final double[] tC;
    private final double[] avgC;
    private final double[] g;           // V^H f_l, per slot
    private final double[] h;           // per needed entry (pair, B, x, y): Σ_l T_{l,B} g_l[x] conj(g_l[y])
    private final int[] ePair;
    private final int[] eB;
    private final int[] eX;
    private final int[] eY;
    private final int[] tEntry;

    public ChannelFim(StageModel model, Phase phase, Mode mode) {
        if (phase.slots() != model.sys.slots()) {
            throw new IllegalArgumentException("phase has " + phase.slots() + " slots, system " + model.sys.slots());
        }
        this.model = model;
        this.phase = phase;
        this.mode = mode;
        this.n = model.params.size();
        this.d = 3 * model.paths;
        this.slots = phase.slots();
        List<int[]> pairs = new ArrayList<>();
        for (int k = 0; k < model.paths; k++) {
            for (int k2 = k; k2 < model.paths; k2++) {
                if (mode == Mode.EXACT || k == k2) {
                    pairs.add(new int[] {k, k2});
                }
            }
        }
        int np = pairs.size();
        this.pairK = new int[np];
        this.pairK2 = new int[np];
        for (int p = 0; p < np; p++) {
            pairK[p] = pairs.get(p)[0];
            pairK2[p] = pairs.get(p)[1];
        }
        this.time = new double[np * slots * 6];
        this.timeMean = new double[np * 6];
        double[] freq = new double[np * 6];
        fillSums(freq);
        Terms terms = buildTerms(freq);
        this.tI = terms.i;
        this.tJ = terms.j;
        this.tPair = terms.pair;
        this.tB = terms.b;
        this.tX = terms.x;
        this.tY = terms.y;
        this.tC = terms.c;
        this.avgC = new double[tC.length];
        for (int t = 0; t < tI.length; t++) {
            int at = 2 * (tPair[t] * 3 + tB[t]);
            mulInto(tC[2 * t], tC[2 * t + 1], timeMean[at], timeMean[at + 1], avgC, 2 * t);
        }
        this.g = new double[2 * d * slots];
        // the (pair, B, x, y) sums the terms use, each once
        Map<Long, Integer> seen = new LinkedHashMap<>();
        this.tEntry = new int[tI.length];
        for (int t = 0; t < tI.length; t++) {
            long key = ((((long) tPair[t] * 3 + tB[t]) * d + tX[t]) * d) + tY[t];
            Integer e = seen.get(key);
            if (e == null) {
                e = seen.size();
                seen.put(key, e);
            }
            tEntry[t] = e;
        }
        int ne = seen.size();
        this.ePair = new int[ne];
        this.eB = new int[ne];
        this.eX = new int[ne];
        this.eY = new int[ne];
        for (int t = 0; t < tI.length; t++) {
            int e = tEntry[t];
            ePair[e] = tPair[t];
            eB[e] = tB[t];
            eX[e] = tX[t];
            eY[e] = tY[t];
        }
        this.h = new double[2 * ne];
    }

    /** Subcarrier sums per pair and time sums per (pair, slot) and their slot mean. */
    private void fillSums(double[] freq) {
        SystemParams sys = model.sys;
        double df = sys.subcarrierSpacingHz();
        double[] s = new double[6];
        for (int p = 0; p < pairK.length; p++) {
            int k = pairK[p];
            int k2 = pairK2[p];
            double dTau = model.delayS[k2] - model.delayS[k];
            Moments.of(2 * Math.PI * df * dTau, -(sys.subcarriers() / 2), sys.subcarriers(), s);
            System.arraycopy(s, 0, freq, 6 * p, 6);
            double dNu = model.dopplerHz[k2] - model.dopplerHz[k];
            double dt = phase.spacingS();
            for (int l = 0; l < slots; l++) {
                int cnt = phase.count(l);
                double t0 = phase.firstS(l);
                Moments.of(-2 * Math.PI * dNu * dt, 0, cnt, s);
                double er = Math.cos(2 * Math.PI * dNu * t0);
                double ei = Math.sin(2 * Math.PI * dNu * t0);
                int o = 6 * (p * slots + l);
                // T0 = e S0; T1 = e (t0 S0 + dt S1); T2 = e (t0² S0 + 2 t0 dt S1 + dt² S2)
                double[] tb = {s[0], s[1],
                        t0 * s[0] + dt * s[2], t0 * s[1] + dt * s[3],
                        t0 * t0 * s[0] + 2 * t0 * dt * s[2] + dt * dt * s[4],
                        t0 * t0 * s[1] + 2 * t0 * dt * s[3] + dt * dt * s[5]};
                for (int b = 0; b < 3; b++) {
                    mulInto(er, ei, tb[2 * b], tb[2 * b + 1], time, o + 2 * b);
                    timeMean[6 * p + 2 * b] += time[o + 2 * b] / slots;
                    timeMean[6 * p + 2 * b + 1] += time[o + 2 * b + 1] / slots;
                }
            }
        }
    }

    private record Terms(int[] i, int[] j, int[] pair, int[] b, int[] x, int[] y, double[] c) {
    }

    private Terms buildTerms(double[] freq) {
        List<ChannelParam> ps = model.params;
        List<double[]> rows = new ArrayList<>();
        double twoPiDf = 2 * Math.PI * model.sys.subcarrierSpacingHz();
        double scale = 2 / model.noisePowerW();
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                ChannelParam a = ps.get(i);
                ChannelParam b = ps.get(j);
                if (a.path() > b.path()) {
                    ChannelParam tmp = a;
                    a = b;
                    b = tmp;
                }
                int pair = pairIndex(a.path(), b.path());
                if (pair < 0) {
                    continue;
                }
                // χ̄_a χ_b (j2πΔf)^{a_a} (−j2πΔf)^{a_b} (−j2π)^{b_a} (j2π)^{b_b} F_{a_a+a_b}
                double[] c = {a.chiRe() * b.chiRe() + a.chiIm() * b.chiIm(), a.chiRe() * b.chiIm() - a.chiIm() * b.chiRe()};
                c = timesJ(c, a.freq(), twoPiDf);
                c = timesJ(c, b.freq(), -twoPiDf);
                c = timesJ(c, a.time(), -2 * Math.PI);
                c = timesJ(c, b.time(), 2 * Math.PI);
                int fa = 6 * pair + 2 * (a.freq() + b.freq());
                double[] cf = new double[2];
                mulInto(c[0], c[1], freq[fa], freq[fa + 1], cf, 0);
                int bSum = a.time() + b.time();
                for (int ta = 0; ta < a.u().length; ta++) {
                    for (int tb = 0; tb < b.u().length; tb++) {
                        int gu = 2 * (a.u()[ta] * d + b.u()[tb]);
                        double[] cc = new double[2];
                        mulInto(cf[0], cf[1], model.rxGram[gu], model.rxGram[gu + 1], cc, 0);
                        rows.add(new double[] {i, j, pair, bSum, b.w()[tb], a.w()[ta], scale * cc[0], scale * cc[1]});
                    }
                }
            }
        }
        int m = rows.size();
        Terms t = new Terms(new int[m], new int[m], new int[m], new int[m], new int[m], new int[m], new double[2 * m]);
        for (int r = 0; r < m; r++) {
            double[] row = rows.get(r);
            t.i[r] = (int) row[0];
            t.j[r] = (int) row[1];
            t.pair[r] = (int) row[2];
            t.b[r] = (int) row[3];
            t.x[r] = (int) row[4];
            t.y[r] = (int) row[5];
            t.c[2 * r] = row[6];
            t.c[2 * r + 1] = row[7];
        }
        return t;
    }

    /** c · (j·s)^order. */
    private static double[] timesJ(double[] c, int order, double s) {
        return order == 0 ? c : new double[] {-c[1] * s, c[0] * s};
    }

    private int pairIndex(int k, int k2) {
        for (int p = 0; p < pairK.length; p++) {
            if (pairK[p] == k && pairK2[p] == k2) {
                return p;
            }
        }
        return -1;
    }

    private static void mulInto(double ar, double ai, double br, double bi, double[] out, int o) {
        out[o] = ar * br - ai * bi;
        out[o + 1] = ar * bi + ai * br;
    }

    public int size() { return n; }
    public StageModel model() { return model; }
    public Phase phase() { return phase; }
    public Mode mode() { return mode; }
    /** Design-model terms (for the design objective's adjoint): count. */
    int termCount() { return tI.length; }

    /**
     * The exact FIM of the schedule {@code beams} (N_B × L, column l = f_l, interleaved re/im, column-major) into
     * {@code out} (n × n row-major, overwritten).
     */
    public void compute(double[] beams, double[] out) {
        int nb = model.txElements;
        double[] v = model.txBank;
        for (int l = 0; l < slots; l++) {
            for (int x = 0; x < d; x++) {
                double re = 0;
                double im = 0;
                int ov = 2 * nb * x;
                int of = 2 * nb * l;
                for (int e = 0; e < nb; e++) {
                    double vr = v[ov + 2 * e];
                    double vi = v[ov + 2 * e + 1];
                    double fr = beams[of + 2 * e];
                    double fi = beams[of + 2 * e + 1];
                    re += vr * fr + vi * fi;
                    im += vr * fi - vi * fr;
                }
                g[2 * (l * d + x)] = re;
                g[2 * (l * d + x) + 1] = im;
            }
        }
        for (int e = 0; e < ePair.length; e++) {
            int ot = 6 * ePair[e] * slots + 2 * eB[e];
            int ox = 2 * eX[e];
            int oy = 2 * eY[e];
            double re = 0;
            double im = 0;
            for (int l = 0; l < slots; l++, ot += 6, ox += 2 * d, oy += 2 * d) {
                double gxr = g[ox];
                double gxi = g[ox + 1];
                double gyr = g[oy];
                double gyi = -g[oy + 1];
                double er = gxr * gyr - gxi * gyi;
                double ei = gxr * gyi + gxi * gyr;
                double tr = time[ot];
                double ti = time[ot + 1];
                re += tr * er - ti * ei;
                im += tr * ei + ti * er;
            }
            h[2 * e] = re;
            h[2 * e + 1] = im;
        }
        Arrays.fill(out, 0, n * n, 0);
        for (int t = 0; t < tI.length; t++) {
            int oh = 2 * tEntry[t];
            out[tI[t] * n + tJ[t]] += tC[2 * t] * h[oh] - tC[2 * t + 1] * h[oh + 1];
        }
        symmetrize(out);
    }

    /**
     * The slot-averaged FIM from {@code gram} = Vᴴ R V (3(K+1) square, interleaved row-major) into {@code out}:
     * linear in R.
     */
    public void computeAveraged(double[] gram, double[] out) {
        Arrays.fill(out, 0, n * n, 0);
        for (int t = 0; t < tI.length; t++) {
            int og = 2 * (tX[t] * d + tY[t]);
            out[tI[t] * n + tJ[t]] += avgC[2 * t] * gram[og] - avgC[2 * t + 1] * gram[og + 1];
        }
        symmetrize(out);
    }

    /**
     * The adjoint of {@link #computeAveraged}: for {@code df = Σ_ij fimGrad_ij dI_ij} (fimGrad symmetric), adds
     * Y with {@code df = Re Σ_xy Y_xy dG_xy} into {@code gramGrad} (interleaved d × d).
     */
    public void adjointAveraged(double[] fimGrad, double[] gramGrad) {
        for (int t = 0; t < tI.length; t++) {
            int i = tI[t];
            int j = tJ[t];
            double w = i == j ? fimGrad[i * n + j] : fimGrad[i * n + j] + fimGrad[j * n + i];
            int og = 2 * (tX[t] * d + tY[t]);
            gramGrad[og] += w * avgC[2 * t];
            gramGrad[og + 1] += w * avgC[2 * t + 1];
        }
    }

    private void symmetrize(double[] out) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                out[i * n + j] = out[j * n + i];
            }
        }
    }
}
