package org.nftb.methods.dftmusic.bench;

import org.nftb.config.RunConfig;
import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.Estimators;
import org.nftb.methods.dftmusic.DftMusicConfig;
import org.nftb.methods.dftmusic.DftMusicEstimator;
import org.nftb.methods.dftmusic.DftMusicSetup;
import org.nftb.benchkit.ProgressReport;
import org.nftb.montecarlo.MonteCarloRunner;
import org.nftb.montecarlo.Results;
import org.nftb.montecarlo.Stats;
import org.nftb.model.PolarState;
import org.nftb.run.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.nftb.benchkit.MachineLoad;
import org.nftb.run.Configs;

/**
 * {@code nftb bench dftmusic}: seed 001's estimator measured four ways.
 *
 * <ul>
 *   <li>default: Figs. 3-6 (NMSE of θ, r, v_r, v_θ against processed SNR for DFT-PC, DFT-CE, MUSIC-PC, MUSIC-CE,
 *       our coarse reading, and the paper's two baselines, gradient ML and the polar codebook) with the CRB, the
 *       threshold, the run time per CPI of each method in the same run, and the per-CPI latency;</li>
 *   <li>{@code --sweep}: the whole valid region, frozen and moving targets ({@link DftMusicSweep});</li>
 *   <li>{@code --cases}: the two scenes issue 8 found failing silently;</li>
 *   <li>{@code --two-targets}: two reflectors per CPI ({@link TwoTargetReport}).</li>
 * </ul>
 *
 * <p>Figs. 3-6: each trial draws fresh noise and, for the CE curves, a fresh W (phase U[0, φ_max], amplitude
 * U[0, A_max] dB from the configuration); PC data has no W. The estimator does not know W in either case (seed 001
 * §V). PC curves are checked against the CRB of a perfect array; CE curves against the CRB of the CE data (W known,
 * averaged over draws): amplitude errors ρ ≥ 1 give that data about 0.5 dB more signal power. The figures
 * estimate one target at every SNR (no detection threshold), as the paper does. Trial (s, t) uses its own seeded
 * generator, so results do not depend on the thread count.
 */
@Command(name = "dftmusic", mixinStandardHelpOptions = true,
        description = "Seed 001: Figs. 3-6 with the baselines, CRB and run times (default); --sweep over the valid "
                + "region; --cases (issue 8's scenes); --two-targets. CSV + PNG. The defaults finish in minutes on "
                + "two cores; the paper's scale: --trials 1000 --baseline-trials 200 (hours).")
