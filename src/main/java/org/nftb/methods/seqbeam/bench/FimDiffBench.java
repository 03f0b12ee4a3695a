package org.nftb.methods.seqbeam.bench;

import org.nftb.methods.seqbeam.Bounds;
import org.nftb.methods.seqbeam.ChannelFim;
import org.nftb.methods.seqbeam.Evaluator;
import org.nftb.methods.seqbeam.Phase;
import org.nftb.methods.seqbeam.SeqBeamScene;
import org.nftb.methods.seqbeam.SlotSchedule;
import org.nftb.methods.seqbeam.Stage;
import org.nftb.methods.seqbeam.SystemParams;
import org.nftb.methods.seqbeam.design.Design;
import org.nftb.methods.seqbeam.design.DesignBounds;
import org.nftb.methods.seqbeam.design.Designer;
import org.nftb.montecarlo.MonteCarloRunner;
import org.nftb.montecarlo.Results;
import org.nftb.montecarlo.Stats;
import org.nftb.montecarlo.Trial;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code nftb bench seqbeam fim-diff}: how much the paper's block-diagonal FIM (no coupling between paths, §IV)
 * moves the bounds against the exact Slepian–Bangs FIM, on Fig. 5's realizations with the shared design at ρ = 0.5
 * and on the whole-block MS and BP stages: per bound, the median and the 90th percentile of
 * {@code |B_block / B_exact − 1|}, and the largest.
 */
@Command(name = "fim-diff", mixinStandardHelpOptions = true,
        description = "Seed 002: bounds from the paper's block-diagonal FIM vs the exact FIM (relative difference).")
public final class FimDiffBench implements Callable<Integer> {
    @Option(names = "--realizations", description = "realizations (default ${DEFAULT-VALUE})")
    int realizations = 200;

    @Option(names = "--threads", description = "threads (default ${DEFAULT-VALUE})")
    int threads = 2;

    @Option(names = "--seed", description = "study seed (default ${DEFAULT-VALUE})")
    long seed = 2026;

    static final String[] NAMES = {"posterior UE PEB", "posterior UE VEB", "posterior PT PEB", "MS UE PEB",
        "MS UE radial VEB", "MS PT PEB", "BP UE PEB", "BP UE VEB", "BP PT PEB"};

    /** Relative differences of the nine bounds for one realization. */
    static final class DiffTrial implements Trial<Void> {
        private static final long serialVersionUID = 1L;
        private final SystemParams sys;

        DiffTrial(SystemParams sys) {
            this.sys = sys;
        }

        @Override
        public int metrics() {
            return NAMES.length;
        }

        @Override
        public Void newContext() {
            return null;
        }

        @Override
        public void run(Void c, int point, int trial, long seed, double[] out) {
            SeqBeamScene scene = Fig5Trial.scene(sys, seed);
            Designer d = new Designer(sys, scene, ChannelFim.Mode.EXACT);
            Design sh = d.shared(0.5, seed);
            DesignBounds dex = new DesignBounds(sys, scene, ChannelFim.Mode.EXACT);
            DesignBounds dbl = new DesignBounds(sys, scene, ChannelFim.Mode.BLOCK_DIAGONAL);
            Evaluator ex = dex.evaluator();
            Evaluator bl = dbl.evaluator();
            Bounds a = dex.posterior(sh, d);
            Bounds b = dbl.posterior(sh, d);
            Phase all = Phase.of(sys, sys.totalSymbols(), 0);
            SlotSchedule s = sh.schedule(Stage.MS, sys);
            Bounds ma = ex.stage(Stage.MS, all, s);
            Bounds mb = bl.stage(Stage.MS, all, s);
            Bounds ba = ex.stage(Stage.BP, all, s);
            Bounds bb = bl.stage(Stage.BP, all, s);
            double[][] pairs = {{a.uePebM(), b.uePebM()}, {a.ueVebMps(), b.ueVebMps()}, {a.ptPebM(), b.ptPebM()},
                {ma.uePebM(), mb.uePebM()}, {ma.ueRadialVebMps(), mb.ueRadialVebMps()}, {ma.ptPebM(), mb.ptPebM()},
                {ba.uePebM(), bb.uePebM()}, {ba.ueVebMps(), bb.ueVebMps()}, {ba.ptPebM(), bb.ptPebM()}};
            for (int i = 0; i < pairs.length; i++) {
                out[i] = Math.abs(pairs[i][1] / pairs[i][0] - 1);
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        SystemParams sys = SystemParams.tableII();
        System.out.printf(Locale.ROOT, "seed 002 block-diagonal vs exact FIM: %d realizations (Fig. 5's), shared design "
                + "at rho 0.5; %s%n", realizations, TimingBench.load());
        Results r = new MonteCarloRunner(threads).run(new DiffTrial(sys), 1, realizations, seed, null);
        System.out.println("bound                 median |block/exact - 1|   p90      max");
        for (int i = 0; i < NAMES.length; i++) {
            double[] v = r.column(0, i);
            double[] s = Fig5Report.summary(v);
            double max = 0;
            for (double x : v) {
                max = Double.isFinite(x) ? Math.max(max, x) : max;
            }
            System.out.printf(Locale.ROOT, "%-22s %12.3e %12.3e %10.3e  (%d not finite)%n", NAMES[i], s[0],
                    Stats.quantile(finite(v), 0.9), max, (int) s[3]);
        }
        return 0;
    }

    private static double[] finite(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).toArray();
    }
}
