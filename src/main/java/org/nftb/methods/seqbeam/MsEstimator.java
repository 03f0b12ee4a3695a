package org.nftb.methods.seqbeam;

import org.jtransforms.fft.DoubleFFT_1D;

import java.util.Arrays;

/**
 * Seed 002's monostatic-sensing estimator on OFDM echoes ({@link OfdmEcho}'s layout): per target delay, angle and
 * Doppler, then position and radial velocity with covariance, and a quality verdict. RELAX-style successive
 * detection:
 * <ol>
 *   <li><b>Coarse search</b> on the residual of the targets found so far, all by FFTs: per symbol and element an
 *       inverse FFT over the subcarriers (×2 zero-padded: range cells of c/(4MΔf)); per symbol and range gate a
 *       2N-point FFT over the elements (the far-field receive beams, u = sin θ on a grid twice as fine as the beam
 *       width); the transmit gain of each symbol's beam towards each u removed as a matched filter,
 *       {@code conj(a(u)ᵀ f_q)}; an FFT over the symbols (×2 zero-padded: the Doppler). The largest |·|² within the
 *       declared domain (range gate, sector) starts the new target. The far field serves only this search: the
 *       refinement below is exact, and for the 16-element array at 28 GHz every range beyond 1.2 m is far field.</li>
 *   <li><b>Refinement</b> ({@link SeparablePaths}): the new target alone on the residual, then all targets jointly
 *       on the data, by Levenberg–Marquardt on the exact near-field model (θ, r, ν, Re β, Im β; τ = 2r/c).</li>
 *   <li><b>Detection</b>: a new target is kept while its integrated SNR {@code |β|²‖s‖²/σ̂²} after the joint fit
 *       reaches the threshold (σ̂² the residual power per entry); else it is dropped and the search ends.</li>
 *   <li><b>Covariance</b>: the inverse of the joint FIM {@code (2/σ̂²) Re JᴴJ} of all targets at the estimate, the
 *       gains Schur-marginalized (the bound of the data at the estimate, couplings between targets included),
 *       mapped to (θ, r, v_r = −λν/2) and (x, y, v_r).</li>
 *   <li><b>Quality</b>: the fit {@code |⟨s, y_t⟩|²/(‖s‖²‖y_t‖²)} of each target on the data with the others removed,
 *       against what a right estimate reaches at its SNR ρ, {@code (ρ + 1)/(ρ + D)} (D entries); consistent when it
 *       reaches {@code max(½, 1 − 4σ)} of that (σ the fit's relative spread for a right estimate,
 *       {@code √2/√ρ + √D/(ρ + D)}) and the estimate lies in the declared domain (range gate and sector). An
 *       inconsistent target is reported as such, never as a position.</li>
 * </ol>
 * Seed 002 is monostatic with one Doppler per echo: the tangential velocity is not observed (only v_r).
 * The symbols' beams and times are given per CPI ({@link #setSymbols}); symbols must be equally spaced for the
 * Doppler FFT (a phase of the interleaved layout is). {@link #estimateInto} allocates nothing once the symbols are
 * set (every scratch array is sized in the constructor or {@link #setSymbols}); not thread-safe. The file is over
 * 400 lines because the four steps share that scratch (split apart, each would take a dozen arrays).
 */
public final class MsEstimator {
    /** Relative spread factor of the quality rule (4σ) and its floor. */
    static final double SPREADS = 4;
    static final double FIT_FLOOR = 0.5;

