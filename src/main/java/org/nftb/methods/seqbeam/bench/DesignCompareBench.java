package org.nftb.methods.seqbeam.bench;

import org.nftb.benchkit.MachineLoad;
import org.nftb.methods.seqbeam.SystemParams;
import org.nftb.methods.seqbeam.design.Designer;
import org.nftb.montecarlo.MonteCarloRunner;
import org.nftb.montecarlo.Results;
import org.nftb.montecarlo.Stats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code nftb bench seqbeam design-compare}: the orderings of Fig. 5's designs on its realizations
 * ({@link DesignCompareTrial}): whether P3 (shared) reaches its optimum from any start, how often shared ≤ separate
 * and separate ≤ the better of full MS and full BP hold (cost and UE PEB, at each design's least-cost ρ* and at each
 * ρ), and where the joint design (P2 without the greedy split, ≤ both by construction) lies.
 */
@Command(name = "design-compare", mixinStandardHelpOptions = true,
        description = "Seed 002: shared (P3, cold and warm-started) vs separate vs joint vs full MS/BP on Fig. 5's "
                + "realizations.")
public final class DesignCompareBench implements Callable<Integer> {
    /** Relative margin within which two costs or bounds count as equal (the solver stops at 1e-7 over 5 steps). */
    static final double TOL = 1e-6;

    @Option(names = "--realizations", description = "Monte Carlo realizations (default ${DEFAULT-VALUE})")
    int realizations = 200;

    @Option(names = "--threads", description = "threads (default ${DEFAULT-VALUE})")
    int threads = 2;

    @Option(names = "--seed", description = "study seed, Fig. 5's by default (${DEFAULT-VALUE})")
    long seed = 2026;

    @Override
    public Integer call() throws InterruptedException {
        if (realizations < 1 || threads < 1) {
            throw new IllegalArgumentException("--realizations and --threads must be >= 1");
        }
        double[] rhos = Designer.defaultRhoGrid();
        System.out.printf(Locale.ROOT, "seed 002 design comparison on Fig. 5's realizations: %d, rho %s, seed %d; "
                + "%s%n", realizations, java.util.Arrays.toString(rhos), seed, MachineLoad.now());
        long t0 = System.nanoTime();
        Results r = new MonteCarloRunner(threads).run(new DesignCompareTrial(SystemParams.tableII(), rhos), 1,
                realizations, seed, null);
        report(r, rhos, System.out);
        System.out.printf(Locale.ROOT, "design-compare: %.1f s wall; %s%n", (System.nanoTime() - t0) / 1e9,
                MachineLoad.now());
        return 0;
    }

