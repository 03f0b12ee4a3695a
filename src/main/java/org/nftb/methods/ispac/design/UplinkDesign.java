package org.nftb.methods.ispac.design;

import org.nftb.bound.IspacCrb;
import org.nftb.linalg.Cx;

import java.util.ArrayList;
import java.util.List;

/**
 * Seed 003's uplink design, Algorithm 6 (problem 53: minimise tr CRB(θ, r) over the MT's analog combiner F
 * (unit-modulus, partially connected), the digital combiners w_k and the AT's probing covariance R_u, under the
 * users' SINR limits 53c and the AT's budget tr R_u ≤ P_s), by alternating optimisation between
 * <ol>
 *   <li>{R_u, w_k} for fixed F (problem 56, Algorithm 4): <b>solved exactly instead of by SCA.</b> For any R_u the
 *       best w_k is the MMSE combiner, and the echo reaches the users only through the scalar {@code bᵀ R_u b*}
 *       (G R_u Gᴴ = |β|² a (bᵀR_u b*) aᴴ, eq. 18), so the SINR limits are exactly one linear cap on R_u and problem 56
 *       is convex ({@link UplinkState#covarianceStep}, the downlink's interior-point {@link CovarianceStep} with that
 *       cap). Algorithm 4's SCA converges to a stationary point of the same problem; the exact optimum is never
 *       worse, and a test checks it against random feasible probing.</li>
 *   <li>F for fixed R_u (problem 61, Algorithm 5): descent on the phases ({@link UplinkState#analogStep}).
 *       Deviation, as in the downlink: the paper's PDD over Q = F ΦΦᴴ Fᴴ with an N_a × N_a SDR and Gaussian
 *       randomisation costs O(N_a^4.5) per inner step, beyond the 1 s budget per design at N_a = 64; here every
 *       iterate is feasible, so the PDD constraint violation (Fig. 3) is identically zero.</li>
 * </ol>
 * Every accepted step lowers the objective and keeps every SINR limit, so the objective is non-increasing. Fully
 * digital (N_RF = N_a, F = I) is the first block alone, its global optimum. Allocates; thread-safe (no shared state).
 */
public final class UplinkDesign {
    /**
     * Own starts of the uplink near design's multi-start (besides the far design's F). Four, not the downlink's two:
     * an uplink design costs about half a downlink one, and with two starts 8 of the 1431 hybrid realizations whose
     * far design meets the true SINRs still ended above the far design.
     */
    public static final int NEAR_SEEDS = 4;
    /**
     * @param phasesRad the MT's analog phase shifters (N_a)
     * @param probing   R_u, N_b × N_b interleaved, watts
     * @param combiners the users' MMSE digital combiners w_k (K rows of 2 N_RF, unit norm)
     * @param history   the objective after the initial covariance step and after every AO round
     * @param sinrDb    the SINRs the design gives on the problem's channels
     */
    public record Result(double[] phasesRad, int chains, double[] probing, double[][] combiners, double objective,
                         double[] history, double[] sinrDb) {
        public HybridArray analog() {
            return HybridArray.ofPhases(phasesRad, chains);
        }

        /** F Fᴴ (N_a × N_a), the MT side of the uplink Fisher information. */
        public double[] combinerGram() {
            double[] fd = analog().dense();
            int na = phasesRad.length;
            double[] g = new double[2 * na * na];
            Cx.mulAdjoint(fd, fd, na, chains, na, g);
            return g;
        }

        /** The 2 × 2 CRB of (θ, r) this design gives for the problem's target (eq. 52). */
        public double[] crb(UplinkProblem pr) {
            return IspacCrb.uplinkCrb(pr.model(), pr.angleRad(), pr.rangeM(), pr.betaAbs(), pr.noise(),
                    pr.snapshots(), combinerGram(), probing);
        }

        /** tr R_u, the AT's transmitted power. */
        public double power() {
            int nb = (int) Math.round(Math.sqrt(probing.length / 2.0));
            double p = 0;
            for (int i = 0; i < nb; i++) {
                p += probing[2 * (i * nb + i)];
            }
            return p;
        }
    }

    private UplinkDesign() {
    }

    /** Algorithm 6 from the start below (hybrid) or F = I (chains = N_a). */
    public static Result design(UplinkProblem pr, int chains, long seed, int maxRounds, double tolerance) {
        return design(pr, chains, seed, maxRounds, tolerance, false);
    }