    private final SystemParams sys;
    private final int n;
    private final int m;
    private final int pad;
    private final int beamsFft;
    private final double minRangeM;
    private final double maxRangeM;
    private final double maxAngleRad;
    private final double thresholdDb;
    private final int maxTargets;
    private final DoubleFFT_1D delayFft;
    private final DoubleFFT_1D angleFft;
    private final int d0;
    private final int d1;
    private final double binM;
    private double[] beams;
    private double[] times;
    private int q;
    private SeparablePaths paths;
    private DoubleFFT_1D dopplerFft;
    private int nfft;
    private double[] cube;      // [(gate·Q + s)·A + a] complex: receive beams per symbol
    private double[] txGain;    // [s·A + a] complex: a(u_a)ᵀ f_s
    private double[] residual;
    private double[] dopplerBuf;   // 2·nfft
    // per-CPI scratch, sized once (allocation-free estimate)
    private final double[] delayBuf;
    private final double[] column;
    private final double[] gainBuf;
    private final double[][] delay;
    private final double[] coarseArg = new double[3];
    private final double[][] accepted;
    private final double[][] trial;
    private final double[][] one = new double[1][5];
    private final double[] pair = new double[2];
    private final double[] pair2 = new double[2];
    private final MsTarget[] found;
    private int count;
    private final double[] normal;
    private final double[] gradient;
    private final double[] fim;
    private final int[] keep;
    private final int[] drop;
    private final double[] schur;
    private final double[] crb;
    private final double[] add;
    private final double[] inv;
    private final double[] chol;
    private final double[] sv;
    private final double[] tv;
    private final double[] jPolar = new double[9];
    private final double[] jCart = new double[9];

    /**
     * @param thresholdDb detection threshold on a target's integrated SNR, dB
     * @param maxTargets  most targets per CPI
     */
    public MsEstimator(SystemParams sys, double minRangeM, double maxRangeM, double maxAngleRad, double thresholdDb,
                       int maxTargets) {
        this.sys = sys;
        this.n = sys.bsElements();
        this.m = sys.subcarriers();
        this.pad = 2 * m;
        this.beamsFft = 2 * Integer.highestOneBit(2 * n - 1);
        this.minRangeM = minRangeM;
        this.maxRangeM = maxRangeM;
        this.maxAngleRad = maxAngleRad;
        this.thresholdDb = thresholdDb;
        this.maxTargets = maxTargets;
        this.delayFft = new DoubleFFT_1D(pad);
        this.angleFft = new DoubleFFT_1D(beamsFft);
        this.binM = StageModel.C / (2 * pad * sys.subcarrierSpacingHz());
        this.d0 = Math.max(0, (int) Math.floor(minRangeM / binM));
        this.d1 = Math.min(pad - 1, (int) Math.ceil(maxRangeM / binM));
        int gates = Math.max(0, d1 - d0 + 1);
        this.delayBuf = new double[2 * pad];
        this.column = new double[2 * beamsFft];
        this.gainBuf = new double[2 * beamsFft];
        this.delay = new double[n][2 * gates];
        this.accepted = new double[maxTargets + 1][5];
        this.trial = new double[maxTargets + 1][5];
        this.found = new MsTarget[maxTargets];
        for (int t = 0; t < maxTargets; t++) {
            found[t] = new MsTarget();
        }
        int np = 5 * maxTargets;
        this.normal = new double[np * np];
        this.gradient = new double[np];
        this.fim = new double[np * np];
        this.keep = new int[3 * maxTargets];
        this.drop = new int[2 * maxTargets];
        this.schur = new double[9 * maxTargets * maxTargets];
        this.crb = new double[9 * maxTargets * maxTargets];
        int big = Math.max(2 * maxTargets, 3 * maxTargets);
        this.add = new double[big * big];
        this.inv = new double[big * big];
        this.chol = new double[big * big];
        this.sv = new double[big];
        this.tv = new double[big];
    }

    /** The CPI's symbols: beams (N × Q column-major interleaved) and times (Q, equally spaced); not copied. */
    public void setSymbols(double[] symbolBeams, double[] symbolTimes) {
        this.beams = symbolBeams;
        this.times = symbolTimes;
        this.q = symbolTimes.length;
        paths = new SeparablePaths(sys, beams, times, maxTargets + 1);
        int f = 2 * Integer.highestOneBit(Math.max(1, 2 * q - 1));
        if (f != nfft) {
            nfft = f;
            dopplerFft = new DoubleFFT_1D(nfft);
            dopplerBuf = new double[2 * nfft];
        }
        int gates = Math.max(0, d1 - d0 + 1);
        if (cube == null || cube.length < 2 * gates * q * beamsFft) {
            cube = new double[2 * gates * q * beamsFft];
            txGain = new double[2 * q * beamsFft];
        }
    }

