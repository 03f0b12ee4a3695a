package org.nftb.methods.seqbeam;

/**
 * The MS echo model of {@link OfdmEcho} for a few paths, evaluated through its separable structure, with its
 * Levenberg–Marquardt fit: the fast core of {@link MsEstimator}.
 *
 * <p><b>Structure.</b> Path t's unit-gain echo over (symbol q, subcarrier m, element n) is a product of three vectors,
 * {@code s = u ⊗ c ⊗ b}: time {@code u_q = e^{j2πν t_q} (bᵀ f_q)} (Doppler and transmit gain of symbol q's beam),
 * frequency {@code c_m = e^{−j2π m Δf τ}} (τ = 2r/c, m centred) and space {@code b_n} ({@link Steering}, exact near
 * field). Its derivatives are short sums of such products: ∂θ = u_θ⊗c⊗b + u⊗c⊗ḃ, ∂r = u_r⊗c⊗b + u⊗c_r⊗b + u⊗c⊗b',
 * ∂ν = u_ν⊗c⊗b. So every inner product the fit needs factors, {@code ⟨a⊗b⊗c, d⊗e⊗f⟩ = (aᴴd)(bᴴe)(cᴴf)}, and the
 * data enter only through contractions {@code ⟨x⊗y⊗z, Y⟩}, done element axis first (3 Q M N complex products per
 * path for the full Jacobian, Q M N for the model alone). Nothing of size Q·M·N is ever built: a Gauss–Newton step on
 * four paths costs what one pass over the data does.
 *
 * <p><b>Fit.</b> {@link #fit} minimizes {@code ‖Y − Σ_t β_t s_t‖²} over every path's (θ, r, ν, Re β, Im β) by
 * Gauss–Newton with Levenberg damping (normal matrix {@code Re JᴴJ} from the factored Gram products, cost
 * {@code ‖Y‖² − 2 Re Σ β̄_t⟨s_t, Y⟩ + Σ β̄_t β_t'⟨s_t, s_t'⟩}); stops when the cost falls by less than 1e-10 of itself
 * or after 50 iterations.
 *
 * <p>Buffers are allocated once for at most {@code maxPaths} paths; not thread-safe.
 */
final class SeparablePaths {
    /** Vectors per path: time (u, u_θ, u_r, u_ν), frequency (c, c_r), space (b, ḃ, b'). */
    private static final int U = 0;
    private static final int U_TH = 1;
    private static final int U_R = 2;
    private static final int U_NU = 3;
    private static final int C = 0;
    private static final int C_R = 1;
    private static final int B = 0;
    private static final int B_TH = 1;
    private static final int B_R = 2;
    /** Each Jacobian column of a path (θ, r, ν, then the unit-gain echo) as its (time, frequency, space) terms. */
    /** Column index of the unit-gain echo in {@link #columnProduct}. */
    static final int ECHO = 3;
    /** Where the echo's contraction sits in {@code contract[i]} (after the 2 + 3 + 1 derivative terms). */
    private static final int ECHO_AT = 12;
    private static final int[][][] TERMS = {
            {{U_TH, C, B}, {U, C, B_TH}},
            {{U_R, C, B}, {U, C_R, B}, {U, C, B_R}},
            {{U_NU, C, B}},
            {{U, C, B}}};

    private final int n;
    private final int m;
    private final int q;
    private final double k;
    private final double df;
    private final double[] offsets;
    private final double[] beams;
    private final double[] times;
    private final double[][][] time;    // [path][vector][2Q]
    private final double[][][] freq;    // [path][vector][2M]
    private final double[][][] space;   // [path][vector][2N]
    private final double[][] contract;  // [path][7 × 2]: ⟨term, Y⟩ for the terms of TERMS, flattened
    private final double[][] partial;   // [3 space vectors][2 Q M]: Σ_n conj(z_n) Y[q, m, n]
    private final double[] gains = new double[2];
    private final double[] pair = new double[2];
    // scratch of cost, normalEquations, fit and echoNorm2 (allocation-free per CPI)
    private final double[] d2 = new double[2];
    private final double[] g2 = new double[2];
    private final double[] n2 = new double[2];
    private final double[] prod = new double[2];
    private final double[] sa = new double[2];
    private final double[] sb = new double[2];
    private final double[] fitA;
    private final double[] fitG;
    private final double[] fitA2;
    private final double[] fitInv;
    private final double[] fitC;
    private final double[] fitS;
    private final double[][] fitPn;
    private double yNorm2;

