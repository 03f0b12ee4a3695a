package org.nftb.methods.vmp.bench;

import org.nftb.methods.vmp.CoherentRefinement;
import org.nftb.montecarlo.Results;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The coherent refinement's table of {@code nftb bench vmp}: per point, VMP (system-level) and the chain (the
 * refinement's answer when its check accepts it, else VMP's) against both bounds — the single-gain exact CRB of
 * the simulated data ({@code OneGain}) and the paper's per-pair bound ({@code PairGains}) — with the share of
 * trials where the refinement declined (by reason), gross errors of each answer against the covariance it carries
 * ({@link VmpTrial#GROSS_MAHALANOBIS}), its CPU time and iterations. Below the table: the threshold SNR, the
 * lowest SNR from which up every point's chain position RMSE is within 1 dB of the single-gain bound. Trials where
 * VMP's fusion failed (no answer at all) are excluded from the RMSEs and counted as failures, as in the main table.
 */
final class RefinementReport {
    static final String[] COLUMNS = {"posRmseVmpM", "posRmseChainM", "posCrbOneGainM", "posCrbPairGainsM",
        "posChainOverOneGainDb", "velRmseVmpMps", "velRmseChainMps", "velCrbOneGainMps", "velCrbPairGainsMps",
        "velChainOverOneGainDb", "acceptedFraction", "declinedNotConverged", "declinedNoCoherentSignal",
        "declinedPairsIncoherent", "declinedFarFromVmp", "declinedSingular", "grossErrorsChain", "grossErrorsVmp",
        "meanIterations", "cpuRefineMsMedian", "failures", "trials"};
    /** Bar of issue 23: the chain within this many dB of the single-gain bound from the threshold up. */
    static final double WITHIN_DB = 1.0;

    private final Results res;
    private final int trials;

    RefinementReport(Results res, int trials) {
        this.res = res;
        this.trials = trials;
    }

    /**
     * Writes the table to {@code csv} and standard output; {@code bounds[p]} = (position, velocity) RMSE bounds,
     * one gain then per pair. Returns the chain's position and velocity RMSE per point (for the plot).
     */
    double[][] write(Path csv, String lead, String[] leadValues, double[][] bounds, boolean snrSweep, double[] snr)
            throws IOException {
        int points = leadValues.length;
        double[][] chain = new double[2][points];
        double[] overDb = new double[points];
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
            String head = lead + String.join(",", COLUMNS);
            w.println(head);
            System.out.println("coherent refinement (chain = its answer when accepted, else VMP's; bounds: OneGain = "
                    + "exact single-gain CRB of the simulated data, PairGains = the paper's eqs. 51-62):");
            System.out.println(head);
            for (int p = 0; p < points; p++) {
                double[] v = row(p, bounds[p]);
                chain[0][p] = v[1];
                chain[1][p] = v[6];
                overDb[p] = v[4];
                StringBuilder line = new StringBuilder(leadValues[p]);
                for (double x : v) {
                    line.append(String.format(Locale.ROOT, ",%.4g", x));
                }
                w.println(line);
                System.out.println(line);
            }
        }
        System.out.println("wrote " + csv);
        if (snrSweep) {
            System.out.println(threshold(snr, overDb));
        }
        return chain;
    }

    private double[] row(int p, double[] bound) {
        double[] v = new double[COLUMNS.length];
        int ok = 0;
        int accepted = 0;
        int[] declined = new int[CoherentRefinement.Outcome.values().length];
        int grossChain = 0;
        int grossVmp = 0;
        double its = 0;
        double[] cpu = new double[trials];
        double pv = 0;
        double pc = 0;
        double vv = 0;
        double vc = 0;
        for (int t = 0; t < trials; t++) {
            if (res.get(p, t, 15) != 0 || !Double.isFinite(res.get(p, t, 20))) {
                continue;
            }
            cpu[ok++] = res.get(p, t, 19);
            int outcome = (int) res.get(p, t, 20);
            if (outcome == 0) {
                accepted++;
            } else {
                declined[outcome]++;
            }
            pv += res.get(p, t, 0);
            vv += res.get(p, t, 1);
            pc += res.get(p, t, 23);
            vc += res.get(p, t, 24);
            grossChain += (int) res.get(p, t, 29);
            grossVmp += (int) res.get(p, t, 30);
            its += res.get(p, t, 25);
        }
        v[0] = Math.sqrt(pv / ok);
        v[1] = Math.sqrt(pc / ok);
        v[2] = bound[0];
        v[3] = bound[2];
        v[4] = 20 * Math.log10(v[1] / v[2]);
        v[5] = Math.sqrt(vv / ok);
        v[6] = Math.sqrt(vc / ok);
        v[7] = bound[1];
        v[8] = bound[3];
        v[9] = 20 * Math.log10(v[6] / v[7]);
        v[10] = (double) accepted / ok;
        for (int r = 1; r < declined.length; r++) {
            v[10 + r] = declined[r];
        }
        v[16] = grossChain;
        v[17] = grossVmp;
        v[18] = its / ok;
        double[] c = Arrays.copyOf(cpu, ok);
        Arrays.sort(c);
        v[19] = ok == 0 ? Double.NaN : c[ok / 2];
        v[20] = trials - ok;
        v[21] = trials;
        return v;
    }

    /** The threshold line: the lowest SNR from which every higher point is within {@link #WITHIN_DB}. */
    static String threshold(double[] snr, double[] overDb) {
        Integer[] order = new Integer[snr.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(snr[a], snr[b]));
        int first = -1;
        for (int k = order.length - 1; k >= 0; k--) {
            if (overDb[order[k]] <= WITHIN_DB) {
                first = order[k];
            } else {
                break;
            }
        }
        if (first < 0) {
            return String.format(Locale.ROOT, "threshold SNR: none (the chain is more than %.0f dB above the single-gain"
                    + " bound at the highest SNR)", WITHIN_DB);
        }
        return String.format(Locale.ROOT, "threshold SNR: %.1f dB (chain position RMSE within %.0f dB of the "
                + "single-gain exact CRB at every point from there up)", snr[first], WITHIN_DB);
    }
}
