package org.nftb.bench;

import org.nftb.bound.MotionCrb;
import org.nftb.config.ConfigLoader;
import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.estimate.EstimateFrame;
import org.nftb.estimate.Estimators;
import org.nftb.estimate.TargetEstimate;
import org.nftb.estimate.dftmusic.DftMusicSetup;
import org.nftb.montecarlo.MonteCarloRunner;
import org.nftb.montecarlo.Results;
import org.nftb.montecarlo.Stats;
import org.nftb.montecarlo.Trial;
import org.nftb.montecarlo.TrialSeeds;
import org.nftb.estimate.dftmusic.DftMusicEstimator;
import org.nftb.model.ArrayErrors;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PolarState;
import org.nftb.model.SpaceTimeSignal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code nftb bench dftmusic}: reproduces seed 001 Figs. 3-6 (NMSE of θ, r, v_r, v_θ against processed SNR for
 * DFT-PC, DFT-CE, MUSIC-PC, MUSIC-CE) with the CRB of the exact model, and measures per-CPI latency.
 *
 * <p>Each trial draws fresh noise and, for the CE curves, a fresh W (phase U[0, φ_max], amplitude U[0, A_max] dB
 * from the configuration); PC data has no W. The estimator does not know W in either case (seed 001 §V). PC
 * curves are checked against the CRB of a perfect array; CE curves against the CRB of the CE data (W known,
 * averaged over draws): amplitude errors ρ ≥ 1 give that data about 0.5 dB more signal power.
 * Trial (s, t) uses its own seeded generator, so results do not depend on the thread count.
 */
@Command(name = "dftmusic", mixinStandardHelpOptions = true,
        description = "Seed 001 Figs. 3-6: NMSE vs processed SNR for DFT/MUSIC with and without calibration errors, "
                + "with the CRB; CSV + PNG; per-CPI latency.")
