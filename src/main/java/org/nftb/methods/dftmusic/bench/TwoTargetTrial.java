package org.nftb.methods.dftmusic.bench;

import org.nftb.bound.MultiTargetCrb;
import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.TargetEstimate;
import org.nftb.methods.dftmusic.DftMusicEstimator;
import org.nftb.methods.dftmusic.DftMusicSetup;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PolarState;
import org.nftb.model.TargetState;
import org.nftb.montecarlo.Trial;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One CPI of two reflectors (seed 001's model), each at processed SNR {@code snrDb[point]} with a random phase,
 * estimated by dftmusic with {@code maxTargets ≥ 2}. Each true target is matched to a reported one (the assignment
 * with the smaller total error in CRB units); metrics per true target k at {@code 5k + …}: squared errors over its
 * CRB from {@link MultiTargetCrb} for this draw's gains (NaN when unmatched) and whether it was matched within 10
 * CRB standard deviations; then the number of positions reported, of targets flagged, and the CPU time (ns).
 *
 * @param scenes the pairs of targets, one Monte Carlo point per (scene, SNR)
 */
record TwoTargetTrial(DftMusicSetup setup, PolarState[][] scenes, double[] snrDb) implements Trial<TwoTargetTrial.Worker> {
    static final int REPORTED = 10;
    static final int FLAGGED = 11;
    static final int CPU = 12;

    static final class Worker {
        final DftMusicEstimator estimator;
        final EstimateFrame frame;
        final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();

        Worker(DftMusicSetup s) {
            estimator = s.newEstimator();
            frame = s.newFrame();
        }
    }

    int points() {
        return scenes.length * snrDb.length;
    }

    @Override
    public int metrics() {
        return 13;
    }

    @Override
    public Worker newContext() {
        return new Worker(setup);
    }

    @Override
    public void run(Worker w, int point, int trial, long seed, double[] out) {
        Arrays.fill(out, Double.NaN);
        PolarState[] truth = scenes[point / snrDb.length];
        double snr = snrDb[point % snrDb.length];
        int channels = setup.rxArray().count();
        int symbols = setup.symbols();
        double amp = Math.sqrt(Math.pow(10, snr / 10) / ((double) channels * symbols));
        SplittableRandom rng = new SplittableRandom(seed);
        double[] gRe = new double[truth.length];
        double[] gIm = new double[truth.length];
        double[] clean = new double[2 * channels * symbols];
        for (int k = 0; k < truth.length; k++) {
            double phase = 2 * Math.PI * rng.nextDouble();
            gRe[k] = amp * Math.cos(phase);
            gIm[k] = amp * Math.sin(phase);
            TargetState s = TargetState.fromPolar(truth[k], setup.rxArray().referenceXM(),
                    setup.rxArray().referenceYM());
            Echoes.add(Echoes.Motion.FROZEN, setup.rxArray(), setup.wavelengthM(), s, symbols,
                    setup.symbolPeriodS(), gRe[k], gIm[k], clean);
        }
        float[] y = new float[clean.length];
        Echoes.observe(clean, null, symbols, rng, y);
        double[] crb = MultiTargetCrb.polarBound(new ElementRangeModel(setup.rxArray(), setup.wavelengthM()), truth,
                gRe, gIm, setup.rxArray().referenceXM(), setup.rxArray().referenceYM(), symbols,
                setup.symbolPeriodS(), 1);
        long t0 = w.cpu.getCurrentThreadCpuTime();
        w.estimator.estimate(y, w.frame);
        out[CPU] = w.cpu.getCurrentThreadCpuTime() - t0;
        EstimateFrame f = w.frame;
        int reported = 0;
        int flagged = 0;
        int[] index = new int[f.targetCount()];
        for (int k = 0; k < f.targetCount(); k++) {
            if (f.target(k).consistent()) {
                index[reported++] = k;
            } else {
                flagged++;
            }
        }
        out[REPORTED] = reported;
        out[FLAGGED] = flagged;
        // match: try both assignments of the (up to two) reported targets to the two truths
        double bestCost = Double.POSITIVE_INFINITY;
        int[] bestMatch = null;
        int[][] assignments = reported >= 2 ? new int[][] {{0, 1}, {1, 0}}
                : reported == 1 ? new int[][] {{0, -1}, {-1, 0}} : new int[][] {{-1, -1}};
        for (int[] a : assignments) {
            double cost = 0;
            for (int k = 0; k < 2; k++) {
                cost += a[k] < 0 ? 1e6 : sigmas(f.target(index[a[k]]), truth[k], crb, k);
            }
            if (cost < bestCost) {
                bestCost = cost;
                bestMatch = a;
            }
        }
        for (int k = 0; k < 2; k++) {
            out[5 * k + 4] = 0;
            if (bestMatch[k] < 0) {
                continue;
            }
            TargetEstimate t = f.target(index[bestMatch[k]]);
            for (int q = 0; q < 4; q++) {
                double e = t.parameter(q) - truth[k].parameter(q);
                out[5 * k + q] = e * e / crb[(4 * k + q) * 8 + 4 * k + q];
            }
            out[5 * k + 4] = sigmas(t, truth[k], crb, k) <= SweepTrial.GROSS_SIGMAS ? 1 : 0;
        }
    }

    /** Largest error of {@code t} against {@code truth}, in CRB standard deviations of target k. */
    private static double sigmas(TargetEstimate t, PolarState truth, double[] crb, int k) {
        double worst = 0;
        for (int q = 0; q < 4; q++) {
            double e = t.parameter(q) - truth.parameter(q);
            worst = Math.max(worst, Math.abs(e) / Math.sqrt(crb[(4 * k + q) * 8 + 4 * k + q]));
        }
        return worst;
    }
}
