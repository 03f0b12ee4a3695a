package org.nftb.methods.ispac;

import java.util.SplittableRandom;
import org.nftb.methods.ispac.design.HybridArray;

/** Seeded designs for the tests: random phase shifters, random precoders, a white probing covariance. */
final class IspacFixtures {
    private IspacFixtures() {
    }

    static HybridArray randomHybrid(int na, int nrf, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] ph = new double[na];
        for (int n = 0; n < na; n++) {
            ph[n] = 2 * Math.PI * rng.nextDouble();
        }
        return HybridArray.ofPhases(ph, nrf);
    }

    static double[] randomMatrix(int rows, int cols, double scale, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] w = new double[2 * rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = scale * IspacSignals.gaussian(rng);
        }
        return w;
    }

    static double[] identity(int n, double scale) {
        double[] r = new double[2 * n * n];
        for (int i = 0; i < n; i++) {
            r[2 * (i * n + i)] = scale;
        }
        return r;
    }
}
