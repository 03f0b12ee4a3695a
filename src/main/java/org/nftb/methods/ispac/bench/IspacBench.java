package org.nftb.methods.ispac.bench;

import org.nftb.methods.ispac.DownlinkPositioner;
import org.nftb.methods.ispac.design.HybridArray;
import org.nftb.methods.ispac.IspacGeometry;
import org.nftb.methods.ispac.IspacSignals;
import org.nftb.methods.ispac.UplinkPositioner;
import org.nftb.model.DoubleArrayModel;
import org.nftb.benchkit.ProgressReport;
import org.nftb.montecarlo.MonteCarloRunner;
import org.nftb.montecarlo.Results;
import org.nftb.montecarlo.Stats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.nftb.benchkit.MachineLoad;
import picocli.CommandLine;

/**
 * {@code nftb bench ispac}: seed 003 Fig. 4 (RMSE and root-CRB of θ and r against the sensing SNR, downlink
 * Algorithm 1 and uplink 2-D MUSIC + refinement) on §V's double array (N_a = 64, N_b = 16, M = 4, target at 45° and
 * 20 m, {@link IspacGeometry} for the choices the paper leaves open), and the per-CPI positioning time. The
 * transmit blocks are the seeded live ones (random phase shifters, K = 4 random precoders, half the power on white
 * probing; uplink white probing), not the CRB-optimised designs of Algorithms 2 and 6. Results to CSV.
 */
@Command(name = "ispac", mixinStandardHelpOptions = true,
        description = "Seed 003 Fig. 4: RMSE vs root-CRB of angle and range against sensing SNR (downlink, uplink); "
                + "per-CPI positioning time. With --designs: Figs. 2/3 and 5/6 of the downlink/uplink designs. CSV/PNG.")
public final class IspacBench implements Callable<Integer> {
    @Option(names = "--trials", description = "realizations per SNR point (paper: 100; default ${DEFAULT-VALUE})")
    int trials = 100;

    @Option(names = "--snapshots", description = "T, snapshots per CPI (paper: silent; default ${DEFAULT-VALUE})")
    int snapshots = 256;

    @Option(names = "--snr-min", description = "lowest sensing SNR |β|²P/σ², dB (default ${DEFAULT-VALUE})")
    double snrMinDb = -30;

    @Option(names = "--snr-max", description = "highest sensing SNR, dB (default ${DEFAULT-VALUE})")
    double snrMaxDb = 20;

    @Option(names = "--snr-step", description = "SNR step, dB (default ${DEFAULT-VALUE})")
    double snrStepDb = 5;

    @Option(names = "--seed", description = "study seed (default ${DEFAULT-VALUE})")
    long seed = 2026;

    @Option(names = "--threads", description = "Monte Carlo threads (default ${DEFAULT-VALUE})")
    int threads = 2;

