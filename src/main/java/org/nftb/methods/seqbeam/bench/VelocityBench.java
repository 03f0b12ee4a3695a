package org.nftb.methods.seqbeam.bench;

import org.nftb.methods.seqbeam.SystemParams;
import org.nftb.montecarlo.MonteCarloRunner;
import org.nftb.montecarlo.Results;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code nftb bench seqbeam fig3|fig4}: seed 002 Fig. 3a/b (PEB and VEB against the number of PTs) and Fig. 4 (VEB
 * against the UE speed, with L_eff) for BP, Snapshot MS and Extended MS ({@link VelocityTrial}); medians over the
 * realizations, CSV and PNG.
 */
@Command(name = "velocity", hidden = true)
abstract class VelocityBench implements Callable<Integer> {
    @Option(names = "--realizations", description = "Monte Carlo realizations (paper: 200; default ${DEFAULT-VALUE})")
    int realizations = 200;

    @Option(names = "--threads", description = "threads (default ${DEFAULT-VALUE})")
    int threads = 2;

    @Option(names = "--seed", description = "study seed (default ${DEFAULT-VALUE})")
    long seed = 2026;

    @Option(names = "--layout", description = "SEQUENTIAL or INTERLEAVED slots (default ${DEFAULT-VALUE})")
    SystemParams.Layout layout = SystemParams.Layout.INTERLEAVED;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default ${DEFAULT-VALUE})")
    Path out = Path.of("bench-out/seqbeam");

    abstract VelocityTrial.Sweep sweep();

    abstract double[] points();

    abstract String name();

    @Override
    public Integer call() throws Exception {
        if (realizations < 1 || threads < 1) {
            throw new IllegalArgumentException("--realizations and --threads must be >= 1");
        }
        SystemParams sys = SystemParams.tableII().withLayout(layout);
        double[] x = points();
        VelocityTrial trial = new VelocityTrial(sys, sweep(), x, seed);
        System.out.printf(Locale.ROOT, "seed 002 %s: %d realizations per point, %s layout, %d threads; %s%n", name(),
                realizations, layout, threads, TimingBench.load());
        long t0 = System.nanoTime();
        Results r = new MonteCarloRunner(threads).run(trial, x.length, realizations, seed, null);
        double sec = (System.nanoTime() - t0) / 1e9;
        Files.createDirectories(out);
        String tag = name().toLowerCase(Locale.ROOT).replace(". ", "").replace(" ", "");
        String xName = sweep() == VelocityTrial.Sweep.PTS ? "pts" : "speedMps";
        List<Plots.Panel> panels = new ArrayList<>();
        Plots.Panel peb = new Plots.Panel(name() + " UE PEB (median)", xName, "m", true, x);
        Plots.Panel veb = new Plots.Panel(name() + " UE VEB (median)", xName, "m/s", true, x);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve(tag + "-" + layout.name()
                .toLowerCase(Locale.ROOT) + ".csv")))) {
            w.println(xName + ",method,pebMedian,pebP25,pebP75,pebUnobservable,vebMedian,vebP25,vebP75,"
                    + "vebUnobservable,lEff,symbols");
            System.out.println(xName + "  method       PEB median [p25 p75] (unobs.) | VEB median [p25 p75] (unobs.) | L_eff");
            for (int m = 0; m < VelocityTrial.METHODS.length; m++) {
                double[] py = new double[x.length];
                double[] vy = new double[x.length];
                for (int p = 0; p < x.length; p++) {
                    double[] a = Fig5Report.summary(r.column(p, 2 * m));
                    double[] b = Fig5Report.summary(r.column(p, 2 * m + 1));
                    double leff = r.get(p, 0, 6);
                    py[p] = a[0];
                    vy[p] = b[0];
                    w.printf(Locale.ROOT, "%s,%s,%.6g,%.6g,%.6g,%d,%.6g,%.6g,%.6g,%d,%.0f,%.0f%n", fmt(x[p]),
                            VelocityTrial.METHODS[m], a[0], a[1], a[2], (int) a[3], b[0], b[1], b[2], (int) b[3], leff,
                            r.get(p, 0, 7));
                    System.out.printf(Locale.ROOT, "%-5s %-12s %.4g [%.3g %.3g] (%d) | %.4g [%.3g %.3g] (%d) | %.0f%n",
                            fmt(x[p]), VelocityTrial.METHODS[m], a[0], a[1], a[2], (int) a[3], b[0], b[1], b[2],
                            (int) b[3], leff);
                }
                peb.add(VelocityTrial.METHODS[m], py);
                veb.add(VelocityTrial.METHODS[m], vy);
            }
        }
        panels.add(peb);
        panels.add(veb);
        Plots.write(out.resolve(tag + "-" + layout.name().toLowerCase(Locale.ROOT) + ".png"), panels);
        System.out.printf(Locale.ROOT, "%s: %.1f s wall; %s%n", name(), sec, TimingBench.load());
        return 0;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** Fig. 3a/b. */
    @Command(name = "fig3", mixinStandardHelpOptions = true,
            description = "Seed 002 Fig. 3a/b: UE PEB and VEB vs number of PTs (BP, Snapshot MS, Extended MS).")
    static final class Fig3 extends VelocityBench {
        @Option(names = "--max-pts", description = "largest K (default ${DEFAULT-VALUE})")
        int maxPts = 8;

        @Override
        VelocityTrial.Sweep sweep() {
            return VelocityTrial.Sweep.PTS;
        }

        @Override
        double[] points() {
            double[] k = new double[maxPts];
            for (int i = 0; i < maxPts; i++) {
                k[i] = i + 1;
            }
            return k;
        }

        @Override
        String name() {
            return "Fig. 3";
        }
    }

    /** Fig. 4. */
    @Command(name = "fig4", mixinStandardHelpOptions = true,
            description = "Seed 002 Fig. 4: UE VEB vs speed with L_eff (BP, Snapshot MS, Extended MS), K = 4.")
    static final class Fig4 extends VelocityBench {
        @Parameters(arity = "0..*", paramLabel = "SPEED", description = "speeds in m/s (default 5 10 20 30 40 50)")
        List<Double> speeds = new ArrayList<>(List.of(5.0, 10.0, 20.0, 30.0, 40.0, 50.0));

        @Override
        VelocityTrial.Sweep sweep() {
            return VelocityTrial.Sweep.SPEED;
        }

        @Override
        double[] points() {
            return speeds.stream().mapToDouble(Double::doubleValue).toArray();
        }

        @Override
        String name() {
            return "Fig. 4";
        }
    }
}