    /** Entries of one observation, Q·M·N. */
    public int entries() {
        return q * m * n;
    }

    /**
     * Estimates up to {@link #maxTargets} targets from {@code y} (Q·M·N complex, not modified; see the class
     * comment) and returns how many; {@link #target} gives each. Allocation-free once the symbols are set (the
     * residual is sized on the first call of a length).
     */
    public int estimateInto(double[] y) {
        if (residual == null || residual.length != y.length) {
            residual = new double[y.length];
        }
        transmitGains();
        double[][] p = accepted;
        int done = 0;
        System.arraycopy(y, 0, residual, 0, y.length);
        paths.data(y);
        double entries = entries();
        for (int t = 0; t < maxTargets; t++) {
            if (!coarse(residual)) {
                break;
            }
            // the new target alone on the residual, then everyone jointly on the data
            paths.data(residual);
            double[] o = one[0];
            o[0] = coarseArg[0];
            o[1] = coarseArg[1];
            o[2] = coarseArg[2];
            o[3] = 0;
            o[4] = 0;
            paths.set(0, o);
            paths.contractData(0, false);
            paths.echoData(0, pair);
            double s2 = paths.echoNorm2(0);
            o[3] = pair[0] / s2;
            o[4] = pair[1] / s2;
            paths.fit(one, 1);
            paths.data(y);
            for (int k = 0; k < done; k++) {
                System.arraycopy(p[k], 0, trial[k], 0, 5);
            }
            System.arraycopy(o, 0, trial[done], 0, 5);
            double trialCost = paths.fit(trial, done + 1);
            double[] last = trial[done];
            double noise = trialCost / entries;
            // a cost of zero (or rounding below it) is a perfect fit: noiseless data, every echo explained
            double snr = noise > 0 ? 10 * Math.log10((last[3] * last[3] + last[4] * last[4]) * paths.echoNorm2(done)
                    / noise) : Double.POSITIVE_INFINITY;
            if (!(snr >= thresholdDb)) {
                break;
            }
            for (int k = 0; k <= done; k++) {
                System.arraycopy(trial[k], 0, p[k], 0, 5);
            }
            done++;
            System.arraycopy(y, 0, residual, 0, y.length);
            for (int k = 0; k < done; k++) {
                paths.subtract(k, p[k][3], p[k][4], residual);
            }
        }
        count = done;
        if (done == 0) {
            return 0;
        }
        // the paths' vectors hold the last accepted fit only if the last trial was accepted: set them again
        for (int k = 0; k < done; k++) {
            paths.set(k, p[k]);
            paths.contractData(k, true);
        }
        double cost = paths.cost(p, done);
        targets(p, done, Math.max(cost / entries, Double.MIN_NORMAL));
        return done;
    }

    /** Target k of the last {@link #estimateInto} (the estimator's instance: valid until the next estimate). */
    public MsTarget target(int k) {
        if (k < 0 || k >= count) {
            throw new IndexOutOfBoundsException("target " + k + " of " + count);
        }
        return found[k];
    }

    /** {@link #estimateInto} with copies of the targets (allocates: benchmarks and tests). */
    public MsTarget[] estimate(double[] y) {
        int c = estimateInto(y);
        MsTarget[] out = new MsTarget[c];
        for (int k = 0; k < c; k++) {
            out[k] = found[k].copy();
        }
        return out;
    }