    /**
     * @param beams symbol q's transmit beam f_q, N × Q interleaved ({@code [2 (q N + n)]})
     * @param times t_q, s (any spacing)
     */
    SeparablePaths(SystemParams sys, double[] beams, double[] times, int maxPaths) {
        this.n = sys.bsElements();
        this.m = sys.subcarriers();
        this.q = times.length;
        this.k = 2 * Math.PI / sys.wavelengthM();
        this.df = sys.subcarrierSpacingHz();
        this.offsets = Steering.ulaOffsets(n, sys.elementSpacingM());
        this.beams = beams;
        this.times = times;
        this.time = new double[maxPaths][4][2 * q];
        this.freq = new double[maxPaths][2][2 * m];
        this.space = new double[maxPaths][3][2 * n];
        this.contract = new double[maxPaths][14];
        this.partial = new double[3][2 * q * m];
        int np = 5 * maxPaths;
        this.fitA = new double[np * np];
        this.fitG = new double[np];
        this.fitA2 = new double[np * np];
        this.fitInv = new double[np * np];
        this.fitC = new double[np * np];
        this.fitS = new double[np];
        this.fitPn = new double[maxPaths][5];
    }

    int symbols() {
        return q;
    }

    /** Sets the data Y (layout of {@link OfdmEcho}, Q symbols), not copied: the caller keeps it unchanged. */
    void data(double[] y) {
        this.y = y;
        double s = 0;
        for (double v : y) {
            s += v * v;
        }
        yNorm2 = s;
    }

    private double[] y;

    double dataNorm2() {
        return yNorm2;
    }

    /** Fills path slot i's vectors at p = [θ, r, ν, Re β, Im β]. */
    void set(int i, double[] p) {
        double[][] z = space[i];
        Steering.fill(offsets, k, p[0], p[1], true, z[B], z[B_TH], z[B_R]);
        double tau = 2 * p[1] / StageModel.C;
        double[] c = freq[i][C];
        double[] cr = freq[i][C_R];
        for (int sc = 0; sc < m; sc++) {
            double mm = sc - m / 2;
            double ph = -2 * Math.PI * mm * df * tau;
            double re = Math.cos(ph);
            double im = Math.sin(ph);
            c[2 * sc] = re;
            c[2 * sc + 1] = im;
            double kf = -2 * Math.PI * mm * df * 2 / StageModel.C;   // ∂/∂r: j kf c
            cr[2 * sc] = -kf * im;
            cr[2 * sc + 1] = kf * re;
        }
        double[][] t = time[i];
        for (int s = 0; s < q; s++) {
            double gr = 0;
            double gi = 0;
            double hr = 0;
            double hi = 0;
            double wr = 0;
            double wi = 0;
            for (int e = 0; e < n; e++) {
                double fr = beams[2 * (s * n + e)];
                double fi = beams[2 * (s * n + e) + 1];
                gr += z[B][2 * e] * fr - z[B][2 * e + 1] * fi;
                gi += z[B][2 * e] * fi + z[B][2 * e + 1] * fr;
                hr += z[B_TH][2 * e] * fr - z[B_TH][2 * e + 1] * fi;
                hi += z[B_TH][2 * e] * fi + z[B_TH][2 * e + 1] * fr;
                wr += z[B_R][2 * e] * fr - z[B_R][2 * e + 1] * fi;
                wi += z[B_R][2 * e] * fi + z[B_R][2 * e + 1] * fr;
            }
            double ph = 2 * Math.PI * p[2] * times[s];
            double er = Math.cos(ph);
            double ei = Math.sin(ph);
            put(t[U], s, er * gr - ei * gi, er * gi + ei * gr);
            put(t[U_TH], s, er * hr - ei * hi, er * hi + ei * hr);
            put(t[U_R], s, er * wr - ei * wi, er * wi + ei * wr);
            double kt = 2 * Math.PI * times[s];   // ∂/∂ν: j 2π t u
            put(t[U_NU], s, -kt * t[U][2 * s + 1], kt * t[U][2 * s]);
        }
    }

