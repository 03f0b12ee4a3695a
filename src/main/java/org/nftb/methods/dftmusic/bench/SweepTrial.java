package org.nftb.methods.dftmusic.bench;

import org.nftb.bound.MotionCrb;
import org.nftb.bound.TrajectoryCrb;
import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.TargetEstimate;
import org.nftb.methods.dftmusic.DftMusicConfig;
import org.nftb.methods.dftmusic.DftMusicEstimator;
import org.nftb.methods.dftmusic.DftMusicSetup;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PolarState;
import org.nftb.model.TargetState;
import org.nftb.montecarlo.Trial;
import org.nftb.montecarlo.TrialSeeds;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One draw of the dftmusic sweep: Monte Carlo point {@code (motion, target, SNR)}, the target drawn from the
 * {@link SweepDomain} by its own index (the same target at every SNR and motion), fresh noise per trial, estimated
 * by every estimator variant compared, each with the motion model matching the draw's ({@link #modelFor}). Metrics per variant {@code v} at {@code 6v + …}: the squared error over the
 * CRB of θ, r, v_r, v_θ (NaN when no position was reported), the outcome ({@link #RIGHT}, {@link #WRONG},
 * {@link #UNRESOLVED}, {@link #MISSED}) and the estimator's thread CPU time in nanoseconds.
 *
 * <p>The CRB is that of the model the data was drawn from: {@link MotionCrb} for seed 001's model (frozen),
 * {@link TrajectoryCrb} for the moving target (linear), both at the state at the CPI centre.
 *
 * @param variants  the estimator set-ups compared (same tables)
 * @param domain    where targets are drawn
 * @param fixed     given targets instead of draws (then {@code targets} is their number), or null
 * @param motions   the motion models
 * @param targets   targets drawn
 * @param snrDb     processed SNRs
 * @param studySeed seed of the target draws (the runner seeds the noise per trial)
 */
record SweepTrial(DftMusicSetup[] variants, SweepDomain domain, PolarState[] fixed, Echoes.Motion[] motions,
                  int targets, double[] snrDb, long studySeed) implements Trial<SweepTrial.Context> {
    static final int METRICS_PER_VARIANT = 6;
    static final int STATUS = 4;
    static final int CPU = 5;
    static final double RIGHT = 0;
    /** A position reported beyond 10 CRB standard deviations in some parameter, or a ghost target reported. */
    static final double WRONG = 1;
    /** Found but flagged by its own fit (a fault record, no position). */
    static final double UNRESOLVED = 2;
    /** Nothing reported. */
    static final double MISSED = 3;
    /** A gross error: beyond this many CRB standard deviations in any parameter (the definition). */
    static final double GROSS_SIGMAS = 10;

    static final class Context {
        /** Per variant and motion: the variant with the motion model of that motion ({@link #modelFor}). */
        final DftMusicEstimator[][] estimators;
        final EstimateFrame[] frames;
        final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();

        Context(DftMusicSetup[] variants) {
            estimators = new DftMusicEstimator[variants.length][Echoes.Motion.values().length];
            frames = new EstimateFrame[variants.length];
            for (int v = 0; v < variants.length; v++) {
                for (Echoes.Motion m : Echoes.Motion.values()) {
                    estimators[v][m.ordinal()] = variants[v].with(variants[v].config().withMotionModel(modelFor(m)))
                            .newEstimator();
                }
                frames[v] = variants[v].newFrame();
            }
        }
    }

    /**
     * The estimator's motion model for data of a motion: the one that matches it (seed 001's model for frozen draws,
     * the straight-line model for linear ones), as an operator configures {@code estimator.motionModel} for the
     * scene at hand.
     */
    static DftMusicConfig.MotionModel modelFor(Echoes.Motion motion) {
        return motion == Echoes.Motion.FROZEN ? DftMusicConfig.MotionModel.FROZEN : DftMusicConfig.MotionModel.LINEAR;
    }

    /** Monte Carlo points: motion-major, then target, then SNR. */
    int points() {
        return motions.length * targets * snrDb.length;
    }

    int motionOf(int point) {
        return point / (targets * snrDb.length);
    }

    int targetOf(int point) {
        return point / snrDb.length % targets;
    }

    int snrOf(int point) {
        return point % snrDb.length;
    }

    /** The true state (at the CPI centre) of target {@code index}. */
    PolarState truth(int index) {
        return fixed != null ? fixed[index] : domain.draw(TrialSeeds.seed(studySeed, index, -1));
    }

    @Override
    public int metrics() {
        return METRICS_PER_VARIANT * variants.length;
    }

    @Override
    public Context newContext() {
        return new Context(variants);
    }

    @Override
    public void run(Context c, int point, int trial, long seed, double[] out) {
        DftMusicSetup first = variants[0];
        int symbols = first.symbols();
        PolarState truth = truth(targetOf(point));
        Echoes.Motion motion = motions[motionOf(point)];
        double perSample = Math.pow(10, snrDb[snrOf(point)] / 10) / (first.rxArray().count() * (double) symbols);
        double[] clean = new double[2 * first.rxArray().count() * symbols];
        TargetState centre = TargetState.fromPolar(truth, first.rxArray().referenceXM(), first.rxArray().referenceYM());
        Echoes.add(motion, first.rxArray(), first.wavelengthM(), centre, symbols, first.symbolPeriodS(),
                Math.sqrt(perSample), 0, clean);
        float[] y = new float[clean.length];
        Echoes.observe(clean, null, symbols, new SplittableRandom(seed), y);
        double[] crb = motion == Echoes.Motion.FROZEN
                ? MotionCrb.polarBound(new ElementRangeModel(first.rxArray(), first.wavelengthM()), truth,
                first.rxArray().referenceXM(), first.rxArray().referenceYM(), symbols, first.symbolPeriodS(), perSample)
                : TrajectoryCrb.polarBound(first.rxArray(), first.wavelengthM(), truth, symbols, first.symbolPeriodS(),
                perSample);
        for (int v = 0; v < variants.length; v++) {
            long t0 = c.cpu.getCurrentThreadCpuTime();
            c.estimators[v][motion.ordinal()].estimate(y, c.frames[v]);
            long t1 = c.cpu.getCurrentThreadCpuTime();
            score(c.frames[v], truth, crb, out, METRICS_PER_VARIANT * v);
            out[METRICS_PER_VARIANT * v + CPU] = t1 - t0;
        }
    }

    /** Outcome and squared errors over the CRB of the reported target closest to the truth. */
    static void score(EstimateFrame frame, PolarState truth, double[] crb, double[] out, int at) {
        Arrays.fill(out, at, at + STATUS, Double.NaN);
        int reported = 0;
        double bestSigmas = Double.POSITIVE_INFINITY;
        boolean flagged = false;
        for (int k = 0; k < frame.targetCount(); k++) {
            TargetEstimate t = frame.target(k);
            if (!t.consistent()) {
                flagged = true;
                continue;
            }
            reported++;
            double sigmas = 0;
            for (int q = 0; q < 4; q++) {
                double e = t.parameter(q) - truth.parameter(q);
                sigmas = Math.max(sigmas, Math.abs(e) / Math.sqrt(crb[5 * q]));
            }
            if (sigmas < bestSigmas) {
                bestSigmas = sigmas;
                for (int q = 0; q < 4; q++) {
                    double e = t.parameter(q) - truth.parameter(q);
                    out[at + q] = e * e / crb[5 * q];
                }
            }
        }
        if (reported == 0) {
            out[at + STATUS] = flagged ? UNRESOLVED : MISSED;
        } else {
            out[at + STATUS] = reported == 1 && bestSigmas <= GROSS_SIGMAS ? RIGHT : WRONG;
        }
    }
}