    /**
     * With {@code paperStart}, from seeded uniformly random phases as Algorithm 6 says, made feasible (if needed) by
     * the same least-margin ascent as the default start (Fig. 3 compares both starts).
     */
    public static Result design(UplinkProblem pr, int chains, long seed, int maxRounds, double tolerance,
                                boolean paperStart) {
        int na = pr.model().mtCount();
        double[] phases = new double[na];
        if (chains < na && paperStart) {
            System.arraycopy(DownlinkDesign.randomPhases(na, seed), 0, phases, 0, na);
            ascend(pr, new UplinkState(pr, chains, phases), chains, phases);
        } else if (chains < na) {
            initialPhases(pr, chains, seed, phases);
        }
        return from(pr, chains, phases, maxRounds, tolerance);
    }

    /**
     * Multi-start Algorithm 6: from the default start and from every phase vector in {@code starts} (e.g. the
     * far-field design's combiner, which the designer also has), each run to convergence on {@code pr}'s channels;
     * the lowest tr CRB wins. A start under which some user misses its limit on these channels even with the AT
     * silent is first repaired by the least-margin ascent of the default start, and skipped if that does not make
     * it feasible; each start's objective is non-increasing over its rounds. Fully digital ignores the starts.
     */
    public static Result design(UplinkProblem pr, int chains, long seed, int maxRounds, double tolerance,
                                List<double[]> starts) {
        return design(pr, chains, seed, maxRounds, tolerance, 1, starts);
    }

    /** As above with {@code seeds} own starts ({@link #startPhases} of seed, seed + 1, …). */
    public static Result design(UplinkProblem pr, int chains, long seed, int maxRounds, double tolerance,
                                int seeds, List<double[]> starts) {
        boolean hybrid = chains < pr.model().mtCount();
        return DownlinkDesign.best(() -> design(pr, chains, seed, maxRounds, tolerance, false),
                hybrid ? starts : List.of(), hybrid ? seeds : 1, seed, sd -> startPhases(pr, chains, sd), s -> {
                    UplinkState probe = new UplinkState(pr, chains, s);
                    if (leastMargin(pr, probe, chains, s) < 0) {
                        ascend(pr, probe, chains, s);
                    }
                    return from(pr, chains, s, maxRounds, tolerance);
                }, Result::objective);
    }

    /**
     * The near-field design the bench judges and the live estimator uses, as the downlink's
     * {@link DownlinkDesign#nearMultiStart}: the far design's F (single start {@code seed} on {@code farCsi}'s
     * channels) and {@link #NEAR_SEEDS} own starts, on {@code pr}'s channels, the least tr CRB winning.
     */
    public static Result nearMultiStart(UplinkProblem pr, UplinkProblem farCsi, int chains, long seed, int maxRounds,
                                        double tolerance) {
        List<double[]> starts = List.of();
        if (chains < pr.model().mtCount()) {
            try {
                starts = List.of(design(farCsi, chains, seed, maxRounds, tolerance).phasesRad());
            } catch (DesignInfeasibleException e) {
                // no far start
            }
        }
        return design(pr, chains, seed, maxRounds, tolerance, NEAR_SEEDS, starts);
    }

    /**
     * A design made for other channels (the far-field baseline) repaired to meet the users' SINR limits on
     * {@code pr}'s channels. With MMSE combiners the limits say only {@code bᵀR_u b* ≤ echoCap(F)}
     * ({@link UplinkState#echoCap}), so the minimal repair keeps F and scales R_u down to that cap; when some user
     * misses its limit even with the AT silent, F is first repaired by the least-margin ascent the multi-start uses
     * for infeasible starts. Returned as is (SINRs on {@code pr}) when it already meets every limit;
     * {@link DesignInfeasibleException} when the ascent does not make F feasible.
     */
    public static Result repaired(UplinkProblem pr, Result d) {
        int chains = d.chains();
        double[] phases = d.phasesRad().clone();
        UplinkState probe = new UplinkState(pr, chains, phases);
        if (leastMargin(pr, probe, chains, phases) < 0) {
            ascend(pr, probe, chains, phases);
        }
        UplinkState st = new UplinkState(pr, chains, phases);
        double cap = st.echoCap(st.analog(), "repair of the uplink design");   // throws if F is still infeasible
        double e = st.echoPower(d.probing());
        double[] ru = d.probing().clone();
        if (e > cap) {
            double s = cap / e * (1 - 1e-9);
            for (int i = 0; i < ru.length; i++) {
                ru[i] *= s;
            }
        }
        double[][] w = new double[pr.users()][];
        double[] db = toDb(st.sinr(st.analog(), st.echoPower(ru), w));
        Result r = new Result(phases, chains, ru, w, 0, new double[0], db);
        double[] c = r.crb(pr);
        return new Result(phases, chains, ru, w, c[0] + c[3], new double[]{c[0] + c[3]}, db);
    }

