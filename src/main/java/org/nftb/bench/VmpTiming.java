package org.nftb.bench;

import org.nftb.estimate.EstimateFrame;
import org.nftb.estimate.vmp.PairStage;
import org.nftb.estimate.vmp.VmpConfig;
import org.nftb.estimate.vmp.VmpEstimator;
import org.nftb.estimate.vmp.VmpSetup;
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

    /** Returns the median wall time, ms, of matched filter + system-level fusion on two threads. */
    double run() {
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
            "filter + system, 1 thread", "filter + system, 2 threads"};
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
                f = helper.submit(() -> cpuOf(() -> sysHelper.run(snap.data(), pairs / 2, pairs)));
                sysOwn.run(snap.data(), 0, pairs / 2);
                helperCpu += f.get();
                sys.fuse(true, Double.NaN, Double.NaN);
                long w5 = System.nanoTime();
                long c5 = THREADS.getCurrentThreadCpuTime();
                record(wall, cpu, c, 4, w5 - w4, c5 - c4 + helperCpu);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        } catch (ExecutionException e) {
            throw new IllegalStateException("VMP timing helper failed", e.getCause());
        } finally {
            helper.shutdownNow();
        }
        System.out.println("time per CPI, ms: wall median [min, max] | CPU of all threads median [min, max], "
                + cpis + " CPIs (the first includes JIT warm-up), loaded 2-core machine:");
        for (int k = 0; k < names.length; k++) {
            System.out.printf(Locale.ROOT, "  %-30s %s | %s%n", names[k], stats(wall[k]), stats(cpu[k]));
        }
        System.out.println("  bar: filter + system <= 250 ms");
        return median(wall[4]);
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
