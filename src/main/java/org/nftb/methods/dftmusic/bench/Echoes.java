package org.nftb.methods.dftmusic.bench;

import org.nftb.model.CpiTiming;
import org.nftb.model.ElementArray;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.SpaceTimeSignal;
import org.nftb.model.TargetState;

import java.util.SplittableRandom;

/**
 * Noise-free echoes and noisy observations for the seed-001 benchmarks (not the simulator: a benchmark draws the
 * truth, the motion model and the noise per trial and must not depend on stream timing).
 *
 * <ul>
 *   <li>{@link Motion#FROZEN}: seed 001's model, every element's path growing linearly over the CPI
 *       ({@link SpaceTimeSignal}), the paper's Monte Carlo setting and what {@code motion: frozen} simulates;</li>
 *   <li>{@link Motion#LINEAR}: the target really moving in a straight line during the CPI, each sample at the
 *       exact range {@code |p + v t_m − e_n|} (t_m from the CPI centre, where the truth is taken): what the method's
 *       model leaves out is each path's curvature, the mismatch the benchmarks measure.</li>
 * </ul>
 */
final class Echoes {
    private Echoes() {
    }

    /** How the target moves within a CPI. */
    enum Motion { FROZEN, LINEAR }

    /**
     * Adds {@code gain · echo} (interleaved, channel-major, {@code N × M}) of a target whose state at the CPI centre
     * is {@code centre}, phase relative to the reference range (a common phase the gain absorbs).
     */
    static void add(Motion motion, ElementArray rx, double wavelengthM, TargetState centre, int symbols,
                    double symbolPeriodS, double gainRe, double gainIm, double[] out) {
        int channels = rx.count();
        if (motion == Motion.FROZEN) {
            ElementRangeModel model = new ElementRangeModel(rx, wavelengthM);
            double[] path = new double[channels];
            double[] rate = new double[channels];
            model.paths(centre, path, rate);
            double reference = Math.hypot(centre.xM() - rx.referenceXM(), centre.yM() - rx.referenceYM());
            for (int n = 0; n < channels; n++) {
                path[n] -= reference;
            }
            SpaceTimeSignal.accumulate(path, rate, channels, symbols, wavelengthM, symbolPeriodS, gainRe, gainIm, out);
            return;
        }
        double k = 2 * Math.PI / wavelengthM;
        double reference = Math.hypot(centre.xM() - rx.referenceXM(), centre.yM() - rx.referenceYM());
        for (int n = 0; n < channels; n++) {
            for (int m = 0; m < symbols; m++) {
                double t = CpiTiming.symbolTimeS(m, symbols, symbolPeriodS);
                double dx = centre.xM() + centre.vxMps() * t - rx.xM(n);
                double dy = centre.yM() + centre.vyMps() * t - rx.yM(n);
                double phase = -k * (Math.sqrt(dx * dx + dy * dy) - reference);
                double c = Math.cos(phase);
                double s = Math.sin(phase);
                int i = 2 * (n * symbols + m);
                out[i] += gainRe * c - gainIm * s;
                out[i + 1] += gainRe * s + gainIm * c;
            }
        }
    }

    /**
     * The observation {@code y = W ∘ clean + z} (W per channel, interleaved, or null for a perfect array; z unit-power
     * complex Gaussian from {@code noise}) as a float snapshot.
     */
    static void observe(double[] clean, double[] errorsW, int symbols, SplittableRandom noise, float[] y) {
        double sd = Math.sqrt(0.5);
        int channels = clean.length / (2 * symbols);
        for (int c = 0; c < channels; c++) {
            double wr = errorsW == null ? 1 : errorsW[2 * c];
            double wi = errorsW == null ? 0 : errorsW[2 * c + 1];
            for (int m = 0; m < symbols; m++) {
                int i = 2 * (c * symbols + m);
                double sr = clean[i];
                double si = clean[i + 1];
                y[i] = (float) (wr * sr - wi * si + sd * noise.nextGaussian());
                y[i + 1] = (float) (wr * si + wi * sr + sd * noise.nextGaussian());
            }
        }
    }
}