public final class DftMusicBench implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "hw-config (default: the seed-001 scenario)")
    Path config;

    @Option(names = "--trials", description = "Monte Carlo trials per SNR point (paper: 1000; default ${DEFAULT-VALUE})")
    int trials = 1000;

    @Option(names = "--snr-min", description = "lowest processed SNR, dB (default ${DEFAULT-VALUE})")
    double snrMinDb = -10;

    @Option(names = "--snr-max", description = "highest processed SNR, dB (default ${DEFAULT-VALUE})")
    double snrMaxDb = 60;

    @Option(names = "--snr-step", description = "SNR step, dB (default ${DEFAULT-VALUE})")
    double snrStepDb = 5;

    @Option(names = "--seed", description = "Monte Carlo seed (default ${DEFAULT-VALUE})")
    long seed = 2026;

    @Option(names = "--threads", description = "worker threads for the Monte Carlo (default ${DEFAULT-VALUE})")
    int threads = 2;

    @Option(names = "--latency-cpis", description = "CPIs timed for the latency figure (default ${DEFAULT-VALUE})")
    int latencyCpis = 1000;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default ${DEFAULT-VALUE})")
    Path out = Path.of("bench-out/dftmusic");

    static final String[] METHODS = {"DFT-PC", "DFT-CE", "MUSIC-PC", "MUSIC-CE"};
    /** W draws averaged for the CE-data bound. */
    static final int CE_BOUND_DRAWS = 20;

    @Override
    public Integer call() throws Exception {
        if (trials < 1 || threads < 1 || !(snrStepDb > 0) || snrMaxDb < snrMinDb) {
            throw new org.nftb.cli.UsageException("need --trials >= 1, --threads >= 1, --snr-step > 0, --snr-max >= --snr-min");
        }
        RunConfig cfg = config == null ? ConfigLoader.loadDefault() : ConfigLoader.load(config);
        SceneConfig scene = cfg.scene();
        if (scene == null || scene.calibrationErrors() == null) {
            throw new org.nftb.cli.UsageException(cfg.source() + ": the benchmark needs a scene with calibrationErrors");
        }
        int channels = cfg.rxArray().count();
        int symbols = cfg.cpiSymbols();
        PolarState truth = scene.targets().get(0).initial().toPolar(cfg.rxArray().referenceXM(),
                cfg.rxArray().referenceYM());
        ElementRangeModel model = new ElementRangeModel(cfg.rxArray(), cfg.wavelengthM());
        double[] path = new double[channels];
        double[] rate = new double[channels];
        model.paths(scene.targets().get(0).initial(), path, rate);
        double[] clean = new double[2 * channels * symbols];
        SpaceTimeSignal.accumulate(path, rate, channels, symbols, cfg.wavelengthM(), cfg.symbolPeriodS(), 1, 0, clean);
        double gainDb = 10 * Math.log10((double) channels * symbols);

        int points = (int) Math.floor((snrMaxDb - snrMinDb) / snrStepDb + 1e-9) + 1;
        double[] snr = new double[points];
        for (int i = 0; i < points; i++) {
            snr[i] = snrMinDb + i * snrStepDb;
        }
        System.out.printf(Locale.ROOT, "seed 001 benchmark: %s; truth θ=%.4f rad r=%.4f m v_r=%.3f m/s v_θ=%.3f m/s; "
                        + "%d trials x %d SNR points, %d threads%n", cfg.name(), truth.angleRad(), truth.rangeM(),
                truth.radialVelocityMps(), truth.transverseVelocityMps(), trials, points, threads);

        // estimator set-up (lookup tables) built once, shared by every worker
        DftMusicSetup setup = (DftMusicSetup) Estimators.of(cfg.estimator()).setup(cfg);
        SceneConfig.CalibrationErrors errors = scene.calibrationErrors();
        Fig3to6Trial trial = new Fig3to6Trial(setup, clean, truth, snr, gainDb, errors.phaseMaxRad(),
                errors.amplitudeMaxDb());
        long t0 = System.nanoTime();
        Results results = new MonteCarloRunner(threads).run(trial, points, trials, seed, null);
        System.out.printf(Locale.ROOT, "Monte Carlo done in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        double[][][] nmseDb = new double[points][4][4];
        double[][] crbDb = new double[points][4];
        double[][] crbCeDb = new double[points][4];
        SceneConfig.CalibrationErrors ce = scene.calibrationErrors();
        for (int s = 0; s < points; s++) {
            double perSample = Math.pow(10, (snr[s] - gainDb) / 10);
            double[] crb = MotionCrb.normalized(MotionCrb.polarBound(model, truth, cfg.rxArray().referenceXM(),
                    cfg.rxArray().referenceYM(), symbols, cfg.symbolPeriodS(), perSample), truth);
            // CE data: the bound with the drawn W known, averaged over the W of the first CE_BOUND_DRAWS trials
            double[] crbCe = new double[4];
            for (int t = 0; t < CE_BOUND_DRAWS; t++) {
                double[] w = ArrayErrors.draw(channels, ce.phaseMaxRad(), ce.amplitudeMaxDb(),
                        TrialSeeds.seed(seed, s, t));
                double[] b = MotionCrb.normalized(MotionCrb.polarBound(model, truth, cfg.rxArray().referenceXM(),
                        cfg.rxArray().referenceYM(), symbols, cfg.symbolPeriodS(), perSample, w), truth);
                for (int q = 0; q < 4; q++) {
                    crbCe[q] += b[q] / CE_BOUND_DRAWS;
                }
            }
            for (int q = 0; q < 4; q++) {
                crbDb[s][q] = 10 * Math.log10(crb[q]);
                crbCeDb[s][q] = 10 * Math.log10(crbCe[q]);
                double x2 = truth.parameter(q) * truth.parameter(q);
                for (int m = 0; m < 4; m++) {
                    nmseDb[s][m][q] = 10 * Math.log10(results.meanSquare(s, 4 * m + q) / x2);
                }
            }
        }
        Files.createDirectories(out);
        writeCsv(out.resolve("nmse.csv"), snr, nmseDb, crbDb, crbCeDb);
        List<Map.Entry<String, Map<String, double[]>>> panels = new ArrayList<>();
        for (int q = 0; q < 4; q++) {
            Map<String, double[]> series = new LinkedHashMap<>();
            for (int m = 0; m < 4; m++) {
                double[] y = new double[points];
                for (int s = 0; s < points; s++) {
                    y[s] = nmseDb[s][m][q];
                }
                series.put(METHODS[m], y);
            }
            double[] c = new double[points];
            for (int s = 0; s < points; s++) {
                c[s] = crbDb[s][q];
            }
            series.put("CRB (PC)", c);
            double[] cc = new double[points];
            for (int s = 0; s < points; s++) {
                cc[s] = crbCeDb[s][q];
            }
            series.put("CRB (CE data)", cc);
            panels.add(new AbstractMap.SimpleEntry<>(PolarState.PARAMETER_NAMES[q], series));
        }
        NmsePlot.write(out.resolve("nmse.png"), "seed 001", snr, panels);
        printTable(snr, nmseDb, crbDb, crbCeDb);
        boolean ok = checkBars(snr, nmseDb, crbDb, crbCeDb);
        measureLatency(setup, cfg, clean);
        System.out.println("wrote " + out.resolve("nmse.csv") + " and " + out.resolve("nmse.png"));
        return ok ? 0 : 1;
    }

    /**
     * One trial of Figs. 3-6 at processed SNR {@code snr[point]}: the same noise draw with and without a fresh W
     * (drawn from the trial's seed), both estimated; metrics are the signed errors of (θ, r, v_r, v_θ) for
     * DFT-PC, DFT-CE, MUSIC-PC, MUSIC-CE, at index {@code 4·method + parameter}.
     */
    record Fig3to6Trial(DftMusicSetup setup, double[] clean, PolarState truth, double[] snr, double gainDb,
                        double phaseMaxRad, double amplitudeMaxDb) implements Trial<Fig3to6Trial.Worker> {
        static final class Worker {
            final DftMusicEstimator estimator;
            final EstimateFrame frame;
            final float[] y;

            Worker(DftMusicSetup setup, int length) {
                this.estimator = setup.newEstimator();
                this.frame = setup.newFrame();
                this.y = new float[length];
            }
        }

        @Override
        public int metrics() {
            return 16;
        }

        @Override
        public Worker newContext() {
            return new Worker(setup, clean.length);
        }

        @Override
        public void run(Worker w, int point, int trial, long seed, double[] out) {
            int channels = setup.rxArray().count();
            int symbols = setup.symbols();
            double amp = Math.sqrt(Math.pow(10, (snr[point] - gainDb) / 10));
            for (int withErrors = 0; withErrors < 2; withErrors++) {
                double[] errors = withErrors == 1 ? ArrayErrors.draw(channels, phaseMaxRad, amplitudeMaxDb, seed) : null;
                SplittableRandom noise = new SplittableRandom(seed ^ 0x5DEECE66DL);
                double sd = Math.sqrt(0.5);
                for (int c = 0; c < channels; c++) {
                    double wr = errors == null ? 1 : errors[2 * c];
                    double wi = errors == null ? 0 : errors[2 * c + 1];
                    for (int m = 0; m < symbols; m++) {
                        int i = 2 * (c * symbols + m);
                        double sr = amp * clean[i];
                        double si = amp * clean[i + 1];
                        w.y[i] = (float) (wr * sr - wi * si + sd * noise.nextGaussian());
                        w.y[i + 1] = (float) (wr * si + wi * sr + sd * noise.nextGaussian());
                    }
                }
                w.estimator.estimate(w.y, w.frame);
                TargetEstimate t = w.frame.target(0);
                for (int q = 0; q < 4; q++) {
                    out[4 * withErrors + q] = t.diagnostic(q) - truth.parameter(q);          // DFT-PC / DFT-CE
                    out[4 * (2 + withErrors) + q] = t.parameter(q) - truth.parameter(q);     // MUSIC-PC / MUSIC-CE
                }
            }
        }
    }

    private static void writeCsv(Path file, double[] snr, double[][][] nmse, double[][] crb, double[][] crbCe)
            throws Exception {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            w.println("processed_snr_db,parameter,dft_pc_db,dft_ce_db,music_pc_db,music_ce_db,crb_pc_db,crb_ce_db");
            for (int s = 0; s < snr.length; s++) {
                for (int q = 0; q < 4; q++) {
                    w.printf(Locale.ROOT, "%.1f,%s,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f%n", snr[s],
                            PolarState.PARAMETER_NAMES[q], nmse[s][0][q], nmse[s][1][q], nmse[s][2][q], nmse[s][3][q],
                            crb[s][q], crbCe[s][q]);
                }
            }
        }
    }

    private static void printTable(double[] snr, double[][][] nmse, double[][] crb, double[][] crbCe) {
        for (int q = 0; q < 4; q++) {
            System.out.println();
            System.out.println("NMSE (dB) of " + PolarState.PARAMETER_NAMES[q]);
            System.out.println("| SNR dB | DFT-PC | DFT-CE | MUSIC-PC | MUSIC-CE | CRB (PC) | CRB (CE data) |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (int s = 0; s < snr.length; s++) {
                System.out.printf(Locale.ROOT, "| %.0f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n", snr[s],
                        nmse[s][0][q], nmse[s][1][q], nmse[s][2][q], nmse[s][3][q], crb[s][q], crbCe[s][q]);
            }
        }
    }

    /**
     * Checks the paper's bar (MUSIC-PC and MUSIC-CE ≤ -40 dB on all four parameters at the highest SNR) and that
     * no NMSE falls below the CRB by more than its sampling error (3 standard errors of an NMSE from N trials,
     * 10·log10(1 - 3·sqrt(2/N))). The CRB bounds unbiased estimators and is a local bound: where it exceeds
     * -10 dB (an RMS error above 30 % of the value, the threshold region) the estimators are confined to their
     * search windows, hence biased, and may sit below it; those points are reported but not checked.
     */
    private boolean checkBars(double[] snr, double[][][] nmse, double[][] crb, double[][] crbCe) {
        boolean ok = true;
        int top = snr.length - 1;
        for (int q = 0; q < 4; q++) {
            for (int m = 2; m < 4; m++) {
                if (nmse[top][m][q] > -40) {
                    System.out.printf(Locale.ROOT, "BAR MISSED: %s %s NMSE %.1f dB > -40 dB at %.0f dB%n", METHODS[m],
                            PolarState.PARAMETER_NAMES[q], nmse[top][m][q], snr[top]);
                    ok = false;
                }
            }
        }
        double slackDb = -10 * Math.log10(Math.max(0.05, 1 - 3 * Math.sqrt(2.0 / trials)));
        for (int s = 0; s < snr.length; s++) {
            for (int q = 0; q < 4; q++) {
                for (int m = 0; m < 4; m++) {
                    double bound = m % 2 == 0 ? crb[s][q] : crbCe[s][q];   // PC data vs CE data
                    if (bound <= -10 && nmse[s][m][q] < bound - slackDb) {
                        System.out.printf(Locale.ROOT, "BELOW CRB: %s %s at %.0f dB: NMSE %.2f dB < CRB %.2f dB - %.2f dB "
                                        + "(sampling slack)%n", METHODS[m], PolarState.PARAMETER_NAMES[q], snr[s],
                                nmse[s][m][q], bound, slackDb);
                        ok = false;
                    }
                }
            }
        }
        System.out.println(ok ? "checks: MUSIC-PC and MUSIC-CE <= -40 dB at the top SNR on all parameters; no NMSE below "
                + "the CRB beyond sampling error" : "checks: FAILED (see above)");
        return ok;
    }

    /** Per-CPI latency of the estimator on the configuration's own scenario (single thread, after warm-up). */
    private void measureLatency(DftMusicSetup setup, RunConfig cfg, double[] clean) {
        DftMusicEstimator est = setup.newEstimator();
        double perSample = Math.pow(10, cfg.scene().targets().get(0).perSampleSnrDb() / 10);
        double amp = Math.sqrt(perSample);
        SplittableRandom rng = new SplittableRandom(seed);
        float[] y = new float[clean.length];
        EstimateFrame e = setup.newFrame();
        double[] lat = new double[latencyCpis];
        for (int i = -200; i < latencyCpis; i++) {
            for (int k = 0; k < clean.length; k++) {
                y[k] = (float) (amp * clean[k] + Math.sqrt(0.5) * rng.nextGaussian());
            }
            long t = System.nanoTime();
            est.estimate(y, e);
            if (i >= 0) {
                lat[i] = (System.nanoTime() - t) / 1e6;
            }
        }
        System.out.printf(Locale.ROOT, "latency per CPI (%d CPIs after 200 warm-up, %s): median %.2f ms, p99 %.2f ms, "
                        + "min %.2f ms, max %.2f ms%n", latencyCpis, cfg.name(), Stats.median(lat),
                Stats.quantile(lat, 0.99), Stats.quantile(lat, 0), Stats.quantile(lat, 1));
    }
}