    private static void put(double[] v, int i, double re, double im) {
        v[2 * i] = re;
        v[2 * i + 1] = im;
    }

    /**
     * Contracts the data with path i's terms: all seven (full) or only the echo ⟨u⊗c⊗b, Y⟩ (the cost); into
     * {@code contract[i]}.
     */
    void contractData(int i, boolean full) {
        int spaces = full ? 3 : 1;
        for (int z = 0; z < spaces; z++) {
            double[] vec = space[i][z];
            double[] out = partial[z];
            for (int qm = 0; qm < q * m; qm++) {
                int o = 2 * qm * n;
                double re = 0;
                double im = 0;
                for (int e = 0; e < n; e++) {
                    double ar = vec[2 * e];
                    double ai = vec[2 * e + 1];
                    double yr = y[o + 2 * e];
                    double yi = y[o + 2 * e + 1];
                    re += ar * yr + ai * yi;
                    im += ar * yi - ai * yr;
                }
                out[2 * qm] = re;
                out[2 * qm + 1] = im;
            }
        }
        double[] dst = contract[i];
        if (!full) {
            contractTerm(i, TERMS[ECHO][0], dst, ECHO_AT);
            return;
        }
        int at = 0;
        for (int[][] col : TERMS) {
            for (int[] term : col) {
                contractTerm(i, term, dst, at);
                at += 2;
            }
        }
    }

    /** ⟨time ⊗ freq ⊗ space, Y⟩ of one term, from the partial contraction over the elements. */
    private void contractTerm(int i, int[] term, double[] dst, int at) {
        double[] tv = time[i][term[0]];
        double[] fv = freq[i][term[1]];
        double[] p = partial[term[2]];
        double re = 0;
        double im = 0;
        for (int s = 0; s < q; s++) {
            double vr = 0;
            double vi = 0;
            int o = 2 * s * m;
            for (int sc = 0; sc < m; sc++) {
                double ar = fv[2 * sc];
                double ai = fv[2 * sc + 1];
                double pr = p[o + 2 * sc];
                double pi = p[o + 2 * sc + 1];
                vr += ar * pr + ai * pi;
                vi += ar * pi - ai * pr;
            }
            double ur = tv[2 * s];
            double ui = tv[2 * s + 1];
            re += ur * vr + ui * vi;
            im += ur * vi - ui * vr;
        }
        dst[at] = re;
        dst[at + 1] = im;
    }

    /** ⟨term of path a, term of path b⟩ for (time, freq, space) index triples, into out[0..1]. */
    private void termProduct(int a, int[] ta, int b, int[] tb, double[] out) {
        double[] x = dot(time[a][ta[0]], time[b][tb[0]], q);
        double xr = x[0];
        double xi = x[1];
        double[] f = dot(freq[a][ta[1]], freq[b][tb[1]], m);
        double r2 = xr * f[0] - xi * f[1];
        double i2 = xr * f[1] + xi * f[0];
        double[] z = dot(space[a][ta[2]], space[b][tb[2]], n);
        out[0] = r2 * z[0] - i2 * z[1];
        out[1] = r2 * z[1] + i2 * z[0];
    }