    /** {@code a(u_a)ᵀ f_s} for every symbol and beam-grid angle, by one inverse FFT per symbol. */
    private void transmitGains() {
        double[] buf = gainBuf;
        for (int s = 0; s < q; s++) {
            Arrays.fill(buf, 0);
            System.arraycopy(beams, 2 * s * n, buf, 0, 2 * n);
            angleFft.complexInverse(buf, false);   // Σ_e f_e e^{+j2π e a/A}
            System.arraycopy(buf, 0, txGain, 2 * s * beamsFft, 2 * beamsFft);
        }
    }

    /** The strongest cell of the coarse search within the domain into {@link #coarseArg} (θ, r, ν); false if none. */
    private boolean coarse(double[] y) {
        if (d1 < d0) {
            return false;
        }
        int gates = d1 - d0 + 1;
        double[] buf = delayBuf;
        double[] col = column;
        for (int s = 0; s < q; s++) {
            for (int e = 0; e < n; e++) {
                Arrays.fill(buf, 0);
                for (int sc = 0; sc < m; sc++) {
                    int o = 2 * ((s * m + sc) * n + e);
                    int at = Math.floorMod(sc - m / 2, pad);   // centred index m placed at m mod 2M
                    buf[2 * at] = y[o];
                    buf[2 * at + 1] = y[o + 1];
                }
                delayFft.complexInverse(buf, false);
                System.arraycopy(buf, 2 * d0, delay[e], 0, 2 * gates);
            }
            for (int g = 0; g < gates; g++) {
                Arrays.fill(col, 0);
                for (int e = 0; e < n; e++) {
                    col[2 * e] = delay[e][2 * g];
                    col[2 * e + 1] = delay[e][2 * g + 1];
                }
                angleFft.complexForward(col);   // Σ_e h_e e^{−j2π e a/A}: the receive beam at u_a = 2a/A
                System.arraycopy(col, 0, cube, 2 * (g * q + s) * beamsFft, 2 * beamsFft);
            }
        }
        double uMax = Math.sin(maxAngleRad);
        double[] v = dopplerBuf;
        double best = -1;
        boolean any = false;
        double dt = q > 1 ? times[1] - times[0] : 1;
        for (int a = 0; a < beamsFft; a++) {
            int signed = a < beamsFft / 2 ? a : a - beamsFft;
            double u = 2.0 * signed / beamsFft;
            if (Math.abs(u) > uMax) {
                continue;
            }
            for (int g = 0; g < gates; g++) {
                double r = (d0 + g) * binM;
                if (r < minRangeM || r > maxRangeM) {
                    continue;
                }
                Arrays.fill(v, 0);
                for (int s = 0; s < q; s++) {
                    int o = 2 * ((g * q + s) * beamsFft + a);
                    int t = 2 * (s * beamsFft + a);
                    double hr = cube[o];
                    double hi = cube[o + 1];
                    double gr = txGain[t];
                    double gi = txGain[t + 1];
                    v[2 * s] = gr * hr + gi * hi;       // conj(g) h
                    v[2 * s + 1] = gr * hi - gi * hr;
                }
                dopplerFft.complexForward(v);
                for (int f = 0; f < nfft; f++) {
                    double pw = v[2 * f] * v[2 * f] + v[2 * f + 1] * v[2 * f + 1];
                    if (pw > best) {
                        best = pw;
                        // forward bin f ↔ e^{−j2π f s/nfft} matches e^{+j2πν t}: ν = f/(nfft dt), wrapped
                        double nu = (f < nfft / 2 ? f : f - nfft) / (nfft * dt);
                        coarseArg[0] = Math.asin(u);
                        coarseArg[1] = r;
                        coarseArg[2] = nu;
                        any = true;
                    }
                }
            }
        }
        return any;
    }

