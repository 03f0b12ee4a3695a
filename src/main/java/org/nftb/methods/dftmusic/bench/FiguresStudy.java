package org.nftb.methods.dftmusic.bench;

import org.nftb.bound.MotionCrb;
import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.estimator.Estimators;
import org.nftb.methods.dftmusic.DftMusicSetup;
import org.nftb.methods.dftmusic.baseline.PolarCodebook;
import org.nftb.model.ArrayErrors;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PolarState;
import org.nftb.montecarlo.Results;
import org.nftb.montecarlo.Study;
import org.nftb.montecarlo.Trial;
import org.nftb.montecarlo.TrialSeeds;
import org.nftb.run.UsageException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 001's Figs. 3-6 as a study any runner can run: the set-up (dftmusic tables, the baseline's codebook, the
 * clean echo) built once here, the {@link Trial} that ships it, and the summaries (CSV, PNG, bar checks against
 * the CRB) computed from the per-trial results. Used by {@code nftb bench dftmusic} (threads in this process) and
 * by {@code nftb study} (in-process or on Spark); the trial does not know which runner runs it.
 */
public final class FiguresStudy implements Study {
    private final RunConfig cfg;
    private final double[] snrDb;
    private final PolarState truth;
    private final double gainDb;
    private final DftMusicSetup configured;
    private final FiguresTrial trial;

    private FiguresStudy(RunConfig cfg, double[] snrDb, int baselineTrials) {
        SceneConfig scene = cfg.scene();
        if (scene == null || scene.calibrationErrors() == null || scene.targets().isEmpty()) {
            throw new UsageException(cfg.source() + ": the Figs. 3-6 study needs a scene with a target "
                    + "and calibrationErrors (see hw-config/seed001-*.yaml)");
        }
        this.cfg = cfg;
        this.snrDb = snrDb.clone();
        int channels = cfg.rxArray().count();
        int symbols = cfg.cpiSymbols();
        this.truth = scene.targets().get(0).initial().toPolar(cfg.rxArray().referenceXM(), cfg.rxArray().referenceYM());
        double[] clean = new double[2 * channels * symbols];
        Echoes.add(Echoes.Motion.FROZEN, cfg.rxArray(), cfg.wavelengthM(), scene.targets().get(0).initial(), symbols,
                cfg.symbolPeriodS(), 1, 0, clean);
        this.gainDb = 10 * Math.log10((double) channels * symbols);
        // estimator set-up (lookup tables) built once; the paper's figures estimate one target at every SNR, so no
        // detection threshold
        this.configured = (DftMusicSetup) Estimators.of(cfg.estimator()).setup(cfg);
        DftMusicSetup setup = configured.with(configured.config().withMaxTargets(1)
                .withDetectionThresholdDb(Double.NEGATIVE_INFINITY));
        // the baseline's 5000-codeword codebook (20 MB for 256 elements) only when a trial runs the baselines, so
        // that a study without them does not ship it
        PolarCodebook codebook = baselineTrials == 0 ? null : new PolarCodebook(cfg.rxArray(), cfg.wavelengthM(),
                setup.config().lookupAngles().min(), setup.config().lookupAngles().max(),
                setup.config().nearLimitM(cfg.rxArray().apertureM()), DftMusicBench.CODEBOOK_ANGLES,
                DftMusicBench.CODEBOOK_RINGS);
        SceneConfig.CalibrationErrors errors = scene.calibrationErrors();
        this.trial = new FiguresTrial(setup, codebook, clean, truth, this.snrDb, gainDb, errors.phaseMaxRad(),
                errors.amplitudeMaxDb(), baselineTrials, DftMusicBench.GRADIENT_GRID, DftMusicBench.GRADIENT_STEPS,
                DftMusicBench.VELOCITY_CODEWORDS);
    }

    /**
     * Builds the study on {@code cfg}'s scene (its first target, its calibrationErrors) at processed SNRs
     * {@code snrDb}, with the two baselines in the first {@code baselineTrials} trials of each point.
     */
    public static FiguresStudy prepare(RunConfig cfg, double[] snrDb, int baselineTrials) {
        return new FiguresStudy(cfg, snrDb, baselineTrials);
    }

