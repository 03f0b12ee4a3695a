package org.nftb.montecarlo;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MonteCarloRunnerTest {

    /** Draws a Gaussian scaled by the point index; the context counts trials to show it is per worker. */
    record ScaledGaussian() implements Trial<int[]> {
        @Override
        public int metrics() {
            return 2;
        }

        @Override
        public int[] newContext() {
            return new int[1];
        }

        @Override
        public void run(int[] context, int point, int trial, long seed, double[] out) {
            context[0]++;
            out[0] = (point + 1) * new SplittableRandom(seed).nextGaussian();
            out[1] = trial;
        }
    }

    @Test
    void resultsAreIdenticalForAnyThreadCount() throws Exception {
        Results one = new MonteCarloRunner(1).run(new ScaledGaussian(), 3, 500, 42, null);
        Results four = new MonteCarloRunner(4).run(new ScaledGaussian(), 3, 500, 42, null);
        for (int p = 0; p < 3; p++) {
            for (int t = 0; t < 500; t++) {
                assertEquals(one.get(p, t, 0), four.get(p, t, 0), 0.0);
                assertEquals(t, four.get(p, t, 1), 0.0, "stored by (point, trial), not by completion order");
            }
        }
    }

    @Test
    void statisticsMatchTheDistributionDrawn() throws Exception {
        Results r = new MonteCarloRunner(2).run(new ScaledGaussian(), 2, 20_000, 7, null);
        // point 1 draws N(0, 4): mean 0 ± 4·2/√20000, mean square 4 ± 4·sqrt(2/20000)·4 (5 standard errors)
        assertEquals(0, r.mean(1, 0), 5 * 2 / Math.sqrt(20_000));
        assertEquals(4, r.meanSquare(1, 0), 5 * 4 * Math.sqrt(2.0 / 20_000));
        assertEquals(0, r.quantile(1, 0, 0.5), 0.1);
        // P(|N(0,1)| > 1.96) = 5 %
        assertEquals(0.05, r.fractionAbove(0, 0, 1.96), 0.01);
    }

    @Test
    void seedsDependOnPointAndTrialOnly() {
        assertEquals(TrialSeeds.seed(1, 2, 3), TrialSeeds.seed(1, 2, 3));
        assertNotEquals(TrialSeeds.seed(1, 2, 3), TrialSeeds.seed(1, 3, 2));
        assertNotEquals(TrialSeeds.seed(1, 0, 0), TrialSeeds.seed(2, 0, 0));
    }

    @Test
    void aFailingTrialFailsTheRunWithItsOwnException() {
        Trial<Object> failing = new Trial<>() {
            @Override
            public int metrics() {
                return 1;
            }

            @Override
            public Object newContext() {
                return null;
            }

            @Override
            public void run(Object c, int point, int trial, long seed, double[] out) {
                if (trial == 7) {
                    throw new IllegalStateException("trial 7 broke");
                }
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new MonteCarloRunner(2).run(failing, 1, 20, 1, null));
        assertEquals("trial 7 broke", e.getMessage());
    }
}
