package org.nftb.methods.seqbeam.bench;

import org.nftb.methods.seqbeam.ChannelFim;
import org.nftb.methods.seqbeam.SystemParams;
import org.nftb.methods.seqbeam.design.Designer;
import org.nftb.montecarlo.MonteCarloRunner;
import org.nftb.montecarlo.Results;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code nftb bench seqbeam fig5}: seed 002 Fig. 5a-d — UE PEB, UE VEB, PT PEB and design run time against ρ_MS for
 * full MS, full BP, separate and shared sequential designs, over Monte Carlo realizations ({@link Fig5Trial}), with
 * the share of realizations where shared ≤ separate ≤ min(full MS, full BP) in UE PEB. CSV and PNG.
 */
@Command(name = "fig5", mixinStandardHelpOptions = true,
        description = "Seed 002 Fig. 5a-d: PEB/VEB/PT PEB/run time vs rho_MS (full MS, full BP, separate, shared).")
public final class Fig5Bench implements Callable<Integer> {
    @Option(names = "--realizations", description = "Monte Carlo realizations (paper: 200; default ${DEFAULT-VALUE})")
    int realizations = 200;

    @Option(names = "--threads", description = "threads (default ${DEFAULT-VALUE})")
    int threads = 2;

    @Option(names = "--seed", description = "study seed (default ${DEFAULT-VALUE})")
    long seed = 2026;

    @Option(names = "--design-fim", description = "FIM the designs optimize: EXACT or BLOCK_DIAGONAL (the paper's; "
            + "default ${DEFAULT-VALUE}); every design is evaluated with the exact FIM")
    ChannelFim.Mode designMode = ChannelFim.Mode.EXACT;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default ${DEFAULT-VALUE})")
    Path out = Path.of("bench-out/seqbeam");

    @Override
    public Integer call() throws Exception {
        if (realizations < 1 || threads < 1) {
            throw new IllegalArgumentException("--realizations and --threads must be >= 1");
        }
        SystemParams sys = SystemParams.tableII();
        double[] rhos = Designer.defaultRhoGrid();
        Fig5Trial trial = new Fig5Trial(sys, rhos, designMode);
        System.out.printf(Locale.ROOT, "seed 002 Fig. 5: %d realizations, rho %s, designs on the %s FIM, %d threads; %s%n",
                realizations, Arrays.toString(rhos), designMode, threads, TimingBench.load());
        long t0 = System.nanoTime();
        Results r = new MonteCarloRunner(threads).run(trial, 1, realizations, seed, null);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Files.createDirectories(out);
        Fig5Report report = new Fig5Report(r, rhos);
        report.writeCsv(out.resolve("fig5.csv"));
        report.writePlot(out.resolve("fig5.png"));
        report.print(System.out);
        System.out.printf(Locale.ROOT, "Fig. 5 run: %.1f s wall for %d realizations (bar 180 s); %s%n", seconds,
                realizations, TimingBench.load());
        return 0;
    }
}
