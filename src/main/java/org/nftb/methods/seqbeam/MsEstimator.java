package org.nftb.methods.seqbeam;

import org.jtransforms.fft.DoubleFFT_1D;

import java.util.Arrays;

/*
 * Over 400 lines would be reached by splitting search and refinement apart; they share the model evaluation below,
 * so the file keeps the three together (about 330 lines).
 */

/**
 * Seed 002's monostatic-sensing estimator on OFDM echoes ({@link OfdmEcho}'s layout): per target delay, angle and
 * Doppler, then position and radial velocity with covariance. Successive detection and cancellation:
 * <ol>
 *   <li>Delay domain: per symbol and element an inverse FFT over the subcarriers (×2 zero-padded), τ_d = d/(2MΔf).</li>
 *   <li>Coarse search over the range gate × an angle grid: the receive beam {@code Σ_n conj(b_n(θ, r_d)) h_{q,n}(d)},
 *       the transmit gain removed as a matched filter {@code conj(b(θ, r_d)ᵀ f_q)}, then an FFT over the symbols (the
 *       Doppler); the largest |·|² wins.</li>
 *   <li>Refinement: Gauss–Newton with Levenberg damping on the exact single-path model (θ, r, ν, Re β, Im β;
 *       τ = 2r/c) with the earlier targets subtracted, then on the joint model of all targets found so far, after
 *       every detection (RELAX; cyclic per-target passes stall where two echoes couple: they left a 3.7 mm bias on
 *       the noiseless 3-path benchmark scene).</li>
 *   <li>A target is kept while its estimated SNR (|β|² Σ|s|² / σ̂², σ̂² the residual power per entry) exceeds the
 *       detection threshold; its covariance is the inverse of its single-path FIM at the estimate with σ̂², the gain
 *       marginalized, mapped to (x, y, v_r = −λν/2).</li>
 * </ol>
 * The symbols' beams and times are given per CPI ({@link #setSymbols}); symbols must be equally spaced for the
 * Doppler FFT (a phase of the interleaved layout is). Allocates its buffers once; not thread-safe.
 */
public final class MsEstimator {
    /** One estimate: position, radial velocity, covariance of (x, y, v_r) row-major, SNR. */
    public record Target(double xM, double yM, double radialVelocityMps, double angleRad, double rangeM,
                         double dopplerHz, double[] covariance, double snrDb) {
    }

    private final SystemParams sys;
    private final int n;
    private final int m;
    private final int pad;
    private final double k;
    private final double[] offsets;
    private final double minRangeM;
    private final double maxRangeM;
    private final double maxAngleRad;
    private final int angles;
    private final double thresholdDb;
    private final DoubleFFT_1D delayFft;
    private double[] beams;
    private double[] times;
    private int q;

    /**
     * @param thresholdDb detection threshold on a target's integrated SNR, dB
     */
    public MsEstimator(SystemParams sys, double minRangeM, double maxRangeM, double maxAngleRad, int angles,
                       double thresholdDb) {
        this.sys = sys;
        this.n = sys.bsElements();
        this.m = sys.subcarriers();
        this.pad = 2 * m;
        this.k = 2 * Math.PI / sys.wavelengthM();
        this.offsets = Steering.ulaOffsets(n, sys.elementSpacingM());
        this.minRangeM = minRangeM;
        this.maxRangeM = maxRangeM;
        this.maxAngleRad = maxAngleRad;
        this.angles = angles;
        this.thresholdDb = thresholdDb;
        this.delayFft = new DoubleFFT_1D(pad);
    }

    /** The CPI's symbols: beams (N × Q column-major interleaved) and times (Q, equally spaced). */
    public void setSymbols(double[] symbolBeams, double[] symbolTimes) {
        this.beams = symbolBeams;
        this.times = symbolTimes;
        this.q = symbolTimes.length;
    }

