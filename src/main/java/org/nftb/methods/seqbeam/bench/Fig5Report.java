package org.nftb.methods.seqbeam.bench;

import org.nftb.montecarlo.Results;
import org.nftb.montecarlo.Stats;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Summaries of a Fig. 5 study: per (ρ, method, metric) the median, quartiles and the count of unobservable
 * realizations; the design's optimal ρ* per realization (least cost); and the ordering shares in UE PEB at each ρ and
 * at ρ*. Medians rather than means: a realization with a PT behind another's shadow has bounds orders of
 * magnitude above the rest.
 */
final class Fig5Report {
    private final Results r;
    private final double[] rhos;
    private final int trials;

    Fig5Report(Results r, double[] rhos) {
        this.r = r;
        this.rhos = rhos;
        this.trials = r.trials();
    }

    private double[] column(int rho, int method, int value) {
        double[] c = new double[trials];
        for (int t = 0; t < trials; t++) {
            c[t] = r.get(0, t, Fig5Trial.index(rho, method, value));
        }
        return c;
    }

    /** [median, p25, p75, unobservable count] over the finite values. */
    static double[] summary(double[] v) {
        List<Double> f = new ArrayList<>();
        for (double x : v) {
            if (Double.isFinite(x)) {
                f.add(x);
            }
        }
        if (f.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, v.length};
        }
        double[] a = f.stream().mapToDouble(Double::doubleValue).toArray();
        return new double[] {Stats.median(a), Stats.quantile(a, 0.25), Stats.quantile(a, 0.75), v.length - a.length};
    }

    /** Index of the least-cost ρ of a method in trial t. */
    int bestRho(int method, int t) {
        int best = 0;
        for (int i = 0; i < rhos.length; i++) {
            if (cost(i, method, t) < cost(best, method, t)) {
                best = i;
            }
        }
        return best;
    }

    private double cost(int rho, int method, int t) {
        double c = r.get(0, t, Fig5Trial.index(rho, method, 4));
        return Double.isFinite(c) ? c : Double.POSITIVE_INFINITY;
    }

    private double pe(int rho, int method, int t) {
        double v = r.get(0, t, Fig5Trial.index(rho, method, 0));
        return Double.isFinite(v) ? v : Double.POSITIVE_INFINITY;
    }

    void writeCsv(Path file) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            w.println("rho,method,metric,median,p25,p75,unobservable,realizations");
            for (int i = 0; i < rhos.length; i++) {
                for (int m = 0; m < Fig5Trial.METHODS.length; m++) {
                    for (int v = 0; v < 4; v++) {
                        double[] s = summary(column(i, m, v));
                        w.printf(Locale.ROOT, "%.2f,%s,%s,%.6g,%.6g,%.6g,%d,%d%n", rhos[i], Fig5Trial.METHODS[m],
                                Fig5Trial.VALUES[v], s[0], s[1], s[2], (int) s[3], trials);
                    }
                }
            }
        }
    }

    void writePlot(Path file) throws IOException {
        String[] titles = {"Fig. 5a UE PEB (median)", "Fig. 5b UE VEB (median)", "Fig. 5c PTs PEB (median)",
                "Fig. 5d design run time (median)"};
        String[] units = {"m", "m/s", "m", "ms"};
        List<Plots.Panel> panels = new ArrayList<>();
        for (int v = 0; v < 4; v++) {
            Plots.Panel p = new Plots.Panel(titles[v], "rho_MS", units[v], v < 3, rhos);
            for (int m = 0; m < Fig5Trial.METHODS.length; m++) {
                double[] y = new double[rhos.length];
                for (int i = 0; i < rhos.length; i++) {
                    y[i] = summary(column(i, m, v))[0];
                }
                p.add(Fig5Trial.METHODS[m], y);
            }
            panels.add(p);
        }
        Plots.write(file, panels);
    }

    void print(PrintStream out) {
        out.println("rho   method    UE PEB median [p25 p75] m | UE VEB median m/s (unobs.) | PT PEB median m | design ms");
        for (int i = 0; i < rhos.length; i++) {
            for (int m = 0; m < Fig5Trial.METHODS.length; m++) {
                double[] a = summary(column(i, m, 0));
                double[] b = summary(column(i, m, 1));
                double[] c = summary(column(i, m, 2));
                double[] d = summary(column(i, m, 3));
                out.printf(Locale.ROOT, "%.1f  %-9s %.4g [%.3g %.3g] | %.4g (%d) | %.4g | %.1f%n", rhos[i],
                        Fig5Trial.METHODS[m], a[0], a[1], a[2], b[0], (int) b[3], c[0], d[0]);
            }
        }
        int sharedLeSep = 0;
        int sepLeBest = 0;
        int sharedLeBest = 0;
        double tol = 1 + 1e-6;
        for (int t = 0; t < trials; t++) {
            int ish = bestRho(3, t);
            int isp = bestRho(2, t);
            double sh = pe(ish, 3, t);
            double sp = pe(isp, 2, t);
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < rhos.length; i++) {
                best = Math.min(best, Math.min(pe(i, 0, t), pe(i, 1, t)));
            }
            sharedLeSep += sh <= tol * sp ? 1 : 0;
            sepLeBest += sp <= tol * best ? 1 : 0;
            sharedLeBest += sh <= tol * best ? 1 : 0;
        }
        out.printf(Locale.ROOT, "UE PEB at each design's rho* (least cost) over %d realizations: shared <= separate in "
                        + "%.1f %%, separate <= min(full MS, full BP over every rho) in %.1f %%, shared <= that min in "
                        + "%.1f %%%n", trials, 100.0 * sharedLeSep / trials, 100.0 * sepLeBest / trials,
                100.0 * sharedLeBest / trials);
        for (int i = 0; i < rhos.length; i++) {
            int a = 0;
            int b = 0;
            for (int t = 0; t < trials; t++) {
                a += pe(i, 3, t) <= tol * pe(i, 2, t) ? 1 : 0;
                b += pe(i, 2, t) <= tol * Math.min(pe(i, 0, t), pe(i, 1, t)) ? 1 : 0;
            }
            out.printf(Locale.ROOT, "  rho %.1f: shared <= separate %.1f %%, separate <= min(full MS, full BP) %.1f %%%n",
                    rhos[i], 100.0 * a / trials, 100.0 * b / trials);
        }
        int costLe = 0;
        for (int t = 0; t < trials; t++) {
            costLe += cost(bestRho(3, t), 3, t) <= tol * cost(bestRho(2, t), 2, t) ? 1 : 0;
        }
        out.printf(Locale.ROOT, "posterior cost at rho*: shared <= separate in %.1f %% of realizations%n",
                100.0 * costLe / trials);
        int[] hist = new int[rhos.length];
        for (int t = 0; t < trials; t++) {
            hist[bestRho(3, t)]++;
        }
        out.println("shared design's rho* histogram: " + Arrays.toString(hist));
    }
}