public final class DftMusicBench implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "hw-config (default: the seed-001 scenario)")
    Path config;

    @Option(names = "--trials", description = "Monte Carlo trials per SNR point (default ${DEFAULT-VALUE}: minutes; "
            + "the paper's scale is 1000)")
    int trials = 200;

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

    @Option(names = "--sweep", description = "sweep the valid region instead of the paper's point (see --targets)")
    boolean sweep;

    @Option(names = "--targets", description = "sweep: targets drawn over the region (default ${DEFAULT-VALUE})")
    int sweepTargets = 300;

    @Option(names = "--sweep-trials", description = "sweep: noise draws per target, SNR and motion "
            + "(default ${DEFAULT-VALUE})")
    int sweepTrials = 10;

    @Option(names = "--sweep-snr", split = ",", description = "sweep: processed SNRs, dB (default 20,25,30,35,40,45,50)")
    double[] sweepSnrDb = {20, 25, 30, 35, 40, 45, 50};

    @Option(names = "--cases", description = "the two scenes issue 8 found failing, --trials CPIs each")
    boolean cases;

    @Option(names = "--two-targets", description = "two reflectors per CPI in three geometries (see --sweep-snr, "
            + "--sweep-trials)")
    boolean twoTargets;

    @Option(names = "--compare", description = "sweep: also run the other coarse stages (tables, geometry, both)")
    boolean compare;

    @Option(names = "--baseline-trials", description = "trials per SNR point that also run the two baselines, "
            + "50-100 times slower than ours (default ${DEFAULT-VALUE}: minutes; the figures in docs used 30-200)")
    int baselineTrials = 10;

    /** W draws averaged for the CE-data bound. */
    static final int CE_BOUND_DRAWS = 20;
    /** Gradient ML: grid values per parameter of its start (G) and most steps (T). */
    static final int GRADIENT_GRID = 6;
    static final int GRADIENT_STEPS = 100;
    /** The paper's 5000-point polar codebook, as angles x rings. */
    static final int CODEBOOK_ANGLES = 100;
    static final int CODEBOOK_RINGS = 50;
    /** Velocity codewords per axis (64: its grid misses the paper's v_r = 10, v_θ = 8 m/s by 0.24 and 0.14 m/s). */
    static final int VELOCITY_CODEWORDS = 64;

    @Override
    public Integer call() throws Exception {
        if (trials < 1 || threads < 1 || !(snrStepDb > 0) || snrMaxDb < snrMinDb) {
            throw new UsageException("need --trials >= 1, --threads >= 1, --snr-step > 0, --snr-max >= --snr-min");
        }
        RunConfig cfg = config == null ? Configs.loadDefault() : Configs.load(config);
        if (sweep) {
            if (sweepTargets < 1 || sweepTrials < 1 || sweepSnrDb.length == 0) {
                throw new UsageException("need --targets >= 1, --sweep-trials >= 1 and an SNR");
            }
            DftMusicSetup setup = (DftMusicSetup) Estimators.of(cfg.estimator()).setup(cfg);
            return DftMusicSweep.run(setup, sweepTargets, sweepTrials, sweepSnrDb, compare, seed, threads, out) ? 0 : 1;
        }
        if (cases) {
            DftMusicSetup setup = (DftMusicSetup) Estimators.of(cfg.estimator()).setup(cfg);
            return DftMusicSweep.cases(setup, trials, seed, threads) ? 0 : 1;
        }
        if (twoTargets) {
            DftMusicSetup setup = (DftMusicSetup) Estimators.of(cfg.estimator()).setup(cfg);
            if (setup.maxTargets() < 2) {
                setup = setup.with(setup.config().withMaxTargets(2));
            }
            return TwoTargetReport.run(setup, sweepTrials, sweepSnrDb, seed, threads) ? 0 : 1;
        }
        int points = (int) Math.floor((snrMaxDb - snrMinDb) / snrStepDb + 1e-9) + 1;
        double[] snr = new double[points];
        for (int i = 0; i < points; i++) {
            snr[i] = snrMinDb + i * snrStepDb;
        }
        FiguresStudy study = FiguresStudy.prepare(cfg, snr, baselineTrials);
        PolarState truth = study.truth();
        System.out.printf(Locale.ROOT, "seed 001 benchmark: %s; truth θ=%.4f rad r=%.4f m v_r=%.3f m/s v_θ=%.3f m/s; "
                        + "%d trials x %d SNR points (baselines: the first %d of each), %d threads%n", cfg.name(),
                truth.angleRad(), truth.rangeM(), truth.radialVelocityMps(), truth.transverseVelocityMps(), trials,
                points, Math.min(trials, baselineTrials), threads);
        System.out.printf(Locale.ROOT, "baselines: gradient ML from a %d^4 grid, at most %d steps; polar codebook %d x %d "
                        + "= %d (θ, r) codewords over the valid region, then %d x %d (v_r, v_θ) codewords over ±%.0f m/s "
                        + "with the true location%n", GRADIENT_GRID, GRADIENT_STEPS, CODEBOOK_ANGLES, CODEBOOK_RINGS,
                CODEBOOK_ANGLES * CODEBOOK_RINGS, VELOCITY_CODEWORDS, VELOCITY_CODEWORDS,
                study.configuredSetup().config().maxVelocityMps());
        long t0 = System.nanoTime();
        Results results = ProgressReport.trials("seed 001 Monte Carlo", new MonteCarloRunner(threads), study.trial(),
                points, trials, seed);
        System.out.printf(Locale.ROOT, "Monte Carlo done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        boolean ok = study.writeSummaries(results, seed, out);
        measureLatency(study.configuredSetup(), cfg, study.cleanEcho());
        System.out.println("wrote " + out.resolve("nmse.csv") + " and " + out.resolve("nmse.png"));
        return ok ? 0 : 1;
    }

    /**
     * Per-CPI latency of the estimator on the configuration's own scenario (single thread, after warm-up), and of the
     * same estimator with the other motion model, CPI by CPI alternately on the same data, so that their ratio is
     * measured side by side under the same load.
     */
    private void measureLatency(DftMusicSetup setup, RunConfig cfg, double[] clean) {
        DftMusicConfig.MotionModel model = setup.config().motionModel();
        DftMusicConfig.MotionModel otherModel = model == DftMusicConfig.MotionModel.LINEAR
                ? DftMusicConfig.MotionModel.FROZEN : DftMusicConfig.MotionModel.LINEAR;
        DftMusicEstimator[] est = {setup.newEstimator(),
            setup.with(setup.config().withMotionModel(otherModel)).newEstimator()};
        double perSample = Math.pow(10, cfg.scene().targets().get(0).perSampleSnrDb() / 10);
        double amp = Math.sqrt(perSample);
        SplittableRandom rng = new SplittableRandom(seed);
        float[] y = new float[clean.length];
        EstimateFrame e = setup.newFrame();
        double[][] lat = new double[2][latencyCpis];
        for (int i = -200; i < latencyCpis; i++) {
            for (int k = 0; k < clean.length; k++) {
                y[k] = (float) (amp * clean[k] + Math.sqrt(0.5) * rng.nextGaussian());
            }
            for (int v = 0; v < 2; v++) {
                long t = System.nanoTime();
                est[v].estimate(y, e);
                if (i >= 0) {
                    lat[v][i] = (System.nanoTime() - t) / 1e6;
                }
            }
        }
        System.out.printf(Locale.ROOT, "latency per CPI (%d CPIs after 200 warm-up, %s, motionModel %s): median %.2f ms, "
                        + "p99 %.2f ms, min %.2f ms, max %.2f ms%n", latencyCpis, cfg.name(), name(model),
                Stats.median(lat[0]), Stats.quantile(lat[0], 0.99), Stats.quantile(lat[0], 0),
                Stats.quantile(lat[0], 1));
        System.out.printf(Locale.ROOT, "  the same CPIs with motionModel %s, alternately: median %.2f ms, p99 %.2f ms; "
                        + "median ratio %s/%s %.2f (%s)%n", name(otherModel),
                Stats.median(lat[1]), Stats.quantile(lat[1], 0.99), name(DftMusicConfig.MotionModel.LINEAR),
                name(DftMusicConfig.MotionModel.FROZEN), model == DftMusicConfig.MotionModel.LINEAR
                        ? Stats.median(lat[0]) / Stats.median(lat[1]) : Stats.median(lat[1]) / Stats.median(lat[0]),
                MachineLoad.now());
    }

    private static String name(DftMusicConfig.MotionModel m) {
        return m.name().toLowerCase(Locale.ROOT);
    }
}