    /**
     * Estimates up to {@code maxTargets} targets from {@code y} (not modified): RELAX-style successive detection —
     * each new target is found on the residual of the ones before, refined alone, then every target is refined
     * jointly on the data and the residual recomputed; a new target whose SNR after the joint refinement is below
     * the threshold is dropped and the search ends.
     */
    public Target[] estimate(double[] y, int maxTargets) {
        double[] res = y.clone();
        double[][] est = new double[0][];
        for (int t = 0; t < maxTargets; t++) {
            double[] c = coarse(res);
            if (c == null) {
                break;
            }
            double[][] trial = Arrays.copyOf(est, est.length + 1);
            trial[est.length] = refine(res, c);
            if (trial.length > 1) {
                trial = refineJoint(y, trial);
            }
            double[] r = y.clone();
            for (double[] p : trial) {
                subtract(r, signal(p), p[3], p[4]);
            }
            double[] last = trial[trial.length - 1];
            double snr = 10 * Math.log10((last[3] * last[3] + last[4] * last[4]) * norm2(signal(last)) / power(r));
            if (!(snr >= thresholdDb)) {
                break;
            }
            est = trial;
            res = r;
        }
        double noise = power(res);
        Target[] out = new Target[est.length];
        for (int t = 0; t < est.length; t++) {
            out[t] = target(est[t], noise);
        }
        return out;
    }

    /** [θ, r, ν] of the strongest cell of the coarse search, or null when the gate is empty. */
    private double[] coarse(double[] y) {
        double df = sys.subcarrierSpacingHz();
        double binM = StageModel.C / (2 * pad * df);
        int d0 = Math.max(0, (int) Math.floor(minRangeM / binM));
        int d1 = Math.min(pad - 1, (int) Math.ceil(maxRangeM / binM));
        if (d1 < d0) {
            return null;
        }
        int gates = d1 - d0 + 1;
        // h[(d·Q + s)·N + e]
        double[] h = new double[2 * gates * q * n];
        double[] buf = new double[2 * pad];
        for (int s = 0; s < q; s++) {
            for (int e = 0; e < n; e++) {
                Arrays.fill(buf, 0);
                for (int sc = 0; sc < m; sc++) {
                    int o = 2 * ((s * m + sc) * n + e);
                    // centred index m = sc − M/2 placed at (sc − M/2) mod 2M
                    int at = Math.floorMod(sc - m / 2, pad);
                    buf[2 * at] = y[o];
                    buf[2 * at + 1] = y[o + 1];
                }
                delayFft.complexInverse(buf, false);
                for (int d = d0; d <= d1; d++) {
                    int o = 2 * (((d - d0) * q + s) * n + e);
                    h[o] = buf[2 * d];
                    h[o + 1] = buf[2 * d + 1];
                }
            }
        }
        int nfft = Integer.highestOneBit(Math.max(1, 4 * q - 1)) * 2;
        DoubleFFT_1D dop = new DoubleFFT_1D(nfft);
        double[] v = new double[2 * nfft];
        double[] b = new double[2 * n];
        double best = -1;
        double[] arg = null;
        double dt = q > 1 ? times[1] - times[0] : 1;
        for (int d = d0; d <= d1; d++) {
            double r = Math.max(minRangeM, d * binM);
            for (int a = 0; a < angles; a++) {
                double th = -maxAngleRad + 2 * maxAngleRad * a / (angles - 1);
                Steering.fill(offsets, k, th, r, true, b, null, null);
                Arrays.fill(v, 0);
                for (int s = 0; s < q; s++) {
                    double ur = 0;
                    double ui = 0;
                    int o = 2 * (((d - d0) * q + s) * n);
                    double gr = 0;
                    double gi = 0;
                    for (int e = 0; e < n; e++) {
                        double hr = h[o + 2 * e];
                        double hi = h[o + 2 * e + 1];
                        ur += b[2 * e] * hr + b[2 * e + 1] * hi;
                        ui += b[2 * e] * hi - b[2 * e + 1] * hr;
                        double fr = beams[2 * (s * n + e)];
                        double fi = beams[2 * (s * n + e) + 1];
                        gr += b[2 * e] * fr - b[2 * e + 1] * fi;
                        gi += b[2 * e] * fi + b[2 * e + 1] * fr;
                    }
                    v[2 * s] = gr * ur + gi * ui;
                    v[2 * s + 1] = gr * ui - gi * ur;
                }
                dop.complexForward(v);
                for (int f = 0; f < nfft; f++) {
                    double pw = v[2 * f] * v[2 * f] + v[2 * f + 1] * v[2 * f + 1];
                    if (pw > best) {
                        best = pw;
                        // forward FFT bin f ↔ e^{−j2π f s/nfft} matches e^{+j2πν t}: ν = f/(nfft dt), wrapped
                        double nu = (f < nfft / 2 ? f : f - nfft) / (nfft * dt);
                        arg = new double[] {th, r, nu};
                    }
                }
            }
        }
        return arg;
    }