    static void report(Results r, double[] rhos, PrintStream out) {
        int n = r.trials();
        double worstWarmGain = 0;
        int warmBetter = 0;
        int coldAboveFeasible = 0;
        int feasibleChecked = 0;
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < rhos.length; i++) {
                double cold = v(r, t, DesignCompareTrial.cost(i, 1));
                double warm = v(r, t, DesignCompareTrial.cost(i, 2));
                worstWarmGain = Math.max(worstWarmGain, (cold - warm) / cold);
                warmBetter += warm < cold * (1 - TOL) ? 1 : 0;
                for (int f = 4; f <= 5; f++) {
                    double at = v(r, t, DesignCompareTrial.cost(i, f));
                    if (Double.isFinite(at)) {
                        feasibleChecked++;
                        coldAboveFeasible += cold > at * (1 + TOL) ? 1 : 0;
                    }
                }
            }
        }
        out.printf(Locale.ROOT, "P3 (shared) from a random start vs warm-started (separate's Q_MS, Q_BP, their mean, "
                        + "full MS, full BP): warm start lower by more than %.0e in %d of %d designs, largest relative "
                        + "gain %.2e%n", TOL, warmBetter, n * rhos.length, worstWarmGain);
        out.printf(Locale.ROOT, "P3 from a random start above P3's cost at a feasible point (the separate design's Q_MS "
                + "or Q_BP used for both stages): %d of %d%n", coldAboveFeasible, feasibleChecked);
        out.println("at each design's least-cost rho* (UE PEB: exact FIM of the realized schedules):");
        shares(r, rhos, out, 0, 1, "sharedCold <= separate");
        shares(r, rhos, out, 0, 2, "sharedWarm <= separate");
        shares(r, rhos, out, 0, 3, "joint <= separate");
        shares(r, rhos, out, 2, 3, "joint <= sharedWarm");
        int sepLeFull = 0;
        int sharedLeFull = 0;
        int chain = 0;
        for (int t = 0; t < n; t++) {
            double sep = v(r, t, DesignCompareTrial.uePeb(bestRho(r, rhos, t, 0), 2));
            double sh = v(r, t, DesignCompareTrial.uePeb(bestRho(r, rhos, t, 2), 4));
            double full = Double.POSITIVE_INFINITY;
            for (int i = 0; i < rhos.length; i++) {
                full = Math.min(full, Math.min(fin(v(r, t, DesignCompareTrial.uePeb(i, 0))),
                        fin(v(r, t, DesignCompareTrial.uePeb(i, 1)))));
            }
            sepLeFull += sep <= full * (1 + TOL) ? 1 : 0;
            sharedLeFull += sh <= full * (1 + TOL) ? 1 : 0;
            chain += sh <= sep * (1 + TOL) && sep <= full * (1 + TOL) ? 1 : 0;
        }
        out.printf(Locale.ROOT, "  UE PEB: separate <= min(full MS, full BP over every rho) %.1f %%, sharedWarm <= that "
                        + "min %.1f %%, the whole chain sharedWarm <= separate <= min(full MS, full BP) %.1f %%%n",
                100.0 * sepLeFull / n, 100.0 * sharedLeFull / n, 100.0 * chain / n);
        out.println("at each rho (cost | UE PEB | PT PEB):");
        for (int i = 0; i < rhos.length; i++) {
            int costLe = 0;
            int peLe = 0;
            int ptLe = 0;
            int sepFull = 0;
            int jointLe = 0;
            for (int t = 0; t < n; t++) {
                costLe += v(r, t, DesignCompareTrial.cost(i, 2)) <= v(r, t, DesignCompareTrial.cost(i, 0)) * (1 + TOL)
                        ? 1 : 0;
                peLe += v(r, t, DesignCompareTrial.uePeb(i, 4)) <= v(r, t, DesignCompareTrial.uePeb(i, 2)) * (1 + TOL)
                        ? 1 : 0;
                ptLe += v(r, t, DesignCompareTrial.ptPeb(i, 4)) <= v(r, t, DesignCompareTrial.ptPeb(i, 2)) * (1 + TOL)
                        ? 1 : 0;
                double full = Math.min(fin(v(r, t, DesignCompareTrial.uePeb(i, 0))),
                        fin(v(r, t, DesignCompareTrial.uePeb(i, 1))));
                sepFull += v(r, t, DesignCompareTrial.uePeb(i, 2)) <= full * (1 + TOL) ? 1 : 0;
                jointLe += v(r, t, DesignCompareTrial.cost(i, 3)) <= Math.min(v(r, t, DesignCompareTrial.cost(i, 0)),
                        v(r, t, DesignCompareTrial.cost(i, 2))) * (1 + TOL) ? 1 : 0;
            }
            out.printf(Locale.ROOT, "  rho %.1f: sharedWarm <= separate %.1f %% | %.1f %% | %.1f %%; separate <= "
                            + "min(full MS, full BP) in UE PEB %.1f %%; joint <= min(separate, shared) in cost %.1f %%%n",
                    rhos[i], 100.0 * costLe / n, 100.0 * peLe / n, 100.0 * ptLe / n, 100.0 * sepFull / n,
                    100.0 * jointLe / n);
        }
        medians(r, rhos, out);
    }

    /** Shares of realizations where design {@code b} ≤ design {@code ref}, each at its own ρ* (cost and UE PEB). */
    private static void shares(Results r, double[] rhos, PrintStream out, int ref, int b, String label) {
        int n = r.trials();
        int cost = 0;
        int pe = 0;
        for (int t = 0; t < n; t++) {
            int ia = bestRho(r, rhos, t, ref);
            int ib = bestRho(r, rhos, t, b);
            cost += v(r, t, DesignCompareTrial.cost(ib, b)) <= v(r, t, DesignCompareTrial.cost(ia, ref)) * (1 + TOL)
                    ? 1 : 0;
            pe += v(r, t, DesignCompareTrial.uePeb(ib, peIndex(b))) <= v(r, t, DesignCompareTrial.uePeb(ia,
                    peIndex(ref))) * (1 + TOL) ? 1 : 0;
        }
        out.printf(Locale.ROOT, "  %-22s cost %.1f %%, UE PEB %.1f %% of %d realizations%n", label, 100.0 * cost / n,
                100.0 * pe / n, n);
    }

    /** The UE PEB column of cost column {@code c} (separate, sharedCold, sharedWarm, joint). */
    private static int peIndex(int c) {
        return c + 2;
    }

    /** The least-cost ρ of cost column {@code c} in trial t. */
    static int bestRho(Results r, double[] rhos, int t, int c) {
        int best = 0;
        for (int i = 1; i < rhos.length; i++) {
            if (fin(v(r, t, DesignCompareTrial.cost(i, c))) < fin(v(r, t, DesignCompareTrial.cost(best, c)))) {
                best = i;
            }
        }
        return best;
    }

    private static void medians(Results r, double[] rhos, PrintStream out) {
        out.println("median cost relative to separate at each rho (sharedCold, sharedWarm, joint):");
        for (int i = 0; i < rhos.length; i++) {
            double[][] rel = new double[3][r.trials()];
            for (int t = 0; t < r.trials(); t++) {
                double sep = v(r, t, DesignCompareTrial.cost(i, 0));
                for (int k = 0; k < 3; k++) {
                    rel[k][t] = v(r, t, DesignCompareTrial.cost(i, k + 1)) / sep;
                }
            }
            out.printf(Locale.ROOT, "  rho %.1f: %.4f %.4f %.4f%n", rhos[i], median(rel[0]), median(rel[1]),
                    median(rel[2]));
        }
    }

    private static double median(double[] a) {
        return Stats.median(a);
    }

    private static double v(Results r, int t, int m) {
        return r.get(0, t, m);
    }

    private static double fin(double x) {
        return Double.isFinite(x) ? x : Double.POSITIVE_INFINITY;
    }
}
