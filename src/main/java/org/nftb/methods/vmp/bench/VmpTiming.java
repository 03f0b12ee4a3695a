package org.nftb.methods.vmp.bench;

import org.nftb.methods.vmp.PairStage;
import org.nftb.methods.vmp.TwoWay;
import org.nftb.methods.vmp.VmpFrontEnd;
import org.nftb.methods.vmp.baseline.GridMusic;
import org.nftb.methods.vmp.baseline.MlGradient;
import org.nftb.methods.vmp.baseline.PairLikelihood;
import org.nftb.model.TargetState;
import org.nftb.methods.vmp.VmpConfig;
import org.nftb.methods.vmp.VmpEstimator;
import org.nftb.methods.vmp.VmpSetup;
import org.nftb.frontend.MimoMatchedFilter;
import org.nftb.frontend.Snapshot;
import org.nftb.model.BistaticEcho;
import org.nftb.model.BistaticModel;
import org.nftb.stream.CpiFrame;
import org.nftb.stream.CpiLayout;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nftb.benchkit.MachineLoad;

/**
 * Time per CPI of seed 000's chain at the bench's size, from raw time-division receive samples (one sample per
 * slot) to the answer: the front end ({@link VmpFrontEnd}: matched filter fused with the decimation), VMP and the
 * coherent refinement, each alone and together on one thread, and the chain with the CPI split over two threads the
 * way a worker pair would (receive channels for the front end, subarray pairs for Algorithm 1; the kernels stay
 * single-threaded, the split is here). The floor is measured in the same rounds: the raw-data read alone (every
 * float of the CPI loaded once, on one and on two threads), and the chain is reported as a ratio to it, round by
 * round. For comparison, the paper's chain as before: the full-rate matched filter (N_t × N_r × L outputs) then
 * VMP. Every stage is timed by wall clock and by the thread's CPU time, which depends much less on what else the
 * machine runs; the rounds alternate so that a burst of load hits every variant alike.
 */
final class VmpTiming {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final VmpSetup setup;
    private final VmpConfig cfg;
    private final int cpis;
    private final long seed;

    VmpTiming(VmpSetup setup, VmpConfig cfg, int cpis, long seed) {
        this.setup = setup;
        this.cfg = cfg;
        this.cpis = cpis;
        this.seed = seed;
    }