    /** Refinement of one target [θ, r, ν, βr, βi] on y (the target alone in y). */
    private double[] refine(double[] y, double[] start) {
        double[] p = Arrays.copyOf(start, 5);
        double[] beta = ls(signal(p), y);
        p[3] = beta[0];
        p[4] = beta[1];
        return refineJoint(y, new double[][] {p})[0];
    }

    /**
     * Gauss–Newton with Levenberg damping on the joint model {@code Σ_t β_t s(θ_t, r_t, ν_t)} over every target's
     * [θ, r, ν, Re β, Im β]; stops when the cost falls by less than 1e-10 of itself or after 50 iterations.
     */
    private double[][] refineJoint(double[] y, double[][] start) {
        int nt = start.length;
        int np = 5 * nt;
        double[][] p = new double[nt][];
        for (int t = 0; t < nt; t++) {
            p[t] = start[t].clone();
        }
        double[][][] d = new double[nt][3][];
        double[][] s = new double[nt][];
        double[] res = model(y, p, s, d);
        double cost = norm2(res);
        double lambda = 1e-3;
        for (int it = 0; it < 50; it++) {
            double[][] cols = new double[np][];
            for (int t = 0; t < nt; t++) {
                for (int i = 0; i < 3; i++) {
                    cols[5 * t + i] = scaled(d[t][i], p[t][3], p[t][4]);
                }
                cols[5 * t + 3] = s[t];
                cols[5 * t + 4] = scaled(s[t], 0, 1);
            }
            double[][] a = new double[np][np];
            double[] g = new double[np];
            for (int i = 0; i < np; i++) {
                g[i] = dotRe(cols[i], res);
                for (int j = i; j < np; j++) {
                    a[i][j] = dotRe(cols[i], cols[j]);
                    a[j][i] = a[i][j];
                }
            }
            boolean accepted = false;
            for (int tries = 0; tries < 8 && !accepted; tries++) {
                double[][] a2 = new double[np][];
                for (int i = 0; i < np; i++) {
                    a2[i] = a[i].clone();
                    a2[i][i] *= 1 + lambda;
                }
                double[] step = solve(a2, g);
                double[][] pn = new double[nt][];
                for (int t = 0; t < nt; t++) {
                    pn[t] = p[t].clone();
                    for (int i = 0; i < 5; i++) {
                        pn[t][i] += step[5 * t + i];
                    }
                }
                double[][][] dn = new double[nt][3][];
                double[][] sn = new double[nt][];
                double[] rn = model(y, pn, sn, dn);
                double cn = norm2(rn);
                if (cn < cost) {
                    accepted = true;
                    boolean converged = cost - cn <= 1e-10 * cost;
                    p = pn;
                    s = sn;
                    d = dn;
                    res = rn;
                    cost = cn;
                    lambda = Math.max(1e-9, lambda / 3);
                    if (converged) {
                        return p;
                    }
                } else {
                    lambda *= 10;
                }
            }
            if (!accepted) {
                return p;
            }
        }
        return p;
    }