    private static Result from(UplinkProblem pr, int chains, double[] phases, int maxRounds, double tolerance) {
        int na = pr.model().mtCount();
        UplinkState st = new UplinkState(pr, chains, phases);
        String what = (chains == na ? "fully digital" : "hybrid (N_RF = " + chains + ")") + " uplink design";
        List<Double> history = DownlinkDesign.alternate(st.covarianceStep(what, Double.POSITIVE_INFINITY),
                chains < na ? maxRounds : 0, tolerance, f -> st.covarianceStep(what, st.analogStep(40, f)));
        double f = history.get(history.size() - 1);
        double[] ru = st.probing();
        double[][] w = new double[pr.users()][];
        double[] s = st.sinr(st.analog(), st.echoPower(ru), w);
        double[] db = toDb(s);
        return new Result(st.phases(), chains, ru, w, f, history.stream().mapToDouble(Double::doubleValue).toArray(),
                db);
    }

    /** The users' SINRs (dB, eq. 17, MMSE combiners) of a combiner F and probing R_u on the problem's channels. */
    public static double[] sinrDb(UplinkProblem pr, HybridArray f, double[] ru) {
        UplinkState st = new UplinkState(pr, f.chains(), new double[pr.model().mtCount()]);
        double[] s = st.sinr(f, st.echoPower(ru), null);
        double[] db = toDb(s);
        return db;
    }

    /** The analog start {@link #design} takes for {@code seed} (hybrid), e.g. a further start for a multi-start. */
    public static double[] startPhases(UplinkProblem pr, int chains, long seed) {
        double[] phases = new double[pr.model().mtCount()];
        initialPhases(pr, chains, seed, phases);
        return phases;
    }

    /**
     * The initial combiner (the paper: "initialize F with random phases"). Random phases pass only ~1/M of the
     * echo's energy per subarray; phases matched to the target (arg a_n) pass all of it but can null users. As in
     * the downlink, {@code f_n = arg(λ a_n/|a_n| + (1 − λ) e^{jψ_n})} with the largest λ in {1, 0.9, …, 0} at which
     * every user clears its limit by 3 dB with the AT silent (room for the echo), else the λ with the largest least
     * margin raised by a gradient ascent on the least margin (so that limits reachable with some combiner are
     * not refused because of the start); a test pins the start against the random one.
     */
    static void initialPhases(UplinkProblem pr, int chains, long seed, double[] phases) {
        int na = pr.model().mtCount();
        double[] a = new double[2 * na];
        pr.model().mtSteering(pr.angleRad(), pr.rangeM(), a, null, null);
        double[] psi = DownlinkDesign.randomPhases(na, seed);
        UplinkState probe = new UplinkState(pr, chains, phases);
        double bestMargin = Double.NEGATIVE_INFINITY;
        double bestLam = 0;
        for (int step = 10; step >= 0; step--) {
            double lam = step / 10.0;
            blend(a, psi, lam, phases);
            double[] s = probe.sinr(HybridArray.ofPhases(phases, chains), 0, null);
            double margin = Double.POSITIVE_INFINITY;
            for (int k = 0; k < s.length; k++) {
                margin = Math.min(margin, 10 * Math.log10(s[k]) - pr.sinrDb()[k]);
            }
            if (margin >= 3) {
                return;
            }
            if (margin > bestMargin) {
                bestMargin = margin;
                bestLam = lam;
            }
        }
        blend(a, psi, bestLam, phases);                                 // no 3 dB room: the largest margin,
        ascend(pr, probe, chains, phases);                              // then raise the least margin
    }