    private double[] dot(double[] a, double[] b, int len) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < len; i++) {
            double ar = a[2 * i];
            double ai = a[2 * i + 1];
            double br = b[2 * i];
            double bi = b[2 * i + 1];
            re += ar * br + ai * bi;
            im += ar * bi - ai * br;
        }
        gains[0] = re;
        gains[1] = im;
        return gains;
    }

    /** ⟨column ca of path a (unit scale), column cb of path b⟩: sums of term products, into out[0..1]. */
    void columnProduct(int a, int ca, int b, int cb, double[] out) {
        double re = 0;
        double im = 0;
        double[] tmp = pair;
        for (int[] ta : TERMS[ca]) {
            for (int[] tb : TERMS[cb]) {
                termProduct(a, ta, b, tb, tmp);
                re += tmp[0];
                im += tmp[1];
            }
        }
        out[0] = re;
        out[1] = im;
    }

    /** ⟨column c of path i (unit scale), Y⟩ from the last full contraction. */
    void columnData(int i, int c, double[] out) {
        int at = 0;
        for (int cc = 0; cc < c; cc++) {
            at += 2 * TERMS[cc].length;
        }
        double re = 0;
        double im = 0;
        for (int t = 0; t < TERMS[c].length; t++) {
            re += contract[i][at + 2 * t];
            im += contract[i][at + 2 * t + 1];
        }
        out[0] = re;
        out[1] = im;
    }

    /** ⟨s_i, Y⟩ (the echo's contraction, after {@link #contractData}). */
    void echoData(int i, double[] out) {
        columnData(i, 3, out);
    }


    /** Subtracts {@code β s_i} of path slot i (after {@link #set}) from {@code r} (layout of {@link OfdmEcho}). */
    void subtract(int i, double br, double bi, double[] r) {
        double[] u = time[i][U];
        double[] c = freq[i][C];
        double[] b = space[i][B];
        for (int s = 0; s < q; s++) {
            double ur = br * u[2 * s] - bi * u[2 * s + 1];
            double ui = br * u[2 * s + 1] + bi * u[2 * s];
            for (int sc = 0; sc < m; sc++) {
                double vr = ur * c[2 * sc] - ui * c[2 * sc + 1];
                double vi = ur * c[2 * sc + 1] + ui * c[2 * sc];
                int o = 2 * ((s * m + sc) * n);
                for (int e = 0; e < n; e++) {
                    r[o + 2 * e] -= vr * b[2 * e] - vi * b[2 * e + 1];
                    r[o + 2 * e + 1] -= vr * b[2 * e + 1] + vi * b[2 * e];
                }
            }
        }
    }

    /**
     * ‖Y − Σ_t β_t s_t‖² over paths 0 … count−1 from their contractions (after {@link #contractData}) and the Gram
     * products of their echoes.
     */
    double cost(double[][] p, int count) {
        double c = yNorm2;
        double[] d = d2;
        double[] g = g2;
        for (int a = 0; a < count; a++) {
            echoData(a, d);
            c -= 2 * (p[a][3] * d[0] + p[a][4] * d[1]);
            for (int b = 0; b < count; b++) {
                columnProduct(a, ECHO, b, ECHO, g);
                // conj(β_a) β_b ⟨s_a, s_b⟩, real part
                double xr = p[a][3] * p[b][3] + p[a][4] * p[b][4];
                double xi = p[a][3] * p[b][4] - p[a][4] * p[b][3];
                c += xr * g[0] - xi * g[1];
            }
        }
        return c;
    }

    /**
     * The Gauss–Newton normal matrix {@code A = Re JᴴJ} (5·count square, row-major; per path θ, r, ν, Re β, Im β)
     * and {@code g = Re Jᴴ (Y − μ)} at the paths' current vectors and gains p (after a full {@link #contractData}).
     */
    void normalEquations(double[][] p, int count, double[] a, double[] g) {
        int np = 5 * count;
        for (int i = 0; i < np; i++) {
            int pa = i / 5;
            int ca = Math.min(i % 5, ECHO);
            scale(p[pa], i % 5, sa);
            for (int j = i; j < np; j++) {
                int pb = j / 5;
                int cb = Math.min(j % 5, ECHO);
                scale(p[pb], j % 5, sb);
                columnProduct(pa, ca, pb, cb, prod);
                a[i * np + j] = reConjProduct(sa, sb, prod);
                a[j * np + i] = a[i * np + j];
            }
            // ⟨col_i, Y − μ⟩ = ⟨unit_i, Y⟩ − Σ_t β_t ⟨unit_i, s_t⟩
            double[] d = d2;
            columnData(pa, ca, d);
            double rr = d[0];
            double ri = d[1];
            for (int t = 0; t < count; t++) {
                columnProduct(pa, ca, t, ECHO, prod);
                rr -= p[t][3] * prod[0] - p[t][4] * prod[1];
                ri -= p[t][3] * prod[1] + p[t][4] * prod[0];
            }
            g[i] = sa[0] * rr + sa[1] * ri;   // Re(conj(scale) · (…))
        }
    }

    /** The scale of parameter column c of a path: β for θ, r, ν; 1 for Re β; j for Im β. */
    private static void scale(double[] p, int c, double[] out) {
        if (c < 3) {
            out[0] = p[3];
            out[1] = p[4];
        } else if (c == 3) {
            out[0] = 1;
            out[1] = 0;
        } else {
            out[0] = 0;
            out[1] = 1;
        }
    }

    /** Re(conj(a) b x). */
    private static double reConjProduct(double[] a, double[] b, double[] x) {
        double cr = a[0] * b[0] + a[1] * b[1];
        double ci = a[0] * b[1] - a[1] * b[0];
        return cr * x[0] - ci * x[1];
    }

    /**
     * Fits paths 0 … count−1 (p[t] = [θ, r, ν, Re β, Im β], updated in place) to the data: Gauss–Newton with
     * Levenberg–Marquardt damping (diagonal scaling: unit-free across radians, metres, hertz and gains). Returns the
     * final cost ‖Y − μ‖²; the paths' vectors are left at the returned parameters, contracted in full.
     */
    double fit(double[][] p, int count) {
        int np = 5 * count;
        for (int t = 0; t < count; t++) {
            set(t, p[t]);
            contractData(t, true);
        }
        double cost = cost(p, count);
        double lambda = 1e-3;
        double[] a = fitA;
        double[] g = fitG;
        double[] a2 = fitA2;
        double[][] pn = fitPn;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            normalEquations(p, count, a, g);
            boolean accepted = false;
            for (int tries = 0; tries < 8 && !accepted; tries++) {
                System.arraycopy(a, 0, a2, 0, np * np);
                for (int i = 0; i < np; i++) {
                    a2[i * np + i] *= 1 + lambda;
                }
                double[] inv = fitInv;
                if (!Dense.inverseInto(a2, np, inv, fitC, fitS)) {
                    lambda *= 10;
                    continue;
                }
                for (int t = 0; t < count; t++) {
                    for (int c = 0; c < 5; c++) {
                        double step = 0;
                        int i = 5 * t + c;
                        for (int j = 0; j < np; j++) {
                            step += inv[i * np + j] * g[j];
                        }
                        pn[t][c] = p[t][c] + step;
                    }
                    set(t, pn[t]);
                    contractData(t, false);
                }
                double cn = cost(pn, count);
                if (cn < cost) {
                    accepted = true;
                    boolean converged = cost - cn <= 1e-10 * cost;
                    for (int t = 0; t < count; t++) {
                        System.arraycopy(pn[t], 0, p[t], 0, 5);
                        contractData(t, true);
                    }
                    cost = cn;
                    lambda = Math.max(1e-9, lambda / 3);
                    if (converged) {
                        return cost;
                    }
                } else {
                    lambda *= 10;
                }
            }
            if (!accepted) {
                break;
            }
        }
        for (int t = 0; t < count; t++) {
            set(t, p[t]);
            contractData(t, true);
        }
        return cost;
    }

    static final int MAX_ITERATIONS = 50;

    /** ‖s_i‖² of path slot i. */
    double echoNorm2(int i) {
        double[] g = n2;
        columnProduct(i, ECHO, i, ECHO, g);
        return g[0];
    }
}