    /** y − Σ_t β_t s_t; fills each target's unit-gain signal and derivatives. */
    private double[] model(double[] y, double[][] p, double[][] s, double[][][] d) {
        double[] res = y.clone();
        for (int t = 0; t < p.length; t++) {
            s[t] = signalAndDerivatives(p[t], d[t]);
            subtract(res, s[t], p[t][3], p[t][4]);
        }
        return res;
    }

    private Target target(double[] p, double noise) {
        double[][] d = new double[3][];
        double[] s = signalAndDerivatives(p, d);
        double[][] cols = {scaled(d[0], p[3], p[4]), scaled(d[1], p[3], p[4]), scaled(d[2], p[3], p[4]), s,
                scaled(s, 0, 1)};
        double[] fim = new double[25];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                fim[i * 5 + j] = 2 / noise * dotRe(cols[i], cols[j]);
            }
        }
        double[] e = Dense.schur(fim, 5, new int[] {0, 1, 2}, new int[] {3, 4});
        double[] c = e == null ? null : Dense.inverse(e, 3);
        double th = p[0];
        double r = p[1];
        double lambdaM = sys.wavelengthM();
        double[] cov = new double[9];
        if (c != null) {
            // (x, y, v_r) = (r sin θ, r cos θ, −λν/2)
            double[] j = {r * Math.cos(th), Math.sin(th), 0, -r * Math.sin(th), Math.cos(th), 0, 0, 0, -lambdaM / 2};
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    double v = 0;
                    for (int i = 0; i < 3; i++) {
                        for (int jj = 0; jj < 3; jj++) {
                            v += j[3 * a + i] * c[3 * i + jj] * j[3 * b + jj];
                        }
                    }
                    cov[3 * a + b] = v;
                }
            }
        } else {
            Arrays.fill(cov, Double.NaN);
        }
        double snr = 10 * Math.log10((p[3] * p[3] + p[4] * p[4]) * norm2(s) / noise);
        return new Target(r * Math.sin(th), r * Math.cos(th), -lambdaM * p[2] / 2, th, r, p[2], cov, snr);
    }

    /** The unit-gain signal of one path at [θ, r, ν] and (when d is not null) its derivatives. */
    private double[] signal(double[] p) {
        return signalAndDerivatives(p, null);
    }

    private double[] signalAndDerivatives(double[] p, double[][] d) {
        double[] b = new double[2 * n];
        double[] db = new double[2 * n];
        double[] dr = new double[2 * n];
        Steering.fill(offsets, k, p[0], p[1], true, b, db, dr);
        int len = 2 * q * m * n;
        double[] s = new double[len];
        if (d != null) {
            d[0] = new double[len];
            d[1] = new double[len];
            d[2] = new double[len];
        }
        double df = sys.subcarrierSpacingHz();
        double tau = 2 * p[1] / StageModel.C;
        for (int sym = 0; sym < q; sym++) {
            // g = bᵀ f, ġ = ḃᵀ f, g' = b'ᵀ f
            double[] g = new double[6];
            for (int e = 0; e < n; e++) {
                double fr = beams[2 * (sym * n + e)];
                double fi = beams[2 * (sym * n + e) + 1];
                g[0] += b[2 * e] * fr - b[2 * e + 1] * fi;
                g[1] += b[2 * e] * fi + b[2 * e + 1] * fr;
                g[2] += db[2 * e] * fr - db[2 * e + 1] * fi;
                g[3] += db[2 * e] * fi + db[2 * e + 1] * fr;
                g[4] += dr[2 * e] * fr - dr[2 * e + 1] * fi;
                g[5] += dr[2 * e] * fi + dr[2 * e + 1] * fr;
            }
            double tph = 2 * Math.PI * p[2] * times[sym];
            double er = Math.cos(tph);
            double ei = Math.sin(tph);
            for (int sc = 0; sc < m; sc++) {
                double mm = sc - m / 2;
                double fph = -2 * Math.PI * mm * df * tau;
                double cr = Math.cos(fph) * er - Math.sin(fph) * ei;
                double ci = Math.cos(fph) * ei + Math.sin(fph) * er;
                int o = 2 * ((sym * m + sc) * n);
                for (int e = 0; e < n; e++) {
                    // φ · b_n · g
                    double ur = b[2 * e] * g[0] - b[2 * e + 1] * g[1];
                    double ui = b[2 * e] * g[1] + b[2 * e + 1] * g[0];
                    s[o + 2 * e] = cr * ur - ci * ui;
                    s[o + 2 * e + 1] = cr * ui + ci * ur;
                    if (d == null) {
                        continue;
                    }
                    // θ: φ (ḃ_n g + b_n ġ)
                    double vr = db[2 * e] * g[0] - db[2 * e + 1] * g[1] + b[2 * e] * g[2] - b[2 * e + 1] * g[3];
                    double vi = db[2 * e] * g[1] + db[2 * e + 1] * g[0] + b[2 * e] * g[3] + b[2 * e + 1] * g[2];
                    d[0][o + 2 * e] = cr * vr - ci * vi;
                    d[0][o + 2 * e + 1] = cr * vi + ci * vr;
                    // r: φ (b'_n g + b_n g') + (−j2π m Δf 2/c) s
                    double wr = dr[2 * e] * g[0] - dr[2 * e + 1] * g[1] + b[2 * e] * g[4] - b[2 * e + 1] * g[5];
                    double wi = dr[2 * e] * g[1] + dr[2 * e + 1] * g[0] + b[2 * e] * g[5] + b[2 * e + 1] * g[4];
                    double kf = -2 * Math.PI * mm * df * 2 / StageModel.C;
                    double sr = s[o + 2 * e];
                    double si = s[o + 2 * e + 1];
                    d[1][o + 2 * e] = cr * wr - ci * wi - kf * si;
                    d[1][o + 2 * e + 1] = cr * wi + ci * wr + kf * sr;
                    // ν: j2πt s
                    double kt = 2 * Math.PI * times[sym];
                    d[2][o + 2 * e] = -kt * si;
                    d[2][o + 2 * e + 1] = kt * sr;
                }
            }
        }
        return s;
    }

    private static double[] ls(double[] s, double[] y) {
        double nr = 0;
        double ni = 0;
        for (int i = 0; i < s.length; i += 2) {
            nr += s[i] * y[i] + s[i + 1] * y[i + 1];
            ni += s[i] * y[i + 1] - s[i + 1] * y[i];
        }
        double nn = norm2(s);
        return new double[] {nr / nn, ni / nn};
    }

    private static double[] scaled(double[] x, double br, double bi) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i += 2) {
            out[i] = br * x[i] - bi * x[i + 1];
            out[i + 1] = br * x[i + 1] + bi * x[i];
        }
        return out;
    }

    private static void subtract(double[] y, double[] s, double br, double bi) {
        for (int i = 0; i < y.length; i += 2) {
            y[i] -= br * s[i] - bi * s[i + 1];
            y[i + 1] -= br * s[i + 1] + bi * s[i];
        }
    }

    private static void add(double[] y, double[] s, double br, double bi) {
        subtract(y, s, -br, -bi);
    }

    private static double dotRe(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm2(double[] a) {
        return dotRe(a, a);
    }

    private static double power(double[] y) {
        return norm2(y) / (y.length / 2);
    }

    private static double[] solve(double[][] a, double[] g) {
        int nn = g.length;
        double[] flat = new double[nn * nn];
        for (int i = 0; i < nn; i++) {
            System.arraycopy(a[i], 0, flat, i * nn, nn);
        }
        double[] inv = Dense.inverse(flat, nn);
        double[] x = new double[nn];
        if (inv == null) {
            return x;
        }
        for (int i = 0; i < nn; i++) {
            for (int j = 0; j < nn; j++) {
                x[i] += inv[i * nn + j] * g[j];
            }
        }
        return x;
    }
}