    @Option(names = "--timing-cpis", description = "CPIs timed per link (default ${DEFAULT-VALUE})")
    int timingCpis = 200;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default ${DEFAULT-VALUE})")
    Path out = Path.of("bench-out/ispac");

    @Option(names = "--designs", description = "run the transmit-design figures (downlink Figs. 2, 5; uplink Figs. 3, "
            + "6) instead of Fig. 4")
    boolean designs;

    @Option(names = "--design-link", description = "with --designs: downlink, uplink or both (default "
            + "${DEFAULT-VALUE})")
    String designLink = "both";

    @Option(names = "--design-trials", description = "realizations per point of the design figures (paper: 100; "
            + "default ${DEFAULT-VALUE})")
    int designTrials = 20;

    @Option(names = "--design-timing", description = "with --designs: only time N hybrid near-field designs of each "
            + "link (each the multi-start, including the far-field design it starts from)")
    int designTiming;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (designs && !List.of("downlink", "uplink", "both").contains(designLink)) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--design-link must be downlink, uplink or both, got '" + designLink + "'");
        }
        if (designs && designTiming > 0) {
            IspacDesignFigures figs = new IspacDesignFigures(designTrials, snapshots, seed, out);
            for (IspacDesignLinks.Link link : figs.links(designLink)) {
                figs.timing(link, designTiming);
            }
            return 0;
        }
        if (designs) {
            new IspacDesignFigures(designTrials, snapshots, seed, out).run(designLink);
            return 0;
        }
        int na = 64;
        int nb = 16;
        int nrf = 16;
        double theta = Math.toRadians(45);
        double range = 20;
        DoubleArrayModel model = IspacGeometry.paper(na, nb);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] phases = new double[na];
        for (int n = 0; n < na; n++) {
            phases[n] = 2 * Math.PI * rng.nextDouble();
        }
        HybridArray f = HybridArray.ofPhases(phases, nrf);
        double[] w = new double[2 * nrf * 4];
        double wp = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian();
            wp += w[i] * w[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] *= Math.sqrt(0.5 / wp);
        }
        double[] rd = new double[2 * nrf * nrf];
        double[] ru = new double[2 * nb * nb];
        for (int i = 0; i < nrf; i++) {
            rd[2 * (i * nrf + i)] = 0.5 / nrf;
        }
        for (int i = 0; i < nb; i++) {
            ru[2 * (i * nb + i)] = 1.0 / nb;
        }
        double[] x = IspacSignals.downlinkBlock(f, w, 4, rd, snapshots, rng.nextLong());
        double[] s = IspacSignals.probingBlock(ru, nb, snapshots, rng.nextLong());
        int points = (int) Math.floor((snrMaxDb - snrMinDb) / snrStepDb + 1e-9) + 1;
        double[] snr = new double[points];
        for (int p = 0; p < points; p++) {
            snr[p] = snrMinDb + p * snrStepDb;
        }
        IspacTrial trial = new IspacTrial(model, f, x, s, snapshots, snr, theta, range);
        System.out.printf(Locale.ROOT, "seed 003 Fig. 4: N_a = %d, N_b = %d, N_RF = %d (M = 4), T = %d, target 45 deg "
                        + "20 m, %d realizations per point (paper: 100), MT aperture 0.5 m (d = %.4f m), AT lambda/2 "
                        + "at %.3f m, seeded random hybrid transmit (not the optimised design)%n", na, nb, nrf,
                snapshots, trials, 0.5 / na, model.at().referenceXM());
        Results res = ProgressReport.trials("seed 003 Monte Carlo", new MonteCarloRunner(threads), trial, 2 * points,
                trials, seed);
        Files.createDirectories(out);
        Path csv = out.resolve("fig4.csv");
        try (PrintWriter pw = new PrintWriter(Files.newBufferedWriter(csv))) {
            pw.println("link,snrDb,rmseAngleRad,rcrbAngleRad,rmseRangeM,rcrbRangeM,gapAngleDb,gapRangeDb,"
                    + "grossRangeRate");
            System.out.println("link      SNR dB  RMSE θ rad   RCRB θ rad   RMSE r m     RCRB r m     gap θ dB  gap r dB"
                    + "  gross(|Δr|>5 RCRB)");
            for (int p = 0; p < 2 * points; p++) {
                String link = p < points ? "downlink" : "uplink";
                double[] rc = trial.rootCrb(p);
                double rmseT = Math.sqrt(res.meanSquare(p, 0));
                double rmseR = Math.sqrt(res.meanSquare(p, 1));
                double gapT = 20 * Math.log10(rmseT / rc[0]);
                double gapR = 20 * Math.log10(rmseR / rc[1]);
                double gross = res.fractionAbove(p, 1, 5 * rc[1]);
                pw.printf(Locale.ROOT, "%s,%.1f,%.6e,%.6e,%.6e,%.6e,%.3f,%.3f,%.4f%n", link, snr[p % points], rmseT,
                        rc[0], rmseR, rc[1], gapT, gapR, gross);
                System.out.printf(Locale.ROOT, "%-9s %6.1f  %.3e    %.3e    %.3e    %.3e    %6.2f    %6.2f    %.3f%n",
                        link, snr[p % points], rmseT, rc[0], rmseR, rc[1], gapT, gapR, gross);
            }
        }
        timing(model, f, x, s);
        System.out.println("wrote " + csv);
        return 0;
    }

    /** Per-CPI positioning time, both links measured side by side in this run (median and 10-90 % spread). */
    private void timing(DoubleArrayModel model, HybridArray f, double[] x, double[] s) {
        DownlinkPositioner down = new DownlinkPositioner(model, x, snapshots, Math.toRadians(80), 2, 200, 128);
        UplinkPositioner up = new UplinkPositioner(model, f, s, snapshots, Math.toRadians(80), 2, 200);
        float[] yd = IspacSignals.downlinkEcho(model, Math.toRadians(45), 20, 1, 0, x, snapshots, 0.1, 1);
        float[] yu = IspacSignals.uplinkEcho(model, f, Math.toRadians(45), 20, 1, 0, s, snapshots, 0.1, 2);
        double[] td = new double[timingCpis];
        double[] tu = new double[timingCpis];
        for (int warm = 0; warm < 50; warm++) {
            down.estimate(yd);
            up.estimate(yu);
        }
        for (int i = 0; i < timingCpis; i++) {
            long t0 = System.nanoTime();
            down.estimate(yd);
            long t1 = System.nanoTime();
            up.estimate(yu);
            long t2 = System.nanoTime();
            td[i] = (t1 - t0) / 1e6;
            tu[i] = (t2 - t1) / 1e6;
        }
        System.out.printf(Locale.ROOT, "positioning per CPI (N_a = %d, N_b = %d, T = %d, one thread, %s): downlink median %.2f ms [p10 %.2f, p90 %.2f], uplink median %.2f ms [p10 %.2f, "
                        + "p90 %.2f] (uplink grid %d points); ratio uplink/downlink %.2f%n", model.mtCount(),
                model.atCount(), snapshots, MachineLoad.now(), Stats.quantile(td, 0.5), Stats.quantile(td, 0.1),
                Stats.quantile(td, 0.9), Stats.quantile(tu, 0.5), Stats.quantile(tu, 0.1), Stats.quantile(tu, 0.9),
                up.gridSize(), Stats.quantile(tu, 0.5) / Stats.quantile(td, 0.5));
    }
}
