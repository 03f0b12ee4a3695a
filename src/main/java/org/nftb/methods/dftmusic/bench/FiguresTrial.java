package org.nftb.methods.dftmusic.bench;

import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.TargetEstimate;
import org.nftb.methods.dftmusic.DftMusicEstimator;
import org.nftb.methods.dftmusic.DftMusicSetup;
import org.nftb.methods.dftmusic.baseline.GradientMlEstimator;
import org.nftb.methods.dftmusic.baseline.PolarCodebook;
import org.nftb.methods.dftmusic.baseline.PolarCodebookEstimator;
import org.nftb.model.ArrayErrors;
import org.nftb.model.PolarState;
import org.nftb.montecarlo.Trial;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One trial of seed 001's Figs. 3-6 at processed SNR {@code snrDb[point]}: the same noise draw without and with a
 * fresh W (drawn from the trial's seed), both estimated by dftmusic; the perfect-array data also by the paper's
 * two baselines (only in the first {@code baselineTrials} trials of a point: they cost 50-100 times more). Metrics:
 * the signed errors of (θ, r, v_r, v_θ) of each method in {@link #METHODS} at {@code 4·method + parameter} (NaN
 * where a method did not run), then the thread CPU time of MUSIC-PC, ML and the codebook (ns).
 *
 * @param setup          dftmusic (one target, no detection threshold: the paper estimates at every SNR)
 * @param codebook       the baseline's polar codebook (null when {@code baselineTrials} is 0: nothing uses it)
 * @param clean          the noise-free echo of the truth with unit gain (seed 001's model)
 * @param baselineTrials trials per point that also run the baselines
 */
record FiguresTrial(DftMusicSetup setup, PolarCodebook codebook, double[] clean, PolarState truth, double[] snrDb,
                    double gainDb, double phaseMaxRad, double amplitudeMaxDb, int baselineTrials, int gradientGrid,
                    int gradientIterations, int velocityCodewords) implements Trial<FiguresTrial.Worker> {
    /** Curves, in metric order: the paper's DFT stage and MUSIC stage on both data, our coarse reading, baselines. */
    static final String[] METHODS = {"DFT-PC", "DFT-CE", "MUSIC-PC", "MUSIC-CE", "GEOMETRY-PC", "ML-PC",
            "CODEBOOK-PC"};
    static final int DFT_PC = 0;
    static final int MUSIC_PC = 2;
    static final int MUSIC_CE = 3;
    static final int ML_PC = 5;
    static final int CODEBOOK_PC = 6;
    static final int CPU_BASE = 4 * METHODS.length;
    /** CPU-time metrics, in order after the errors. */
    static final String[] TIMED = {"MUSIC-PC", "ML-PC", "CODEBOOK-PC"};

    static final class Worker {
        final DftMusicEstimator estimator;
        final GradientMlEstimator gradient;
        final PolarCodebookEstimator polar;
        final EstimateFrame frame;
        final EstimateFrame baseline = new EstimateFrame(1, 0);
        final float[] y;
        final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();

        Worker(FiguresTrial t) {
            DftMusicSetup s = t.setup();
            this.estimator = s.newEstimator();
            this.frame = s.newFrame();
            double near = s.config().nearLimitM(s.rxArray().apertureM());
            this.gradient = new GradientMlEstimator(s.rxArray(), s.wavelengthM(), s.symbolPeriodS(), s.symbols(),
                    s.config().lookupAngles().min(), s.config().lookupAngles().max(), near, s.config().maxVelocityMps(),
                    t.gradientGrid(), t.gradientIterations());
            double step = 2 * s.config().maxVelocityMps() / (t.velocityCodewords() - 1);
            this.polar = t.codebook() == null ? null : new PolarCodebookEstimator(t.codebook(), s.symbolPeriodS(),
                    s.symbols(), s.config().maxVelocityMps(), step);
            this.y = new float[t.clean().length];
        }
    }

    @Override
    public int metrics() {
        return CPU_BASE + TIMED.length;
    }

    @Override
    public Worker newContext() {
        return new Worker(this);
    }

    @Override
    public void run(Worker w, int point, int trial, long seed, double[] out) {
        Arrays.fill(out, Double.NaN);
        int channels = setup.rxArray().count();
        int symbols = setup.symbols();
        double amp = Math.sqrt(Math.pow(10, (snrDb[point] - gainDb) / 10));
        double[] scaled = new double[clean.length];
        for (int i = 0; i < clean.length; i++) {
            scaled[i] = amp * clean[i];
        }
        for (int withErrors = 0; withErrors < 2; withErrors++) {
            double[] errors = withErrors == 1 ? ArrayErrors.draw(channels, phaseMaxRad, amplitudeMaxDb, seed) : null;
            Echoes.observe(scaled, errors, symbols, new SplittableRandom(seed ^ 0x5DEECE66DL), w.y);
            long t0 = w.cpu.getCurrentThreadCpuTime();
            w.estimator.estimate(w.y, w.frame);
            long t1 = w.cpu.getCurrentThreadCpuTime();
            TargetEstimate t = w.frame.target(0);
            for (int q = 0; q < 4; q++) {
                out[4 * (DFT_PC + withErrors) + q] = t.diagnostic(q) - truth.parameter(q);
                out[4 * (MUSIC_PC + withErrors) + q] = t.parameter(q) - truth.parameter(q);
            }
            if (withErrors == 1) {
                continue;
            }
            out[CPU_BASE] = t1 - t0;
            for (int q = 0; q < 4; q++) {
                out[4 * 4 + q] = t.diagnostic(setup.diagnosticNames().indexOf("geometryAngleRad") + q)
                        - truth.parameter(q);
            }
            if (trial < baselineTrials) {
                long b0 = w.cpu.getCurrentThreadCpuTime();
                w.gradient.estimate(w.y, w.baseline);
                long b1 = w.cpu.getCurrentThreadCpuTime();
                for (int q = 0; q < 4; q++) {
                    out[4 * ML_PC + q] = w.baseline.target(0).parameter(q) - truth.parameter(q);
                }
                w.polar.estimate(w.y, truth.angleRad(), truth.rangeM(), w.baseline);
                long b2 = w.cpu.getCurrentThreadCpuTime();
                for (int q = 0; q < 4; q++) {
                    out[4 * CODEBOOK_PC + q] = w.baseline.target(0).parameter(q) - truth.parameter(q);
                }
                out[CPU_BASE + 1] = b1 - b0;
                out[CPU_BASE + 2] = b2 - b1;
            }
        }
    }
}