    /** The trial (a serializable value holding the set-up built once). */
    @Override
    public Trial<?> trial() { return trial; }

    @Override
    public int points() { return snrDb.length; }

    @Override
    public String pointName() { return "snr_db"; }

    @Override
    public double pointValue(int p) { return snrDb[p]; }

    @Override
    public List<String> metricLabels() { return metricNames(); }

    @Override
    public boolean timingMetric(int m) { return isTiming(m); }

    public double[] snrDb() { return snrDb.clone(); }

    public PolarState truth() { return truth; }

    /** The dftmusic set-up as configured (before the study's one-target, no-threshold change). */
    public DftMusicSetup configuredSetup() { return configured; }

    /** The clean echo with unit gain (seed 001's model). */
    public double[] cleanEcho() { return trial.clean().clone(); }

    /** Names of the trial's metrics in order: {@code METHOD:parameter} errors, then {@code cpu_ns:METHOD}. */
    public static List<String> metricNames() {
        List<String> names = new ArrayList<>();
        for (String m : FiguresTrial.METHODS) {
            for (String p : PolarState.PARAMETER_NAMES) {
                names.add(m + ":" + p);
            }
        }
        for (String m : FiguresTrial.TIMED) {
            names.add("cpu_ns:" + m);
        }
        return names;
    }

    /** Metrics that are measurements of the machine (CPU times), not functions of the seed. */
    public static boolean isTiming(int metric) {
        return metric >= FiguresTrial.CPU_BASE;
    }

    /**
     * Writes {@code nmse.csv} and {@code nmse.png} into {@code out}, prints the tables and returns whether the
     * bars held. The CE-data bound averages the W of the first {@link DftMusicBench#CE_BOUND_DRAWS} trials' seeds.
     */
    @Override
    public boolean writeSummaries(Results results, long seed, Path out) throws Exception {
        int channels = cfg.rxArray().count();
        int symbols = cfg.cpiSymbols();
        ElementRangeModel model = new ElementRangeModel(cfg.rxArray(), cfg.wavelengthM());
        SceneConfig.CalibrationErrors errors = cfg.scene().calibrationErrors();
        double[][] crbDb = new double[snrDb.length][4];
        double[][] crbCeDb = new double[snrDb.length][4];
        for (int s = 0; s < snrDb.length; s++) {
            double perSample = Math.pow(10, (snrDb[s] - gainDb) / 10);
            double[] crb = MotionCrb.normalized(MotionCrb.polarBound(model, truth, cfg.rxArray().referenceXM(),
                    cfg.rxArray().referenceYM(), symbols, cfg.symbolPeriodS(), perSample), truth);
            double[] crbCe = new double[4];
            for (int t = 0; t < DftMusicBench.CE_BOUND_DRAWS; t++) {
                double[] w = ArrayErrors.draw(channels, errors.phaseMaxRad(), errors.amplitudeMaxDb(),
                        TrialSeeds.seed(seed, s, t));
                double[] b = MotionCrb.normalized(MotionCrb.polarBound(model, truth, cfg.rxArray().referenceXM(),
                        cfg.rxArray().referenceYM(), symbols, cfg.symbolPeriodS(), perSample, w), truth);
                for (int q = 0; q < 4; q++) {
                    crbCe[q] += b[q] / DftMusicBench.CE_BOUND_DRAWS;
                }
            }
            for (int q = 0; q < 4; q++) {
                crbDb[s][q] = 10 * Math.log10(crb[q]);
                crbCeDb[s][q] = 10 * Math.log10(crbCe[q]);
            }
        }
        FiguresReport report = new FiguresReport(results, snrDb, truth, crbDb, crbCeDb);
        Files.createDirectories(out);
        report.writeCsv(out.resolve("nmse.csv"));
        report.writePlot(out.resolve("nmse.png"));
        report.print();
        return report.check(results.trials());
    }
}