    /**
     * Gradient ascent (forward differences, backtracking) on the soft minimum (τ = 0.5 dB) of the users' SINR
     * margins with the AT silent, until every user clears its limit by 3 dB or no step helps (60 steps at most).
     */
    private static void ascend(UplinkProblem pr, UplinkState probe, int chains, double[] phases) {
        int na = phases.length;
        double m0 = softMargin(pr, probe, chains, phases);
        double step = 0.2;
        double[] grad = new double[na];
        double[] trial = new double[na];
        for (int it = 0; it < 60 && leastMargin(pr, probe, chains, phases) < 3; it++) {
            double mx = 0;
            for (int n = 0; n < na; n++) {
                double p0 = phases[n];
                phases[n] = p0 + 1e-6;
                grad[n] = (softMargin(pr, probe, chains, phases) - m0) / 1e-6;
                phases[n] = p0;
                mx = Math.max(mx, Math.abs(grad[n]));
            }
            if (!(mx > 0)) {
                return;
            }
            boolean moved = false;
            for (double t = Math.min(2 * step, 0.5); t > 1e-4; t *= 0.5) {
                for (int n = 0; n < na; n++) {
                    trial[n] = phases[n] + t * grad[n] / mx;
                }
                double m1 = softMargin(pr, probe, chains, trial);
                if (m1 > m0) {
                    System.arraycopy(trial, 0, phases, 0, na);
                    m0 = m1;
                    step = t;
                    moved = true;
                    break;
                }
            }
            if (!moved) {
                return;
            }
        }
    }

    private static double[] margins(UplinkProblem pr, UplinkState probe, int chains, double[] phases) {
        double[] s = probe.sinr(HybridArray.ofPhases(phases, chains), 0, null);
        for (int k = 0; k < s.length; k++) {
            s[k] = 10 * Math.log10(s[k]) - pr.sinrDb()[k];
        }
        return s;
    }

    private static double leastMargin(UplinkProblem pr, UplinkState probe, int chains, double[] phases) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : margins(pr, probe, chains, phases)) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static double softMargin(UplinkProblem pr, UplinkState probe, int chains, double[] phases) {
        double[] m = margins(pr, probe, chains, phases);
        double lo = Double.POSITIVE_INFINITY;
        for (double v : m) {
            lo = Math.min(lo, v);
        }
        double sum = 0;
        for (double v : m) {
            sum += Math.exp(-(v - lo) / 0.5);
        }
        return lo - 0.5 * Math.log(sum);
    }

    private static void blend(double[] a, double[] psi, double lam, double[] phases) {
        for (int n = 0; n < phases.length; n++) {
            double m = Math.hypot(a[2 * n], a[2 * n + 1]);
            double re = lam * a[2 * n] / m + (1 - lam) * Math.cos(psi[n]);
            double im = lam * a[2 * n + 1] / m + (1 - lam) * Math.sin(psi[n]);
            phases[n] = Math.atan2(im, re);
        }
    }

    private static double[] toDb(double[] s) {
        double[] db = new double[s.length];
        for (int k = 0; k < s.length; k++) {
            db[k] = 10 * Math.log10(s[k]);
        }
        return db;
    }

    static boolean meets(double[] s, double[] gamma) {
        for (int k = 0; k < s.length; k++) {
            if (!(s[k] >= gamma[k])) {
                return false;
            }
        }
        return true;
    }

    /** Removes from dir its components along the (Gram-Schmidt orthonormalised) active gradients. */
    static void project(double[] dir, List<double[]> active) {
        List<double[]> ortho = new ArrayList<>();
        for (double[] g : active) {
            double[] v = g.clone();
            for (double[] o : ortho) {
                double c = dotR(v, o);
                for (int i = 0; i < v.length; i++) {
                    v[i] -= c * o[i];
                }
            }
            double nn = Math.sqrt(dotR(v, v));
            if (nn > 1e-12 * Math.sqrt(dotR(g, g)) && nn > 0) {
                for (int i = 0; i < v.length; i++) {
                    v[i] /= nn;
                }
                ortho.add(v);
            }
        }
        for (double[] o : ortho) {
            double c = dotR(dir, o);
            for (int i = 0; i < dir.length; i++) {
                dir[i] -= c * o[i];
            }
        }
    }

    private static double dotR(double[] a, double[] b) {
        double v = 0;
        for (int i = 0; i < a.length; i++) {
            v += a[i] * b[i];
        }
        return v;
    }
}
