package org.nftb.methods.dftmusic.bench;

import org.nftb.methods.dftmusic.DftMusicSetup;
import org.nftb.model.PolarState;
import org.nftb.benchkit.ProgressReport;
import org.nftb.montecarlo.MonteCarloRunner;
import org.nftb.montecarlo.Results;
import org.nftb.montecarlo.Stats;

import java.util.Locale;

/**
 * {@code nftb bench dftmusic --two-targets}: two reflectors per CPI ({@link TwoTargetTrial}) in three geometries,
 * well apart, 3° apart at one range, and one behind the other at one angle, at several processed SNRs (each target
 * at that SNR). Prints, per scene and SNR, how often both were found within 10 CRB standard deviations, each
 * target's MSE over its two-target CRB, and checks the bar: at 40 dB both within 3 dB of their CRBs.
 */
final class TwoTargetReport {
    private TwoTargetReport() {
    }

    /** The scenes: seed 001's default target and a second one. */
    static final PolarState DEFAULT = new PolarState(7.0165, Math.toRadians(15), 10, 8);
    static final String[] NAMES = {"apart (second at -10 deg, 5 m)", "3 deg apart (18 deg, same range)",
            "same angle, 4 m and 7 m"};
    static final PolarState[][] SCENES = {
        {DEFAULT, new PolarState(5.0, Math.toRadians(-10), -6, 4)},
        {DEFAULT, new PolarState(7.0165, Math.toRadians(18), -5, -4)},
        {DEFAULT, new PolarState(4.0, Math.toRadians(15), -5, 3)},
    };

    static boolean run(DftMusicSetup setup, int trials, double[] snrDb, long seed, int threads) throws Exception {
        TwoTargetTrial trial = new TwoTargetTrial(setup, SCENES, snrDb);
        System.out.printf(Locale.ROOT, "two targets: %d scenes x %d SNRs x %d trials, maxTargets %d, %d threads%n",
                SCENES.length, snrDb.length, trials, setup.maxTargets(), threads);
        long t0 = System.nanoTime();
        Results r = ProgressReport.trials("two targets", new MonteCarloRunner(threads), trial, trial.points(),
                trials, seed);
        System.out.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        System.out.println("| scene | SNR dB (each) | both found | exactly 2 reported | flagged | MSE/CRB dB target 1 "
                + "(θ, r, v_r, v_θ) | MSE/CRB dB target 2 | CPU ms/CPI median |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        boolean ok = true;
        for (int p = 0; p < trial.points(); p++) {
            int scene = p / snrDb.length;
            double snr = snrDb[p % snrDb.length];
            int both = 0;
            int two = 0;
            int flagged = 0;
            double[][] sum = new double[2][4];
            int[] n = new int[2];
            double[] cpu = new double[trials];
            for (int t = 0; t < trials; t++) {
                both += r.get(p, t, 4) > 0 && r.get(p, t, 9) > 0 ? 1 : 0;
                two += r.get(p, t, TwoTargetTrial.REPORTED) == 2 ? 1 : 0;
                flagged += r.get(p, t, TwoTargetTrial.FLAGGED) > 0 ? 1 : 0;
                cpu[t] = r.get(p, t, TwoTargetTrial.CPU) / 1e6;
                for (int k = 0; k < 2; k++) {
                    if (!Double.isNaN(r.get(p, t, 5 * k))) {
                        for (int q = 0; q < 4; q++) {
                            sum[k][q] += r.get(p, t, 5 * k + q);
                        }
                        n[k]++;
                    }
                }
            }
            double[][] db = new double[2][4];
            for (int k = 0; k < 2; k++) {
                for (int q = 0; q < 4; q++) {
                    db[k][q] = 10 * Math.log10(sum[k][q] / n[k]);
                }
            }
            System.out.printf(Locale.ROOT, "| %s | %.0f | %d/%d | %d | %d | %.2f, %.2f, %.2f, %.2f | %.2f, %.2f, %.2f, "
                            + "%.2f | %.2f |%n", NAMES[scene], snr, both, trials, two, flagged, db[0][0], db[0][1],
                    db[0][2], db[0][3], db[1][0], db[1][1], db[1][2], db[1][3], Stats.median(cpu));
            if (snr == 40) {
                for (int k = 0; k < 2; k++) {
                    for (int q = 0; q < 4; q++) {
                        if (!(db[k][q] <= 3)) {
                            System.out.printf(Locale.ROOT, "BAR MISSED (%s, 40 dB): target %d %s MSE/CRB %.2f dB > 3 dB%n",
                                    NAMES[scene], k + 1, PolarState.PARAMETER_NAMES[q], db[k][q]);
                            ok = false;
                        }
                    }
                }
            }
        }
        System.out.println("MSE/CRB over the draws where the target was matched; the CRB is the two-target bound "
                + "(bound/MultiTargetCrb) for each draw's gains.");
        return ok;
    }
}
