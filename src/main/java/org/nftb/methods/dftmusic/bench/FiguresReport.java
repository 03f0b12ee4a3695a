package org.nftb.methods.dftmusic.bench;

import org.nftb.model.PolarState;
import org.nftb.montecarlo.Results;
import org.nftb.montecarlo.Stats;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nftb.benchkit.NmsePlot;

/**
 * Tables, CSV, PNG and bar checks of seed 001's Figs. 3-6 from a {@link FiguresTrial} run: NMSE of every method
 * against processed SNR with the CRB of the perfect array and of the CE data, the threshold of MUSIC-PC, and the
 * run time per CPI of MUSIC and of the two baselines measured in the same run.
 */
final class FiguresReport {
    private final double[] snr;
    private final PolarState truth;
    private final double[][][] nmseDb;      // [snr][method][parameter]
    private final int[][] samples;          // [snr][method]
    private final double[][] crbDb;
    private final double[][] crbCeDb;
    private final double[][] cpuMs;         // [timed method][all trials that ran it]

    FiguresReport(Results r, double[] snr, PolarState truth, double[][] crbDb, double[][] crbCeDb) {
        this.snr = snr;
        this.truth = truth;
        this.crbDb = crbDb;
        this.crbCeDb = crbCeDb;
        int methods = FiguresTrial.METHODS.length;
        nmseDb = new double[snr.length][methods][4];
        samples = new int[snr.length][methods];
        for (int s = 0; s < snr.length; s++) {
            for (int m = 0; m < methods; m++) {
                for (int q = 0; q < 4; q++) {
                    double sum = 0;
                    int n = 0;
                    for (int t = 0; t < r.trials(); t++) {
                        double e = r.get(s, t, 4 * m + q);
                        if (!Double.isNaN(e)) {
                            sum += e * e;
                            n++;
                        }
                    }
                    double x2 = truth.parameter(q) * truth.parameter(q);
                    nmseDb[s][m][q] = n > 0 ? 10 * Math.log10(sum / n / x2) : Double.NaN;
                    samples[s][m] = n;
                }
            }
        }
        cpuMs = new double[FiguresTrial.TIMED.length][];
        for (int k = 0; k < cpuMs.length; k++) {
            List<Double> v = new ArrayList<>();
            for (int s = 0; s < snr.length; s++) {
                for (int t = 0; t < r.trials(); t++) {
                    double ns = r.get(s, t, FiguresTrial.CPU_BASE + k);
                    if (!Double.isNaN(ns)) {
                        v.add(ns / 1e6);
                    }
                }
            }
            cpuMs[k] = v.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    void print() {
        String[] methods = FiguresTrial.METHODS;
        for (int q = 0; q < 4; q++) {
            System.out.println();
            System.out.println("NMSE (dB) of " + PolarState.PARAMETER_NAMES[q]);
            StringBuilder head = new StringBuilder("| SNR dB |");
            StringBuilder rule = new StringBuilder("|---|");
            for (String m : methods) {
                head.append(' ').append(m).append(" |");
                rule.append("---|");
            }
            System.out.println(head + " CRB (PC) | CRB (CE data) |");
            System.out.println(rule + "---|---|");
            for (int s = 0; s < snr.length; s++) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %.0f |", snr[s]));
                for (int m = 0; m < methods.length; m++) {
                    row.append(String.format(Locale.ROOT, " %.1f |", nmseDb[s][m][q]));
                }
                System.out.println(row + String.format(Locale.ROOT, " %.1f | %.1f |", crbDb[s][q], crbCeDb[s][q]));
            }
        }
        System.out.println();
        System.out.println("Run time per CPI (thread CPU time, same run, all SNRs): median, p10-p90, trials");
        for (int k = 0; k < cpuMs.length; k++) {
            if (cpuMs[k].length == 0) {   // --baseline-trials 0: the baselines did not run
                System.out.printf(Locale.ROOT, "  %-12s not run (0 trials)%n", FiguresTrial.TIMED[k]);
                continue;
            }
            System.out.printf(Locale.ROOT, "  %-12s %8.2f ms  (%.2f-%.2f)  %d%n", FiguresTrial.TIMED[k],
                    Stats.median(cpuMs[k]), Stats.quantile(cpuMs[k], 0.1), Stats.quantile(cpuMs[k], 0.9),
                    cpuMs[k].length);
        }
    }

    void writeCsv(Path file) throws Exception {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            StringBuilder head = new StringBuilder("processed_snr_db,parameter");
            for (String m : FiguresTrial.METHODS) {
                head.append(',').append(m.toLowerCase(Locale.ROOT).replace('-', '_')).append("_db");
            }
            w.println(head + ",crb_pc_db,crb_ce_db");
            for (int s = 0; s < snr.length; s++) {
                for (int q = 0; q < 4; q++) {
                    StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%.1f,%s", snr[s],
                            PolarState.PARAMETER_NAMES[q]));
                    for (int m = 0; m < FiguresTrial.METHODS.length; m++) {
                        row.append(String.format(Locale.ROOT, ",%.3f", nmseDb[s][m][q]));
                    }
                    w.println(row + String.format(Locale.ROOT, ",%.3f,%.3f", crbDb[s][q], crbCeDb[s][q]));
                }
            }
        }
    }

    void writePlot(Path file) throws Exception {
        List<Map.Entry<String, Map<String, double[]>>> panels = new ArrayList<>();
        for (int q = 0; q < 4; q++) {
            Map<String, double[]> series = new LinkedHashMap<>();
            for (int m = 0; m < FiguresTrial.METHODS.length; m++) {
                double[] y = new double[snr.length];
                for (int s = 0; s < snr.length; s++) {
                    y[s] = nmseDb[s][m][q];
                }
                series.put(FiguresTrial.METHODS[m], y);
            }
            double[] c = new double[snr.length];
            double[] cc = new double[snr.length];
            for (int s = 0; s < snr.length; s++) {
                c[s] = crbDb[s][q];
                cc[s] = crbCeDb[s][q];
            }
            series.put("CRB (PC)", c);
            series.put("CRB (CE data)", cc);
            panels.add(new AbstractMap.SimpleEntry<>(PolarState.PARAMETER_NAMES[q], series));
        }
        NmsePlot.write(file, "seed 001", snr, panels);
    }

    /**
     * The threshold of MUSIC-PC: the lowest SNR from which on MSE/CRB stays within 3 dB for all four parameters
     * (NaN if it never does).
     */
    double thresholdDb() {
        double threshold = Double.NaN;
        for (int s = snr.length - 1; s >= 0; s--) {
            boolean within = true;
            for (int q = 0; q < 4; q++) {
                within &= nmseDb[s][FiguresTrial.MUSIC_PC][q] - crbDb[s][q] <= 3;
            }
            if (!within) {
                break;
            }
            threshold = snr[s];
        }
        return threshold;
    }

    /**
     * The bars: the paper's (MUSIC ≤ −40 dB at the top SNR), no NMSE below its CRB beyond sampling error where the
     * CRB is a meaningful bound (≤ −10 dB), the threshold ≤ 25 dB, MUSIC-PC at least as accurate as the codebook
     * from the threshold up (within the codebook's sampling error), and MUSIC faster than both baselines.
     */
    boolean check(int trials) {
        boolean ok = true;
        int top = snr.length - 1;
        for (int q = 0; q < 4; q++) {
            for (int m = FiguresTrial.MUSIC_PC; m <= FiguresTrial.MUSIC_CE; m++) {
                if (nmseDb[top][m][q] > -40) {
                    System.out.printf(Locale.ROOT, "BAR MISSED: %s %s NMSE %.1f dB > -40 dB at %.0f dB%n",
                            FiguresTrial.METHODS[m], PolarState.PARAMETER_NAMES[q], nmseDb[top][m][q], snr[top]);
                    ok = false;
                }
            }
        }
        List<String> tooFew = new ArrayList<>();
        for (int s = 0; s < snr.length; s++) {
            for (int q = 0; q < 4; q++) {
                for (int m = 0; m < FiguresTrial.METHODS.length; m++) {
                    double bound = m == 1 || m == FiguresTrial.MUSIC_CE ? crbCeDb[s][q] : crbDb[s][q];
                    if (samples[s][m] < MIN_SAMPLES_BELOW_CRB) {
                        // with fewer trials the sampling slack is capped: "below the CRB" cannot be told from luck
                        // (two codebook trials that both land on the codeword next to the truth sit 13 dB below it)
                        if (samples[s][m] > 0 && !tooFew.contains(FiguresTrial.METHODS[m])) {
                            tooFew.add(FiguresTrial.METHODS[m]);
                        }
                        continue;
                    }
                    double slack = slackDb(samples[s][m]);
                    if (bound <= -10 && nmseDb[s][m][q] < bound - slack) {
                        System.out.printf(Locale.ROOT, "BELOW CRB: %s %s at %.0f dB: NMSE %.2f dB < CRB %.2f dB - %.2f "
                                        + "dB (sampling slack)%n", FiguresTrial.METHODS[m],
                                PolarState.PARAMETER_NAMES[q], snr[s], nmseDb[s][m][q], bound, slack);
                        ok = false;
                    }
                }
            }
        }
        if (!tooFew.isEmpty()) {
            System.out.printf(Locale.ROOT, "not checked against the CRB (fewer than %d trials at a point, too few to "
                    + "tell an NMSE below the bound from sampling luck): %s%n", MIN_SAMPLES_BELOW_CRB,
                    String.join(", ", tooFew));
        }
        double threshold = thresholdDb();
        System.out.printf(Locale.ROOT, "threshold of MUSIC-PC (MSE/CRB > 3 dB below it): %.0f dB processed SNR%n",
                threshold);
        if (!(threshold <= 25)) {
            System.out.println("BAR MISSED: threshold above 25 dB");
            ok = false;
        }
        for (int s = 0; s < snr.length; s++) {
            if (!(snr[s] >= threshold)) {
                continue;
            }
            for (int q = 0; q < 4; q++) {
                double music = nmseDb[s][FiguresTrial.MUSIC_PC][q];
                double codebook = nmseDb[s][FiguresTrial.CODEBOOK_PC][q];
                if (music > codebook + slackDb(samples[s][FiguresTrial.CODEBOOK_PC])) {
                    System.out.printf(Locale.ROOT, "BAR MISSED: MUSIC-PC %s %.1f dB above the codebook's %.1f dB at "
                            + "%.0f dB%n", PolarState.PARAMETER_NAMES[q], music, codebook, snr[s]);
                    ok = false;
                }
            }
        }
        double ours = Stats.median(cpuMs[0]);
        for (int k = 1; k < cpuMs.length; k++) {
            if (cpuMs[k].length > 0 && !(ours < Stats.median(cpuMs[k]))) {
                System.out.printf(Locale.ROOT, "BAR MISSED: MUSIC-PC %.2f ms per CPI not faster than %s %.2f ms%n",
                        ours, FiguresTrial.TIMED[k], Stats.median(cpuMs[k]));
                ok = false;
            }
        }
        System.out.println(ok ? "checks: all bars held (see above)" : "checks: FAILED (see above)");
        return ok;
    }

    /**
     * Fewest trials at a point for the below-CRB bar: below it three standard errors of the NMSE exceed 95 % of it
     * ({@link #slackDb} is capped), so no NMSE could be called "below the bound beyond sampling error".
     */
    static final int MIN_SAMPLES_BELOW_CRB = 21;

    /** Three standard errors of an NMSE from n trials, in dB: {@code −10·log10(1 − 3·√(2/n))}. */
    private static double slackDb(int n) {
        return n <= 0 ? Double.POSITIVE_INFINITY : -10 * Math.log10(Math.max(0.05, 1 - 3 * Math.sqrt(2.0 / n)));
    }
}
