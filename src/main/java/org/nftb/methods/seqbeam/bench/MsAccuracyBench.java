package org.nftb.methods.seqbeam.bench;

import org.nftb.montecarlo.MonteCarloRunner;
import org.nftb.montecarlo.Results;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code nftb bench seqbeam ms-accuracy}: the MS estimator's RMSE (UE position, UE radial velocity, PT position)
 * against the MS bound of the same data over SNR ({@link MsAccuracyTrial}), misses counted apart, and the
 * threshold SNR from which every point is within 3 dB of its bound. CSV and PNG.
 */
@Command(name = "ms-accuracy", mixinStandardHelpOptions = true,
        description = "Seed 002 MS estimator on OFDM echoes: RMSE vs PEB/VEB over SNR, and the threshold SNR (bar 3 dB).")
public final class MsAccuracyBench implements Callable<Integer> {
    @Option(names = "--trials", description = "trials per SNR point (default ${DEFAULT-VALUE})")
    int trials = 40;

    @Option(names = "--threads", description = "threads (default ${DEFAULT-VALUE})")
    int threads = 2;

    @Option(names = "--seed", description = "study seed (default ${DEFAULT-VALUE})")
    long seed = 2026;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default ${DEFAULT-VALUE})")
    Path out = Path.of("bench-out/seqbeam");

    static final double[] OFFSETS_DB = {20, 25, 30, 35, 40, 45, 50, 55, 60};

    @Override
    public Integer call() throws Exception {
        if (trials < 2 || threads < 1) {
            throw new IllegalArgumentException("--trials must be >= 2 and --threads >= 1");
        }
        MsAccuracyTrial trial = new MsAccuracyTrial(MsAccuracyTrial.system(), OFFSETS_DB);
        System.out.printf(Locale.ROOT, "seed 002 MS estimator vs the MS bound: N_B 16, M 64, L 8 x P 8, UE + 2 PTs, "
                + "%d trials per point; %s%n", trials, TimingBench.load());
        long t0 = System.nanoTime();
        Results r = new MonteCarloRunner(threads).run(trial, OFFSETS_DB.length, trials, seed, null);
        double sec = (System.nanoTime() - t0) / 1e9;
        Files.createDirectories(out);
        int pts = OFFSETS_DB.length;
        double[] snr = new double[pts];
        double[][] ratio = new double[3][pts];
        String[] names = {"UE position", "UE radial velocity", "PT position"};
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("ms-accuracy.csv")))) {
            w.println("ueSnrDb,uePebM,ueRmseM,ueVrBoundMps,ueVrRmseMps,ptPebM,ptRmseM,missedUe,trials");
            System.out.println("UE SNR dB | UE RMSE / PEB m (dB) | v_r RMSE / bound m/s (dB) | PT RMSE / PEB m (dB) | missed");
            for (int p = 0; p < pts; p++) {
                snr[p] = r.mean(p, 4);
                double[] rmse = new double[3];
                for (int i = 0; i < 3; i++) {
                    rmse[i] = Math.sqrt(finiteMean(r.column(p, i)));
                }
                double[] bound = {r.mean(p, 5), r.mean(p, 6), r.mean(p, 7)};
                for (int i = 0; i < 3; i++) {
                    ratio[i][p] = 20 * Math.log10(rmse[i] / bound[i]);
                }
                int missed = (int) Math.round(r.mean(p, 3) * trials);
                w.printf(Locale.ROOT, "%.2f,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%d,%d%n", snr[p], bound[0], rmse[0], bound[1],
                        rmse[1], bound[2], rmse[2], missed, trials);
                System.out.printf(Locale.ROOT, "%8.1f | %.4g / %.4g (%+.2f) | %.4g / %.4g (%+.2f) | %.4g / %.4g (%+.2f) | %d%n",
                        snr[p], rmse[0], bound[0], ratio[0][p], rmse[1], bound[1], ratio[1][p], rmse[2], bound[2],
                        ratio[2][p], missed);
            }
        }
        int threshold = pts;
        for (int p = pts - 1; p >= 0; p--) {
            boolean ok = r.mean(p, 3) == 0;
            for (int i = 0; i < 3; i++) {
                ok &= ratio[i][p] <= 3;
            }
            if (!ok) {
                break;
            }
            threshold = p;
        }
        System.out.println(threshold < pts
                ? String.format(Locale.ROOT, "threshold: from UE SNR %.1f dB up, every RMSE within 3 dB of its bound "
                + "and no UE missed (%d trials per point)", snr[threshold], trials)
                : "threshold: not reached on this grid");
        Plots.Panel p = new Plots.Panel("MS estimator: RMSE / bound", "UE echo SNR (dB)", "dB", false, snr);
        for (int i = 0; i < 3; i++) {
            p.add(names[i], ratio[i]);
        }
        p.add("+3 dB bar", constant(pts, 3));
        Plots.write(out.resolve("ms-accuracy.png"), List.of(p));
        System.out.printf(Locale.ROOT, "ms-accuracy: %.1f s wall; %s%n", sec, TimingBench.load());
        return 0;
    }

    private static double[] constant(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static double finiteMean(double[] v) {
        double s = 0;
        int n = 0;
        for (double x : v) {
            if (Double.isFinite(x)) {
                s += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }
}
