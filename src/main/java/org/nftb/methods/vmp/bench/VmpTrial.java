package org.nftb.methods.vmp.bench;

import org.nftb.methods.vmp.CoherentRefinement;
import org.nftb.methods.vmp.PairStage;
import org.nftb.methods.vmp.SubarrayAverage;
import org.nftb.methods.vmp.VmpEstimator;
import org.nftb.methods.vmp.VmpSetup;
import org.nftb.methods.vmp.baseline.GridMusic;
import org.nftb.methods.vmp.baseline.MlGradient;
import org.nftb.methods.vmp.baseline.PairLikelihood;
import org.nftb.model.BistaticEcho;
import org.nftb.model.BistaticModel;
import org.nftb.model.TargetState;
import org.nftb.montecarlo.Trial;

import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One Monte Carlo trial of {@code nftb bench vmp}: an exact-model snapshot (eq. 2) of {@code truth[point]} at
 * {@code snrDb[point]} per matched-filter output with a random gain phase and complex white noise; Algorithm 1 runs
 * once and its posteriors are fused five ways (system level, subarray level, system-level velocity at the true
 * location and at the subarray-level location — Fig. 5 —, and the subarray-average baseline); on the first
 * {@code baselineTrials} trials of a point the ML and grid + MUSIC baselines run too, with their search boxes
 * centred on the truth plus a random offset within one cell (so a grid node never sits on the truth by
 * construction). Metrics: squared errors of position (m²) and velocity ((m/s)²), thread CPU ms per method, a
 * failure flag, and whether the grid baseline's answer sits on its box's outermost node in any coordinate (its error
 * is then bounded by the box, not by the data) and whether ML's gradient ascent left its start box. The coherent
 * refinement runs after the system-level fusion: its outcome (accepted or why it declined), its own errors, the
 * chain's errors (the refinement's answer when accepted, else VMP's), and gross errors of each answer against the
 * covariance it carries ({@link #GROSS_MAHALANOBIS}).
 */
record VmpTrial(VmpSetup setup, double[] snrDb, TargetState[] truth, Baselines baselines, int baselineTrials)
        implements Trial<VmpTrial.Ctx> {
    /** Search settings of the ML and grid baselines (see {@link MlGradient}, {@link GridMusic}). */
    record Baselines(double halfWidthM, double halfWidthMps, int mlGrid, int mlIterations, double gridStepM,
                     double gridStepMps, int musicWindow) implements Serializable {
    }

    static final String[] NAMES = {"posSys", "velSys", "posSub", "velSub", "velTrueLoc", "velSubLoc", "posAvg",
        "velAvg", "posMl", "velMl", "posGrid", "velGrid", "cpuVmpMs", "cpuMlMs", "cpuGridMs", "failed", "gridAtBoxEdge",
        "mlOutsideBox", "unused", "cpuRefineMs", "refineOutcome", "posCoherent", "velCoherent", "posChain",
        "velChain", "refineIterations", "coherenceRatio", "coherentSnr", "vmpDistance2", "grossCoherent", "grossVmp"};
    /**
     * A gross error: the position error outside ten standard deviations of the covariance the answer carries
     * ({@code eᵀ C⁻¹ e > 100}), i.e. a confident answer that is wrong.
     */
    static final double GROSS_MAHALANOBIS = 100;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** {@code clean} holds the noiseless snapshot of point {@code cached[0]} (one at a time: 314 MB at Table II). */
    record Ctx(VmpEstimator est, PairStage stage, SubarrayAverage avg, MlGradient ml, GridMusic grid, float[] noisy,
               float[] clean, int[] cached, BistaticModel model) {
    }

    @Override
    public int metrics() {
        return NAMES.length;
    }

    @Override
    public Ctx newContext() {
        VmpEstimator est = setup.newEstimator();
        int n = 2 * setup.txArray().count() * setup.rxArray().count() * setup.pulses();
        BistaticModel model = new BistaticModel(setup.txArray(), setup.rxArray(), setup.wavelengthM());
        PairLikelihood like = new PairLikelihood(est.layout(), setup.wavelengthM(), setup.rxArray().count(),
                setup.pulses(), setup.pulsePeriodS());
        MlGradient ml = new MlGradient(like, baselines.mlGrid(), baselines.mlIterations());
        GridMusic grid = new GridMusic(like, est.layout(), setup.wavelengthM(), setup.pulsePeriodS(), setup.pulses(),
                Math.min(baselines.musicWindow(), setup.pulses()));
        return new Ctx(est, est.newPairStage(), new SubarrayAverage(est.layout(), setup.wavelengthM()), ml, grid,
                new float[n], new float[n], new int[]{-1}, model);
    }

    @Override
    public void run(Ctx c, int point, int trial, long seed, double[] out) {
        Arrays.fill(out, Double.NaN);
        TargetState s = truth[point];
        SplittableRandom r = new SplittableRandom(seed);
        double phase = 2 * Math.PI * r.nextDouble();
        float cr = (float) Math.cos(phase);
        float ci = (float) Math.sin(phase);
        float[] y = c.noisy();
        float[] x = c.clean();
        if (c.cached()[0] < 0 || !truth[c.cached()[0]].equals(s)) {
            BistaticEcho.fill(c.model(), s, 1, 0, setup.pulses(), setup.pulsePeriodS(), x);
        }
        c.cached()[0] = point;
        for (int i = 0; i < y.length; i += 2) {
            y[i] = x[i] * cr - x[i + 1] * ci;
            y[i + 1] = x[i] * ci + x[i + 1] * cr;
        }
        VmpBench.addNoise(y, Math.pow(10, -snrDb[point] / 10), r);
        VmpEstimator e = c.est();
        long t0 = THREADS.getCurrentThreadCpuTime();
        e.prepare(y);
        e.decimate(y, 0, setup.rxArray().count());
        c.stage().run(0, e.layout().pairs());
        boolean ok = e.fuse(true, Double.NaN, Double.NaN);
        out[12] = (THREADS.getCurrentThreadCpuTime() - t0) / 1e6;
        out[0] = pos(s, e.xM(), e.yM());
        out[1] = vel(s, e.vxMps(), e.vyMps());
        out[30] = ok && mahalanobis(e.xM() - s.xM(), e.yM() - s.yM(), e.positionCovariance(0),
                e.positionCovariance(1), e.positionCovariance(2)) > GROSS_MAHALANOBIS ? 1 : 0;
        if (ok) {
            long t1 = THREADS.getCurrentThreadCpuTime();
            boolean accepted = e.refine();
            CoherentRefinement ref = e.refinement();
            out[19] = (THREADS.getCurrentThreadCpuTime() - t1) / 1e6;
            out[20] = ref.outcome().code();
            out[21] = pos(s, ref.xM(), ref.yM());
            out[22] = vel(s, ref.vxMps(), ref.vyMps());
            // the chain's answer: the refinement's when accepted, else VMP's
            out[23] = accepted ? out[21] : out[0];
            out[24] = accepted ? out[22] : out[1];
            out[25] = ref.iterations();
            out[26] = ref.coherenceRatio();
            out[27] = ref.coherentSnr();
            out[28] = ref.vmpDistance();
            out[29] = accepted && mahalanobis(ref.xM() - s.xM(), ref.yM() - s.yM(), ref.covariance(0),
                    ref.covariance(1), ref.covariance(5)) > GROSS_MAHALANOBIS ? 1 : 0;
        }
        ok &= e.fuse(true, s.xM(), s.yM());
        out[4] = vel(s, e.vxMps(), e.vyMps());
        ok &= e.fuse(false, Double.NaN, Double.NaN);
        out[2] = pos(s, e.xM(), e.yM());
        out[3] = vel(s, e.vxMps(), e.vyMps());
        ok &= e.fuse(true, e.xM(), e.yM());
        out[5] = vel(s, e.vxMps(), e.vyMps());
        ok &= c.avg().run(e.posteriors());
        out[6] = pos(s, c.avg().xM(), c.avg().yM());
        out[7] = vel(s, c.avg().vxMps(), c.avg().vyMps());
        if (trial < baselineTrials) {
            Baselines b = baselines;
            double[] half = {b.halfWidthM(), b.halfWidthM(), b.halfWidthMps(), b.halfWidthMps()};
            double cellM = 2 * b.halfWidthM() / b.mlGrid();
            double cellV = 2 * b.halfWidthMps() / b.mlGrid();
            long t1 = THREADS.getCurrentThreadCpuTime();
            double[] mlCentre = shifted(s, cellM, cellV, r);
            c.ml().run(y, mlCentre, half);
            long t2 = THREADS.getCurrentThreadCpuTime();
            out[8] = pos(s, c.ml().xM(), c.ml().yM());
            out[9] = vel(s, c.ml().vxMps(), c.ml().vyMps());
            out[13] = (t2 - t1) / 1e6;
            out[17] = outside(new double[]{c.ml().xM(), c.ml().yM(), c.ml().vxMps(), c.ml().vyMps()}, mlCentre, half,
                    0, 0) ? 1 : 0;
            double[] gridCentre = shifted(s, b.gridStepM(), b.gridStepMps(), r);
            c.grid().run(y, gridCentre, half, b.gridStepM(), b.gridStepMps());
            out[14] = (THREADS.getCurrentThreadCpuTime() - t2) / 1e6;
            out[10] = pos(s, c.grid().xM(), c.grid().yM());
            out[11] = vel(s, c.grid().vxMps(), c.grid().vyMps());
            // the outermost nodes sit half a step inside the box: beyond one step in, the answer is on the edge
            out[16] = outside(new double[]{c.grid().xM(), c.grid().yM(), c.grid().vxMps(), c.grid().vyMps()},
                    gridCentre, half, b.gridStepM(), b.gridStepMps()) ? 1 : 0;
        }
        out[15] = ok ? 0 : 1;
    }

    /** Whether any coordinate of {@code est} lies farther than {@code half − inset} from {@code centre}. */
    static boolean outside(double[] est, double[] centre, double[] half, double insetM, double insetMps) {
        for (int i = 0; i < 4; i++) {
            if (Math.abs(est[i] - centre[i]) > half[i] - (i < 2 ? insetM : insetMps)) {
                return true;
            }
        }
        return false;
    }

    /** The truth offset by a uniform draw within ± half a cell per coordinate. */
    private static double[] shifted(TargetState s, double cellM, double cellMps, SplittableRandom r) {
        return new double[]{s.xM() + (r.nextDouble() - 0.5) * cellM, s.yM() + (r.nextDouble() - 0.5) * cellM,
            s.vxMps() + (r.nextDouble() - 0.5) * cellMps, s.vyMps() + (r.nextDouble() - 0.5) * cellMps};
    }

    /** {@code eᵀ C⁻¹ e} for the 2×2 covariance (xx, xy, yy); infinite when C is not positive definite. */
    static double mahalanobis(double ex, double ey, double cxx, double cxy, double cyy) {
        double det = cxx * cyy - cxy * cxy;
        if (!(det > 0 && cxx > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        return (cyy * ex * ex - 2 * cxy * ex * ey + cxx * ey * ey) / det;
    }

    private static double pos(TargetState s, double x, double y) {
        return (x - s.xM()) * (x - s.xM()) + (y - s.yM()) * (y - s.yM());
    }

    private static double vel(TargetState s, double vx, double vy) {
        return (vx - s.vxMps()) * (vx - s.vxMps()) + (vy - s.vyMps()) * (vy - s.vyMps());
    }
}
