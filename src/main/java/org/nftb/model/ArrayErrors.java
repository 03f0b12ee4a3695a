package org.nftb.model;

import java.util.SplittableRandom;

/**
 * Per-element gain/phase errors of an uncalibrated array, seed 001 §II-A1: {@code W = diag(w_n)},
 * {@code w_n = ρ_n e^{jφ_n}}, with (§V) {@code φ_n ~ U[0, φ_max]} and {@code 20·log10 ρ_n ~ U[0, A_max]}.
 */
public final class ArrayErrors {
    private ArrayErrors() {
    }

    /** Draws W for {@code elements} elements; returns interleaved re/im, deterministic under {@code seed}. */
    public static double[] draw(int elements, double phaseMaxRad, double amplitudeMaxDb, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] w = new double[2 * elements];
        for (int n = 0; n < elements; n++) {
            double phase = phaseMaxRad * rng.nextDouble();
            double rho = Math.pow(10, amplitudeMaxDb * rng.nextDouble() / 20);
            w[2 * n] = rho * Math.cos(phase);
            w[2 * n + 1] = rho * Math.sin(phase);
        }
        return w;
    }

    /** The identity W (a perfectly calibrated array). */
    public static double[] identity(int elements) {
        double[] w = new double[2 * elements];
        for (int n = 0; n < elements; n++) {
            w[2 * n] = 1;
        }
        return w;
    }
}
