package org.nftb.methods.seqbeam.design;

import org.nftb.methods.seqbeam.ChannelFim;
import org.nftb.methods.seqbeam.Phase;
import org.nftb.methods.seqbeam.SeqBeamScene;
import org.nftb.methods.seqbeam.Stage;
import org.nftb.methods.seqbeam.StageModel;
import org.nftb.methods.seqbeam.SystemParams;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seed 002's transmit designs for one scene (what the BS knows of it: its estimates, or the truth in the
 * benchmarks): P1 (eq. 15), the separate sequential design (eq. 21 then the BP beam for the posterior), the shared
 * sequential design P3 (eq. 22) and its ρ_MS sweep, and the single-stage baselines (full MS, full BP).
 *
 * <p><b>Solver.</b> The relaxed problem — minimize a convex cost ({@link Objective}) over covariances
 * {@code R ⪰ 0} with {@code tr R = P_B/M} — is solved in the design subspace ({@link Basis}, d ≤ 3(K+1)) in the
 * Burer–Monteiro form {@code Q = c F Fᴴ}, F ∈ ℂ^{d×r}, r = min(d, L), {@code c = (P_B/M)/‖F‖²_F} (power constraint
 * with equality by construction), by L-BFGS ({@link Lbfgs}) from a random start. For a convex cost over the PSD cone,
 * a local minimum of the factorized problem with rank-deficient F is the global one (Journée et al., SIAM J. Optim.
 * 2010); r ≥ d leaves room for that. The schedule realizes R with at most L beams ({@link
 * org.nftb.methods.seqbeam.SlotSchedule#realize}). The design FIM is the slot-averaged one (linear in R); the bench
 * evaluates every design with the exact FIM of its realized schedule.
 *
 * <p>Not thread-safe (one per worker); a design allocates.
 */
public final class Designer {
    /** Relative decrease over five iterations at which L-BFGS stops. */
    public static final double REL_TOL = 1e-7;
    public static final int MAX_ITERATIONS = 2000;

    private final SystemParams sys;
    private final SeqBeamScene scene;
    private final ChannelFim.Mode mode;
    private final StageModel msModel;
    private final StageModel bpModel;
    private final Basis basis;
    private final int rank;

    public Designer(SystemParams sys, SeqBeamScene scene, ChannelFim.Mode mode) {
        this.sys = sys;
        this.scene = scene;
        this.mode = mode;
        this.msModel = StageModel.of(Stage.MS, sys, scene);
        this.bpModel = StageModel.of(Stage.BP, sys, scene);
        this.basis = new Basis(msModel);
        this.rank = Math.min(basis.dim, sys.slots());
    }

    public StageModel model(Stage s) {
        return s == Stage.MS ? msModel : bpModel;
    }

    public Basis basis() {
        return basis;
    }

    /** MS symbols for ρ: round(ρ (κ_Total − κ_MS-BP)). */
    public int msSymbols(double rho) {
        checkRho(rho);
        return (int) Math.round(rho * sys.allocableSymbols());
    }

    /** The MS phase of the sequential block at ρ (first). */
    public Phase msPhase(double rho) {
        return Phase.of(sys, msSymbols(rho), 0);
    }

    /** The BP phase at ρ (after the MS phase and the κ_MS-BP covariance symbols). */
    public Phase bpPhase(double rho) {
        int ms = msSymbols(rho);
        return Phase.of(sys, sys.allocableSymbols() - ms, (ms + sys.covarianceSymbols()) * sys.symbolPeriodS());
    }

    /** The whole block (P1: MS and BP hear the same transmission). */
    public Phase wholeBlock() {
        return Phase.of(sys, sys.totalSymbols(), 0);
    }

    static void checkRho(double rho) {
        if (!(rho >= 0 && rho <= 1)) {
            throw new IllegalArgumentException("rhoMs: the MS symbol share ρ_MS must lie in [0, 1] (eq. 17), got " + rho);
        }
    }

    /** P1 (eq. 15) with weight α on BP; both stages hear the whole block. */
    public Design weightedSum(double alpha, long seed) {
        return weightedSum(alpha, wholeBlock(), seed);
    }

    /** P1 with both stages hearing {@code phase} (Fig. 4: the block cut to the coherence time). */
    public Design weightedSum(double alpha, Phase phase, long seed) {
        Objective o = objective(Cost.weightedSum(alpha), alpha < 1 ? phase : null, alpha > 0 ? phase : null, false);
        return solveShared(o, 0, seed, null);
    }

    /** Snapshot MS's design: ℒ_MS on positions, the UE static (no Doppler), over {@code phase}. */
    public Design msStatic(Phase phase, long seed) {
        Objective o = objective(Cost.of(Cost.Kind.MS_STATIC), phase, null, true);
        return solveShared(o, 1, seed, null);
    }

    /** Extended MS's design: ℒ_MS with the radial velocity, over {@code phase}. */
    public Design msWhole(Phase phase, long seed) {
        Objective o = objective(Cost.of(Cost.Kind.MS_ONLY), phase, null, false);
        return solveShared(o, 1, seed, null);
    }

    /** Full MS at ρ: ℒ_MS over the MS phase only (also the first step of the separate design, eq. 21). */
    public Design msOnly(double rho, long seed) {
        Objective o = objective(Cost.of(Cost.Kind.MS_ONLY), msPhase(rho), null, false);
        return solveShared(o, rho, seed, null);
    }

    /** Full BP at ρ: ℒ over the BP phase alone (no prior). */
    public Design bpOnly(double rho, long seed) {
        Objective o = objective(Cost.of(Cost.Kind.BP_ONLY), null, bpPhase(rho), false);
        return solveShared(o, rho, seed, null);
    }

    /** P3 at a fixed ρ (eq. 22): one covariance for both stages, the posterior cost. */
    public Design shared(double rho, long seed) {
        return shared(rho, seed, null);
    }

    /** P3 at ρ from {@code start} (a previous design's F, or null for a random start). */
    Design shared(double rho, long seed, double[] start) {
        checkRho(rho);
        Objective o = objective(Cost.of(Cost.Kind.SEQUENTIAL), msPhase(rho), bpPhase(rho), false);
        return solveShared(o, rho, seed, start);
    }

    /**
     * P3 at ρ from several starts, the least cost kept: a random start and each given covariance (dim × dim, e.g. the
     * separate design's Q_MS and Q_BP, their mean, the full-MS and full-BP designs' Q: each one, used for both stages,
     * is a feasible point of P3). L-BFGS never ends above its start, so the result costs at most P3's cost at every
     * given covariance. P3 is convex at a fixed ρ ({@link Objective}), so the starts should agree to the solver's
     * tolerance; {@code nftb bench seqbeam design-compare} measures it.
     */
    public Design sharedMultiStart(double rho, long seed, double[]... starts) {
        long t0 = System.nanoTime();
        Design best = shared(rho, seed, null);
        int iterations = best.iterations();
        for (double[] q : starts) {
            if (q == null) {
                continue;
            }
            Design d = sharedFrom(rho, seed, q);
            iterations += d.iterations();
            if (d.cost() < best.cost()) {
                best = d;
            }
        }
        return best.withTiming(iterations, System.nanoTime() - t0);
    }

    /** P3 at ρ started from the covariance {@code q} (used for both stages). */
    public Design sharedFrom(double rho, long seed, double[] q) {
        Variables v = new Variables(basis, rank, sys.powerBudgetW() / sys.subcarriers());
        return shared(rho, seed, v.factorOf(q));
    }

    /** P3's cost (eq. 22, the design FIM) of one covariance Q used for both stages at ρ. */
    public double sharedCost(double rho, double[] q) {
        checkRho(rho);
        Objective o = objective(Cost.of(Cost.Kind.SEQUENTIAL), msPhase(rho), bpPhase(rho), false);
        double[] gram = new double[2 * basis.d * basis.d];
        basis.gram(q, gram);
        return o.value(gram, gram, null, null);
    }

    /**
     * The joint sequential design (P2 at a fixed ρ without the greedy split): Q_MS and Q_BP both chosen for the
     * posterior cost, each with {@code tr Q = P_B/M}. Its feasible set holds every separate design (Q_MS, Q_BP) and
     * every shared one (Q, Q), and L-BFGS never ends above its start, so started from the given designs (and a random
     * point) it costs at most each of them: the bound the greedy separate design and the shared one are measured
     * against. The problem is convex in (Q_MS, Q_BP) ({@link Objective}). A ρ that leaves one stage no symbol is the
     * other stage's design.
     */
    public Design joint(double rho, long seed, Design... starts) {
        long t0 = System.nanoTime();
        Phase msPh = msPhase(rho);
        Phase bpPh = bpPhase(rho);
        if (msPh.symbols() == 0 || bpPh.symbols() == 0) {
            Design d = msPh.symbols() == 0 ? bpOnly(rho, seed) : msOnly(rho, seed);
            return d.withTiming(d.iterations(), System.nanoTime() - t0);
        }
        Objective o = objective(Cost.of(Cost.Kind.SEQUENTIAL), msPh, bpPh, false);
        Variables v = new Variables(basis, rank, sys.powerBudgetW() / sys.subcarriers());
        int n = v.length();
        int dd = 2 * basis.d * basis.d;
        Lbfgs.Function fn = (x, g) -> {
            double[] xm = Arrays.copyOfRange(x, 0, n);
            double[] xb = Arrays.copyOfRange(x, n, 2 * n);
            double[] gMs = new double[dd];
            double[] gBp = new double[dd];
            basis.gram(v.q(xm), gMs);
            basis.gram(v.q(xb), gBp);
            double[] yMs = new double[dd];
            double[] yBp = new double[dd];
            double f = o.value(gMs, gBp, yMs, yBp);
            double[] part = new double[n];
            v.gradient(xm, yMs, part);
            System.arraycopy(part, 0, g, 0, n);
            v.gradient(xb, yBp, part);
            System.arraycopy(part, 0, g, n, n);
            return f;
        };
        SplittableRandom rng = new SplittableRandom(seed + 5);
        double[] x0 = new double[2 * n];
        System.arraycopy(v.random(rng), 0, x0, 0, n);
        System.arraycopy(v.random(rng), 0, x0, n, n);
        Lbfgs.Result best = Lbfgs.minimize(fn, x0, REL_TOL, MAX_ITERATIONS);
        int iterations = best.iterations();
        for (Design s : starts) {
            if (s == null || s.qMs() == null || s.qBp() == null) {
                continue;
            }
            double[] xs = new double[2 * n];
            System.arraycopy(v.factorOf(s.qMs()), 0, xs, 0, n);
            System.arraycopy(v.factorOf(s.qBp()), 0, xs, n, n);
            Lbfgs.Result r = Lbfgs.minimize(fn, xs, REL_TOL, MAX_ITERATIONS);
            iterations += r.iterations();
            if (r.value() < best.value()) {
                best = r;
            }
        }
        double[] x = best.x();
        return new Design(basis, v.q(Arrays.copyOfRange(x, 0, n)),
                v.q(Arrays.copyOfRange(x, n, 2 * n)), rho, best.value(), iterations,
                System.nanoTime() - t0);
    }

    /**
     * The separate sequential design (eq. 21): F_MS for ℒ_MS alone over the MS phase, then F_BP for the posterior
     * cost given the fixed MS prior.
     */
    public Design separate(double rho, long seed) {
        long t0 = System.nanoTime();
        Phase msPh = msPhase(rho);
        if (msPh.symbols() == 0) {
            Design bp = bpOnly(rho, seed);
            return new Design(basis, null, bp.qBp(), rho, bp.cost(), bp.iterations(), System.nanoTime() - t0);
        }
        Design first = msOnly(rho, seed);
        Objective o = objective(Cost.of(Cost.Kind.SEQUENTIAL), msPh, bpPhase(rho), false);
        double[] gMs = new double[2 * basis.d * basis.d];
        basis.gram(first.qMs(), gMs);
        Variables v = new Variables(basis, rank, sys.powerBudgetW() / sys.subcarriers());
        Lbfgs.Function fn = (x, g) -> {
            double[] q = v.q(x);
            double[] gBp = new double[2 * basis.d * basis.d];
            basis.gram(q, gBp);
            double[] yBp = new double[gBp.length];
            double f = o.value(msPh.symbols() > 0 ? gMs : null, gBp, null, yBp);
            v.gradient(x, yBp, g);
            return f;
        };
        Lbfgs.Result r = Lbfgs.minimize(fn, v.random(new SplittableRandom(seed + 1)), REL_TOL, MAX_ITERATIONS);
        if (bpPhase(rho).symbols() == 0) {
            return new Design(basis, first.qMs(), null, rho, Double.POSITIVE_INFINITY, first.iterations(),
                    System.nanoTime() - t0);
        }
        return new Design(basis, first.qMs(), v.q(r.x()), rho, r.value(), first.iterations() + r.iterations(),
                System.nanoTime() - t0);
    }

    /** The stages' objective; a phase without symbols contributes no stage. */
    private Objective objective(Cost cost, Phase ms, Phase bp, boolean dropDoppler) {
        StageEfim e1 = ms == null || ms.symbols() == 0 ? null
                : new StageEfim(new ChannelFim(msModel, ms, mode), dropDoppler);
        StageEfim e2 = bp == null || bp.symbols() == 0 ? null : new StageEfim(new ChannelFim(bpModel, bp, mode), false);
        return new Objective(effective(cost, e1, e2), e1, e2, scene.ptCount(), scene.ue());
    }

    /** A sequential cost with one empty phase is the other stage's cost with the posterior thresholds. */
    private static Cost effective(Cost cost, StageEfim ms, StageEfim bp) {
        if (cost.kind() == Cost.Kind.SEQUENTIAL && ms == null) {
            return new Cost(Cost.Kind.BP_ONLY, 0, cost.thresholds());
        }
        return cost;
    }

    /** One covariance for every stage the objective uses. */
    private Design solveShared(Objective o, double rho, long seed, double[] start) {
        long t0 = System.nanoTime();
        Variables v = new Variables(basis, rank, sys.powerBudgetW() / sys.subcarriers());
        int dd = 2 * basis.d * basis.d;
        Lbfgs.Function fn = (x, g) -> {
            double[] q = v.q(x);
            double[] gram = new double[dd];
            basis.gram(q, gram);
            double[] y1 = new double[dd];
            double[] y2 = new double[dd];
            double f = o.value(gram, gram, y1, y2);
            for (int i = 0; i < dd; i++) {
                y1[i] += y2[i];
            }
            v.gradient(x, y1, g);
            return f;
        };
        double[] x0 = start != null ? start : v.random(new SplittableRandom(seed));
        Lbfgs.Result r = Lbfgs.minimize(fn, x0, REL_TOL, MAX_ITERATIONS);
        double[] q = v.q(r.x());
        lastX = r.x();
        return new Design(basis, q, q, rho, r.value(), r.iterations(), System.nanoTime() - t0);
    }

    private double[] lastX;

    /** P3 over a grid of ρ_MS: one shared design per ρ, and the ρ* of least cost (eq. 22). */
    public record Sweep(double[] rho, Design[] designs, int best, long nanos) {
        public Design optimum() {
            return designs[best];
        }
    }

    /**
     * P3 with its ρ_MS sweep: a random start at the first ρ, each next ρ warm-started from the previous optimum
     * (the cost is convex at every ρ, so the start changes only the time). ρ = 1 leaves BP no symbol: the UE's
     * tangential velocity is then unobservable and the cost infinite; grids stop below it.
     */
    public Sweep sharedSweep(double[] rhos, long seed) {
        long t0 = System.nanoTime();
        Design[] out = new Design[rhos.length];
        double[] start = null;
        int best = 0;
        for (int i = 0; i < rhos.length; i++) {
            if (!(rhos[i] < 1)) {
                throw new IllegalArgumentException("rhoMs: the sweep must stay below 1 (no BP symbol at rho 1), got "
                        + rhos[i]);
            }
            out[i] = shared(rhos[i], seed, start);
            start = lastX;
            if (out[i].cost() < out[best].cost()) {
                best = i;
            }
        }
        return new Sweep(rhos.clone(), out, best, System.nanoTime() - t0);
    }

    /** The default grid: ρ = 0, 0.1, …, 0.9. */
    public static double[] defaultRhoGrid() {
        double[] r = new double[10];
        for (int i = 0; i < r.length; i++) {
            r[i] = i / 10.0;
        }
        return r;
    }

    /** The factor F of the last shared solve (a warm start for the next ρ). */
    double[] lastFactor() {
        return lastX;
    }
}
