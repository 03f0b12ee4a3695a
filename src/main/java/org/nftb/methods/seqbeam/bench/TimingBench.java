package org.nftb.methods.seqbeam.bench;

import org.nftb.methods.seqbeam.ChannelFim;
import org.nftb.methods.seqbeam.Phase;
import org.nftb.methods.seqbeam.SeqBeamScene;
import org.nftb.methods.seqbeam.SlotSchedule;
import org.nftb.methods.seqbeam.Stage;
import org.nftb.methods.seqbeam.StageModel;
import org.nftb.methods.seqbeam.SystemParams;
import org.nftb.methods.seqbeam.design.Design;
import org.nftb.methods.seqbeam.design.Designer;
import org.nftb.montecarlo.Stats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code nftb bench seqbeam timing}: the speed bars of seed 002 on Table II's system — one channel-domain FIM
 * evaluation of a schedule (exact and block-diagonal, each stage, K PTs), and one P3 design with its ρ_MS sweep
 * (ten ρ, warm-started), over random realizations; medians and spread, with the machine's load.
 */
@Command(name = "timing", mixinStandardHelpOptions = true,
        description = "Seed 002 speed bars: one FIM evaluation (bar 50 us), one P3 design with its rho sweep (bar 100 ms).")
public final class TimingBench implements Callable<Integer> {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Option(names = "--pts", description = "number of PTs K (default ${DEFAULT-VALUE})")
    int pts = 4;

    @Option(names = "--fim-repeats", description = "timed FIM evaluations per mode and stage (default ${DEFAULT-VALUE})")
    int fimRepeats = 2000;

    @Option(names = "--designs", description = "timed P3 designs with sweep (default ${DEFAULT-VALUE})")
    int designs = 20;

    @Option(names = "--seed", description = "seed (default ${DEFAULT-VALUE})")
    long seed = 2026;

    @Override
    public Integer call() {
        SystemParams sys = SystemParams.tableII();
        System.out.printf(Locale.ROOT, "seed 002 timing on Table II (N_B %d, M %d, L %d, P %d), K = %d; %s%n",
                sys.bsElements(), sys.subcarriers(), sys.slots(), sys.symbolsPerSlot(), pts, load());
        SplittableRandom rng = new SplittableRandom(seed);
        SeqBeamScene scene = SeqBeamScene.random(sys, pts, 5, 100, Math.toRadians(60), 5, 30, rng);
        Designer designer = new Designer(sys, scene, ChannelFim.Mode.EXACT);
        SlotSchedule sched = designer.shared(0.3, seed).schedule(Stage.MS, sys);
        Phase all = Phase.of(sys, sys.totalSymbols(), 0);
        for (ChannelFim.Mode mode : ChannelFim.Mode.values()) {
            for (Stage st : Stage.values()) {
                ChannelFim k = new ChannelFim(StageModel.of(st, sys, scene), all, mode);
                double[] out = new double[k.size() * k.size()];
                double[] t = new double[fimRepeats];
                for (int w = 0; w < fimRepeats; w++) {
                    k.compute(sched.beams(), out);
                }
                for (int r = 0; r < fimRepeats; r++) {
                    long t0 = System.nanoTime();
                    k.compute(sched.beams(), out);
                    t[r] = (System.nanoTime() - t0) / 1e3;
                }
                System.out.printf(Locale.ROOT, "FIM %-14s %s (%d parameters): median %.1f us, p10 %.1f, p90 %.1f "
                                + "(%d evaluations; bar 50 us)%n", mode, st, k.size(), Stats.median(t),
                        Stats.quantile(t, 0.1), Stats.quantile(t, 0.9), fimRepeats);
            }
        }
        double[] grid = Designer.defaultRhoGrid();
        double[] ms = new double[designs];
        double[] cpu = new double[designs];
        double[] ratio = new double[designs];
        double[] refMs = new double[designs];
        double[] refCpu = new double[designs];
        double[] sep = new double[designs];
        // the reference workload, timed right after each design: 1000 exact BP FIM evaluations of one fixed schedule
        // (single-threaded arithmetic like the design, a fixed amount of it), so that design / reference is a ratio
        // the machine's load cancels from
        ChannelFim ref = new ChannelFim(StageModel.of(Stage.BP, sys, scene), all, ChannelFim.Mode.EXACT);
        double[] refOut = new double[ref.size() * ref.size()];
        int warm = 3;
        for (int i = -warm; i < designs; i++) {
            SeqBeamScene sc = SeqBeamScene.random(sys, pts, 5, 100, Math.toRadians(60), 5, 30, rng);
            Designer d = new Designer(sys, sc, ChannelFim.Mode.EXACT);
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            Designer.Sweep sw = d.sharedSweep(grid, seed + i);
            long t1 = System.nanoTime();
            long c1 = THREADS.getCurrentThreadCpuTime();
            for (int k = 0; k < 1000; k++) {
                ref.compute(sched.beams(), refOut);
            }
            long t2 = System.nanoTime();
            long c2 = THREADS.getCurrentThreadCpuTime();
            Design s = d.separate(sw.optimum().rho(), seed + i);
            long t3 = System.nanoTime();
            if (i >= 0) {
                ms[i] = (t1 - t0) / 1e6;
                cpu[i] = (c1 - c0) / 1e6;
                refMs[i] = (t2 - t1) / 1e6;
                refCpu[i] = (c2 - c1) / 1e6;
                ratio[i] = ms[i] / refMs[i];
                sep[i] = (t3 - t2) / 1e6;
            }
            if (s.cost() < 0) {
                throw new IllegalStateException("negative cost");
            }
        }
        System.out.printf(Locale.ROOT, "P3 design with its rho sweep (%d rho): wall median %.1f ms, p10 %.1f, p90 %.1f, "
                        + "max %.1f; thread CPU median %.1f ms, p10 %.1f, p90 %.1f (%d realizations after %d warm-up; "
                        + "bar 100 ms)%n", grid.length, Stats.median(ms), Stats.quantile(ms, 0.1),
                Stats.quantile(ms, 0.9), Stats.quantile(ms, 1), Stats.median(cpu), Stats.quantile(cpu, 0.1),
                Stats.quantile(cpu, 0.9), designs, warm);
        System.out.printf(Locale.ROOT, "reference workload (1000 exact BP FIM evaluations) timed after each design: wall "
                        + "median %.1f ms, thread CPU median %.1f ms; design / reference (wall, side by side) median "
                        + "%.3f, p10 %.3f, p90 %.3f: a quiet machine's design time is that ratio times the reference's "
                        + "quiet time (its CPU time, %.1f ms): %.1f ms%n", Stats.median(refMs), Stats.median(refCpu),
                Stats.median(ratio), Stats.quantile(ratio, 0.1), Stats.quantile(ratio, 0.9), Stats.median(refCpu),
                Stats.median(ratio) * Stats.median(refCpu));
        System.out.printf(Locale.ROOT, "separate design at rho*: median %.1f ms, p90 %.1f%n", Stats.median(sep),
                Stats.quantile(sep, 0.9));
        System.out.println(load());
        return 0;
    }

    static String load() {
        return String.format(Locale.ROOT, "%d processors, load average %.2f",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
