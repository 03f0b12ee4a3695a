package org.nftb.bench;

import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.TargetEstimate;
import org.nftb.methods.dftmusic.DftMusicEstimator;
import org.nftb.methods.dftmusic.DftMusicSetup;
import org.nftb.model.PolarState;
import org.nftb.montecarlo.Trial;

import java.util.SplittableRandom;

/**
 * Seed 001 Figs. 3-6 for one array after calibration: the data {@code y = W·a·s + z} of the array with its true W
 * (one noise draw per trial) is estimated three ways, sharing the noise: divided by the true W (perfect calibration),
 * by the measured table Ŵ (after calibration) and not at all (the uncalibrated array, seed 001's CE). Metrics: the
 * MUSIC-stage errors of (θ, r, v_r, v_θ) at {@code 4·variant + parameter}, variants 0 perfect, 1 calibrated, 2 CE.
 * Dividing by W scales each element's noise by 1/|w_n| in both calibrated variants alike, so the two differ only by
 * Ŵ versus W.
 */
record CalibratedNmseTrial(DftMusicSetup setup, double[] clean, PolarState truth, double[] snr, double gainDb,
                           double[] trueW, double[] tableW) implements Trial<CalibratedNmseTrial.Worker> {
    static final int VARIANTS = 3;

    static final class Worker {
        final DftMusicEstimator estimator;
        final EstimateFrame frame;
        final double[] raw;
        final float[] y;

        Worker(DftMusicSetup setup, int length) {
            this.estimator = setup.newEstimator();
            this.frame = setup.newFrame();
            this.raw = new double[length];
            this.y = new float[length];
        }
    }

    @Override
    public int metrics() {
        return 4 * VARIANTS;
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
        SplittableRandom noise = new SplittableRandom(seed);
        double sd = Math.sqrt(0.5);
        for (int c = 0; c < channels; c++) {
            double wr = trueW[2 * c];
            double wi = trueW[2 * c + 1];
            for (int m = 0; m < symbols; m++) {
                int i = 2 * (c * symbols + m);
                double sr = amp * clean[i];
                double si = amp * clean[i + 1];
                w.raw[i] = wr * sr - wi * si + sd * noise.nextGaussian();
                w.raw[i + 1] = wr * si + wi * sr + sd * noise.nextGaussian();
            }
        }
        for (int v = 0; v < VARIANTS; v++) {
            double[] div = v == 0 ? trueW : v == 1 ? tableW : null;
            for (int c = 0; c < channels; c++) {
                double dr = div == null ? 1 : div[2 * c];
                double di = div == null ? 0 : div[2 * c + 1];
                double d2 = dr * dr + di * di;
                for (int m = 0; m < symbols; m++) {
                    int i = 2 * (c * symbols + m);
                    w.y[i] = (float) ((w.raw[i] * dr + w.raw[i + 1] * di) / d2);
                    w.y[i + 1] = (float) ((w.raw[i + 1] * dr - w.raw[i] * di) / d2);
                }
            }
            w.estimator.estimate(w.y, w.frame);
            TargetEstimate t = w.frame.target(0);
            for (int q = 0; q < 4; q++) {
                out[4 * v + q] = t.parameter(q) - truth.parameter(q);
            }
        }
    }
}