    /** Raw receive samples of one noisy CPI, time division with one sample per slot (the filter's input). */
    CpiFrame rawFrame(float[] y) {
        int n = setup.txArray().count();
        int nr = setup.rxArray().count();
        int pulses = setup.pulses();
        CpiFrame frame = new CpiFrame(new CpiLayout(nr, pulses, n));
        float[] raw = frame.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < nr; j++) {
                for (int l = 0; l < pulses; l++) {
                    int src = 2 * ((i * nr + j) * pulses + l);
                    int dst = 2 * (j * pulses * n + l * n + i);
                    raw[dst] = y[src];
                    raw[dst + 1] = y[src + 1];
                }
            }
        }
        return frame;
    }

    /** Variant names, in the order they run in every round. */
    static final String[] NAMES = {"raw read, 1 thread", "raw read, 2 threads", "front end (filter + decimation)",
        "VMP (Alg. 1 + system fusion)", "coherent refinement", "chain, 1 thread", "chain, 2 threads",
        "paper chain: matched filter + VMP, 1 thread"};
    private static final int READ1 = 0;
    private static final int READ2 = 1;
    private static final int CHAIN2 = 6;

    /**
     * Times every variant of {@link #NAMES} on the same noisy CPI, alternating per round, and prints median and
     * range of wall and CPU time and the chain's ratio to the raw read measured in the same round. Returns the
     * median wall time of the chain on two threads, ms. With {@code baselines} also times ML and grid + MUSIC once.
     */
    double run(VmpTrial.Baselines baselines) {
        Snapshot full = new Snapshot(new org.nftb.frontend.SnapshotShape(setup.txArray().count(),
                setup.rxArray().count(), setup.pulses()));
        BistaticEcho.fill(new BistaticModel(setup.txArray(), setup.rxArray(), setup.wavelengthM()),
                VmpBench.TRUTH, 1, 0, setup.pulses(), VmpBench.T_S, full.data());
        VmpBench.addNoise(full.data(), 1, new SplittableRandom(seed));
        CpiFrame frame = rawFrame(full.data());
        Chain one = new Chain(setup);
        Chain two = new Chain(setup);
        VmpEstimator paper = new VmpSetup(cfg.withRefine(VmpConfig.Refine.NONE), setup.txArray(), setup.rxArray(),
                setup.wavelengthM(), setup.pulsePeriodS(), setup.pulses(), setup.samplesPerPulse()).newEstimator();
        MimoMatchedFilter mf = setup.newMatchedFilter();
        double[][] wall = new double[NAMES.length][cpis];
        double[][] cpu = new double[NAMES.length][cpis];
        float[] raw = frame.data();
        ExecutorService helper = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "nftb-bench-vmp-helper");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int c = 0; c < cpis; c++) {
                long w0 = System.nanoTime();
                long c0 = THREADS.getCurrentThreadCpuTime();
                sink += read(raw, 0, raw.length);
                record(wall, cpu, c, READ1, System.nanoTime() - w0, THREADS.getCurrentThreadCpuTime() - c0);
                w0 = System.nanoTime();
                c0 = THREADS.getCurrentThreadCpuTime();
                Future<double[]> f = helper.submit(() -> timed(() -> sink += read(raw, raw.length / 2, raw.length)));
                sink += read(raw, 0, raw.length / 2);
                long helperCpu = (long) f.get()[0];
                record(wall, cpu, c, READ2, System.nanoTime() - w0, THREADS.getCurrentThreadCpuTime() - c0
                        + helperCpu);
                long[] parts = one.run(frame);
                for (int k = 0; k < 3; k++) {
                    record(wall, cpu, c, 2 + k, parts[2 * k], parts[2 * k + 1]);
                }
                record(wall, cpu, c, 5, parts[0] + parts[2] + parts[4], parts[1] + parts[3] + parts[5]);
                w0 = System.nanoTime();
                c0 = THREADS.getCurrentThreadCpuTime();
                helperCpu = two.runSplit(frame, helper);
                record(wall, cpu, c, CHAIN2, System.nanoTime() - w0, THREADS.getCurrentThreadCpuTime() - c0
                        + helperCpu);
                w0 = System.nanoTime();
                c0 = THREADS.getCurrentThreadCpuTime();
                mf.process(frame, full);
                paper.run(full.data(), true, Double.NaN, Double.NaN);
                record(wall, cpu, c, 7, System.nanoTime() - w0, THREADS.getCurrentThreadCpuTime() - c0);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        } catch (ExecutionException e) {
            throw new IllegalStateException("VMP timing helper failed", e.getCause());
        } finally {
            helper.shutdownNow();
        }
        long bytes = 4L * raw.length;
        System.out.printf(Locale.ROOT, "time per CPI, ms: wall median [min, max] | CPU of all threads median [min, "
                + "max], %d CPIs (the first includes JIT warm-up); raw CPI %.0f MB; %s:%n", cpis, bytes / 1e6,
                MachineLoad.now());
        for (int k = 0; k < NAMES.length; k++) {
            System.out.printf(Locale.ROOT, "  %-44s %s | %s%n", NAMES[k], stats(wall[k]), stats(cpu[k]));
        }
        double[] r2 = new double[cpis];
        double[] r1 = new double[cpis];
        for (int c = 0; c < cpis; c++) {
            r2[c] = wall[CHAIN2][c] / wall[READ2][c];
            r1[c] = wall[CHAIN2][c] / wall[READ1][c];
        }
        System.out.printf(Locale.ROOT, "  chain (2 threads) / raw read (2 threads), same round: %s; / raw read (1 "
                + "thread): %s%n", ratioStats(r2), ratioStats(r1));
        System.out.printf(Locale.ROOT, "  bar: chain on 2 threads <= 100 ms (median %.1f ms); goal: <= 1.5 x the raw "
                + "read (median ratio %.2f to the 2-thread read)%n", median(wall[CHAIN2]), median(r2));
        System.out.printf(Locale.ROOT, "  last CPI: refinement %s after %d iterations; chain answer (%.4f, %.4f) m, "
                + "(%.4f, %.4f) m/s%n", two.estimator.refinement() == null ? "off"
                : two.estimator.refinement().outcome(), two.estimator.refinement() == null ? 0
                : two.estimator.refinement().iterations(), two.x(), two.y(), two.vx(), two.vy());
        if (baselines != null) {
            timeBaselines(full.data(), paper, baselines, median(cpu[3]));
        }
        return median(wall[CHAIN2]);
    }

    /** Keeps the raw reads from being optimised away. */
    static volatile double sink;

    /**
     * The raw-data read: every float of {@code data[from, to)} loaded once and summed in eight independent
     * accumulators (so the loop is bound by memory, not by one addition's latency).
     */
    static double read(float[] data, int from, int to) {
        float a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            a0 += data[i];
            a1 += data[i + 1];
            a2 += data[i + 2];
            a3 += data[i + 3];
            a4 += data[i + 4];
            a5 += data[i + 5];
            a6 += data[i + 6];
            a7 += data[i + 7];
        }
        for (; i < to; i++) {
            a0 += data[i];
        }
        return (double) a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
    }

    /** One thread's copy of the chain: front end, estimator, pair stage, decimated snapshot. */
    private static final class Chain {
        final VmpFrontEnd frontEnd;
        final VmpFrontEnd helperFrontEnd;
        final VmpEstimator estimator;
        final PairStage own;
        final PairStage helperStage;
        final Snapshot decimated;

        Chain(VmpSetup setup) {
            frontEnd = setup.newFrontEnd();
            helperFrontEnd = setup.newFrontEnd();
            estimator = setup.newEstimator();
            own = estimator.newPairStage();
            helperStage = estimator.newPairStage();
            decimated = new Snapshot(frontEnd.outputShape());
        }

        /** Front end, VMP, refinement on this thread: {wall, CPU} nanoseconds of each. */
        long[] run(CpiFrame raw) {
            long w0 = System.nanoTime();
            long c0 = THREADS.getCurrentThreadCpuTime();
            frontEnd.process(raw, decimated);
            long w1 = System.nanoTime();
            long c1 = THREADS.getCurrentThreadCpuTime();
            estimator.useDecimated(decimated.data(), decimated.derotationHz());
            own.run(0, estimator.layout().pairs());
            estimator.fuse(true, Double.NaN, Double.NaN);
            long w2 = System.nanoTime();
            long c2 = THREADS.getCurrentThreadCpuTime();
            estimator.refine();
            long w3 = System.nanoTime();
            long c3 = THREADS.getCurrentThreadCpuTime();
            return new long[]{w1 - w0, c1 - c0, w2 - w1, c2 - c1, w3 - w2, c3 - c2};
        }

        /**
         * The chain split over this thread and {@code helper} the way a worker pair would: f₀, then receive
         * channels halved for the decimation, pairs halved for Algorithm 1, then fusion and refinement here.
         * Returns the helper's CPU nanoseconds.
         */
        long runSplit(CpiFrame raw, ExecutorService helper) throws InterruptedException, ExecutionException {
            long[] refineCpu = new long[1];
            estimator.setSplit((a, b) -> {
                Future<double[]> g = helper.submit(() -> timed(b));
                a.run();
                try {
                    refineCpu[0] += (long) g.get()[0];
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("refinement helper failed", e.getCause());
                }
            });
            int nr = decimated.shape().rx();
            int pairs = estimator.layout().pairs();
            decimated.setDerotationHz(frontEnd.coarseDoppler(raw));
            Future<double[]> f = helper.submit(() -> timed(() -> helperFrontEnd.decimate(raw, decimated, nr / 2,
                    nr)));
            frontEnd.decimate(raw, decimated, 0, nr / 2);
            long cpu = (long) f.get()[0];
            estimator.useDecimated(decimated.data(), decimated.derotationHz());
            f = helper.submit(() -> timed(() -> helperStage.run(pairs / 2, pairs)));
            own.run(0, pairs / 2);
            cpu += (long) f.get()[0];
            estimator.fuse(true, Double.NaN, Double.NaN);
            estimator.refine();
            estimator.setSplit(TwoWay.SEQUENTIAL);
            return cpu + refineCpu[0];
        }

        double x() { return estimator.refined() ? estimator.refinement().xM() : estimator.xM(); }
        double y() { return estimator.refined() ? estimator.refinement().yM() : estimator.yM(); }
        double vx() { return estimator.refined() ? estimator.refinement().vxMps() : estimator.vxMps(); }
        double vy() { return estimator.refined() ? estimator.refinement().vyMps() : estimator.vyMps(); }
    }

    /** Runs {@code r}; returns {CPU nanoseconds of the calling thread}. */
    private static double[] timed(Runnable r) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        r.run();
        return new double[]{THREADS.getCurrentThreadCpuTime() - c0};
    }

    /** "median [min, max]" of ratios. */
    static String ratioStats(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", v[v.length / 2], v[0], v[v.length - 1]);
    }

    /** ML and grid + MUSIC on one CPI: CPU time, passes over the data, and the ratio to VMP's median CPU time. */
    private void timeBaselines(float[] data, VmpEstimator sys, VmpTrial.Baselines b, double vmpCpuMs) {
        PairLikelihood like = new PairLikelihood(sys.layout(), setup.wavelengthM(), setup.rxArray().count(),
                setup.pulses(), setup.pulsePeriodS());
        MlGradient ml = new MlGradient(like, b.mlGrid(), b.mlIterations());
        GridMusic grid = new GridMusic(like, sys.layout(), setup.wavelengthM(), setup.pulsePeriodS(), setup.pulses(),
                Math.min(b.musicWindow(), setup.pulses()));
        TargetState s = VmpBench.TRUTH;
        double[] half = {b.halfWidthM(), b.halfWidthM(), b.halfWidthMps(), b.halfWidthMps()};
        double[] centre = {s.xM() + 0.3 * 2 * b.halfWidthM() / b.mlGrid(), s.yM() - 0.2 * 2 * b.halfWidthM()
                / b.mlGrid(), s.vxMps() + 0.1 * 2 * b.halfWidthMps() / b.mlGrid(), s.vyMps()};
        long c0 = THREADS.getCurrentThreadCpuTime();
        ml.run(data, centre, half);
        long c1 = THREADS.getCurrentThreadCpuTime();
        long mlPasses = like.evaluations();
        centre = new double[]{s.xM() + 0.3 * b.gridStepM(), s.yM() - 0.2 * b.gridStepM(), s.vxMps() + 0.1
                * b.gridStepMps(), s.vyMps()};
        grid.run(data, centre, half, b.gridStepM(), b.gridStepMps());
        long c2 = THREADS.getCurrentThreadCpuTime();
        long gridPasses = like.evaluations() - mlPasses;
        double mlMs = (c1 - c0) / 1e6;
        double gridMs = (c2 - c1) / 1e6;
        System.out.printf(Locale.ROOT, "  ML (%d^4 start grid, %d steps done)  CPU %.1f s, %d passes over the data "
                        + "(%.1f ms each), %.0f x VMP system-level%n", b.mlGrid(), ml.iterations(), mlMs / 1e3, mlPasses,
                mlMs / mlPasses, mlMs / vmpCpuMs);
        System.out.printf(Locale.ROOT, "  grid + MUSIC (%d location nodes)  CPU %.1f s, %d passes (%.1f ms each), %.0f x "
                + "VMP system-level%n", gridPasses, gridMs / 1e3, gridPasses, gridMs / gridPasses, gridMs / vmpCpuMs);
    }

    private static void record(double[][] wall, double[][] cpu, int c, int k, long wallNanos, long cpuNanos) {
        wall[k][c] = wallNanos / 1e6;
        cpu[k][c] = cpuNanos / 1e6;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    /** "median [min, max]" of the values. */
    static String stats(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return String.format(Locale.ROOT, "%7.1f [%.1f, %.1f]", v[v.length / 2], v[0], v[v.length - 1]);
    }
}