    /** The targets into {@link #found} with their joint covariance and quality (paths set and contracted at p). */
    private void targets(double[][] p, int count, double noise) {
        int np = 5 * count;
        double[] a = normal;
        paths.normalEquations(p, count, a, gradient);
        for (int i = 0; i < np * np; i++) {
            fim[i] = 2 / noise * a[i];
        }
        for (int t = 0; t < count; t++) {
            for (int c = 0; c < 3; c++) {
                keep[3 * t + c] = 5 * t + c;
            }
            drop[2 * t] = 5 * t + 3;
            drop[2 * t + 1] = 5 * t + 4;
        }
        int nk = 3 * count;
        boolean known = Dense.schurInto(fim, np, keep, nk, drop, 2 * count, schur, add, inv, chol, sv, tv)
                && Dense.inverseInto(schur, nk, crb, chol, sv);
        double lambdaM = sys.wavelengthM();
        double cost = paths.cost(p, count);
        for (int t = 0; t < count; t++) {
            MsTarget out = found[t];
            double th = p[t][0];
            double r = p[t][1];
            if (!known) {
                Arrays.fill(out.polarCovariance, Double.NaN);
                Arrays.fill(out.covariance, Double.NaN);
            } else {
                // (θ, r, ν) → (θ, r, v_r = −λν/2) → (x, y, v_r) = (r sin θ, r cos θ, v_r)
                Arrays.fill(jPolar, 0);
                jPolar[0] = 1;
                jPolar[4] = 1;
                jPolar[8] = -lambdaM / 2;
                jCart[0] = r * Math.cos(th);
                jCart[1] = Math.sin(th);
                jCart[2] = 0;
                jCart[3] = -r * Math.sin(th);
                jCart[4] = Math.cos(th);
                jCart[5] = 0;
                jCart[6] = 0;
                jCart[7] = 0;
                jCart[8] = -lambdaM / 2;
                congruence(crb, nk, 3 * t, jPolar, out.polarCovariance);
                congruence(crb, nk, 3 * t, jCart, out.covariance);
            }
            double b2 = p[t][3] * p[t][3] + p[t][4] * p[t][4];
            double s2 = paths.echoNorm2(t);
            double rho = b2 * s2 / noise;
            // the data with the other targets removed: y_t = (Y − μ) + β_t s_t
            paths.echoData(t, pair);
            double cr = pair[0];
            double ci = pair[1];
            for (int k = 0; k < count; k++) {
                if (k != t) {
                    paths.columnProduct(t, SeparablePaths.ECHO, k, SeparablePaths.ECHO, pair2);
                    cr -= p[k][3] * pair2[0] - p[k][4] * pair2[1];
                    ci -= p[k][3] * pair2[1] + p[k][4] * pair2[0];
                }
            }
            // ⟨s_t, Y − μ⟩ = ⟨s_t, y_t⟩ − β_t ‖s_t‖²
            double rr = cr - p[t][3] * s2;
            double ri = ci - p[t][4] * s2;
            double yt2 = cost + b2 * s2 + 2 * (p[t][3] * rr + p[t][4] * ri);
            out.xM = r * Math.sin(th);
            out.yM = r * Math.cos(th);
            out.radialVelocityMps = -lambdaM * p[t][2] / 2;
            out.angleRad = th;
            out.rangeM = r;
            out.dopplerHz = p[t][2];
            out.snrDb = 10 * Math.log10(rho);
            out.fitAchieved = (cr * cr + ci * ci) / (s2 * yt2);
            out.fitExpected = (rho + 1) / (rho + entries());
            out.inDomain = r >= minRangeM && r <= maxRangeM && Math.abs(th) <= maxAngleRad;
        }
    }

    /** out = J C_tt Jᵀ for the 3×3 block of c (size×size) at offset o. */
    private static void congruence(double[] c, int size, int o, double[] j, double[] out) {
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double v = 0;
                for (int i = 0; i < 3; i++) {
                    for (int k = 0; k < 3; k++) {
                        v += j[3 * a + i] * c[(o + i) * size + o + k] * j[3 * b + k];
                    }
                }
                out[3 * a + b] = v;
            }
        }
    }
}
