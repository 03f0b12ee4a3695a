package org.nftb.methods.vmp.bench;

import org.nftb.estimator.EstimateFrame;
import org.nftb.methods.vmp.PairStage;
import org.nftb.methods.vmp.SubarrayAverage;
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
 * slot) to the fused estimate: the MIMO matched filter and each fusion mode on one thread, and the same chain with
 * the CPI split over two threads the way the worker pool would (receive channels for the filter, subarray pairs for
 * decimation and Algorithm 1; the kernels stay single-threaded, the split is here). Every stage is timed by wall
 * clock and by the thread's CPU time, which depends much less on what else the machine runs; the rounds alternate
 * so that a burst of load hits every variant alike.
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

    /**
     * Returns the median wall time, ms, of matched filter + system-level fusion on two threads. With
     * {@code baselines} also times subarray averaging on every CPI and ML and grid + MUSIC on one.
     */
    double run(VmpTrial.Baselines baselines) {
        MimoMatchedFilter mf = (MimoMatchedFilter) setup.newFrontEnd();
        MimoMatchedFilter mf2 = (MimoMatchedFilter) setup.newFrontEnd();
        Snapshot snap = new Snapshot(mf.outputShape());
        BistaticEcho.fill(new BistaticModel(setup.txArray(), setup.rxArray(), setup.wavelengthM()),
                VmpBench.TRUTH, 1, 0, setup.pulses(), VmpBench.T_S, snap.data());
        VmpBench.addNoise(snap.data(), 1, new SplittableRandom(seed));
        CpiFrame frame = rawFrame(snap.data());
        VmpEstimator sys = setup.newEstimator();
        VmpEstimator sub = new VmpSetup(cfg.withFusion(VmpConfig.Fusion.SUBARRAY), setup.txArray(),
                setup.rxArray(), setup.wavelengthM(), setup.pulsePeriodS(), setup.pulses(),
                setup.samplesPerPulse()).newEstimator();
        PairStage sysHelper = sys.newPairStage();
        PairStage sysOwn = sys.newPairStage();
        EstimateFrame ef = setup.newFrame();
        int nr = setup.rxArray().count();
        int pairs = sys.layout().pairs();
        String[] names = {"matched filter (TDM raw -> Y)", "VMP system-level", "VMP subarray-level",
            "filter + system, 1 thread", "filter + system, 2 threads", "Alg. 1 + subarray average"};
        SubarrayAverage avg = new SubarrayAverage(sys.layout(), setup.wavelengthM());
        double[][] wall = new double[names.length][cpis];
        double[][] cpu = new double[names.length][cpis];
        ExecutorService helper = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "nftb-bench-vmp-helper");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int c = 0; c < cpis; c++) {
                long w0 = System.nanoTime();
                long c0 = THREADS.getCurrentThreadCpuTime();
                mf.process(frame, snap);
                long w1 = System.nanoTime();
                long c1 = THREADS.getCurrentThreadCpuTime();
                sys.estimate(snap, ef);
                long w2 = System.nanoTime();
                long c2 = THREADS.getCurrentThreadCpuTime();
                sub.estimate(snap, ef);
                long w3 = System.nanoTime();
                long c3 = THREADS.getCurrentThreadCpuTime();
                record(wall, cpu, c, 0, w1 - w0, c1 - c0);
                record(wall, cpu, c, 1, w2 - w1, c2 - c1);
                record(wall, cpu, c, 2, w3 - w2, c3 - c2);
                record(wall, cpu, c, 3, w2 - w0, c2 - c0);
                long w4 = System.nanoTime();
                long c4 = THREADS.getCurrentThreadCpuTime();
                Future<Long> f = helper.submit(() -> cpuOf(() -> mf2.process(frame, snap, nr / 2, nr)));
                mf.process(frame, snap, 0, nr / 2);
                long helperCpu = f.get();
                sys.prepare(snap.data());
                f = helper.submit(() -> cpuOf(() -> sys.decimate(snap.data(), nr / 2, nr)));
                sys.decimate(snap.data(), 0, nr / 2);
                helperCpu += f.get();
                f = helper.submit(() -> cpuOf(() -> sysHelper.run(pairs / 2, pairs)));
                sysOwn.run(0, pairs / 2);
                helperCpu += f.get();
                sys.fuse(true, Double.NaN, Double.NaN);
                sys.refine();
                long w5 = System.nanoTime();
                long c5 = THREADS.getCurrentThreadCpuTime();
                record(wall, cpu, c, 4, w5 - w4, c5 - c4 + helperCpu);
                sys.prepare(snap.data());
                sys.decimate(snap.data(), 0, nr);
                sysOwn.run(0, pairs);
                avg.run(sys.posteriors());
                record(wall, cpu, c, 5, System.nanoTime() - w5, THREADS.getCurrentThreadCpuTime() - c5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        } catch (ExecutionException e) {
            throw new IllegalStateException("VMP timing helper failed", e.getCause());
        } finally {
            helper.shutdownNow();
        }
        System.out.printf(Locale.ROOT, "time per CPI, ms: wall median [min, max] | CPU of all threads median [min, "
                + "max], %d CPIs (the first includes JIT warm-up); %s:%n", cpis, MachineLoad.now());
        for (int k = 0; k < names.length; k++) {
            System.out.printf(Locale.ROOT, "  %-30s %s | %s%n", names[k], stats(wall[k]), stats(cpu[k]));
        }
        System.out.println("  bar: filter + system <= 250 ms");
        if (baselines != null) {
            timeBaselines(snap.data(), sys, baselines, median(cpu[1]));
        }
        return median(wall[4]);
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

    private static long cpuOf(Runnable r) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        r.run();
        return THREADS.getCurrentThreadCpuTime() - c0;
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
