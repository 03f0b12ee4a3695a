package org.nftb.methods.dftmusic;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nftb.bound.MotionCrb;
import org.nftb.bound.MultiTargetCrb;
import org.nftb.config.RunConfig;
import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.Estimators;
import org.nftb.estimator.TargetEstimate;
import org.nftb.model.ElementArray;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PolarState;
import org.nftb.model.SpaceTimeSignal;
import org.nftb.model.TargetState;
import org.nftb.testing.TestConfigs;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The estimator where seed 001's coarse stage failed silently (issue 8) and in the cases it must not answer
 * confidently: every draw seeded, every bound the CRB of the data's own model.
 */
class DftMusicRobustnessTest {
    static DftMusicSetup setup;
    static ElementArray rx;
    static double lambda;
    static double symbolPeriodS;

    @BeforeAll
    static void tables() {
        RunConfig cfg = TestConfigs.seed001(1, false);
        setup = (DftMusicSetup) Estimators.of(cfg.estimator()).setup(cfg);
        rx = cfg.rxArray();
        lambda = cfg.wavelengthM();
        symbolPeriodS = cfg.symbolPeriodS();
    }

    /** Adds the echo of {@code target} with gain {@code (gr, gi)} per sample to {@code clean}. */
    static void echo(PolarState target, double gr, double gi, double[] clean) {
        double[] path = new double[rx.count()];
        double[] rate = new double[rx.count()];
        new ElementRangeModel(rx, lambda).paths(TargetState.fromPolar(target, 0, 0), path, rate);
        SpaceTimeSignal.accumulate(path, rate, rx.count(), 32, lambda, symbolPeriodS, gr, gi, clean);
    }

    static float[] observe(double[] clean, SplittableRandom rng) {
        float[] y = new float[clean.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (clean[i] + Math.sqrt(0.5) * rng.nextGaussian());
        }
        return y;
    }

    /** Runs {@code cpis} noisy CPIs of one target; asserts one consistent target within 10 CRB σ in each. */
    static void everyCpiRight(PolarState truth, double processedSnrDb, int cpis, long seed) {
        DftMusicEstimator est = setup.newEstimator();
        EstimateFrame frame = setup.newFrame();
        double perSample = Math.pow(10, processedSnrDb / 10) / (256 * 32);
        double[] crb = MotionCrb.polarBound(new ElementRangeModel(rx, lambda), truth, 0, 0, 32, symbolPeriodS,
                perSample);
        double[] clean = new double[2 * 256 * 32];
        echo(truth, Math.sqrt(perSample), 0, clean);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < cpis; i++) {
            est.estimate(observe(clean, rng), frame);
            assertEquals(1, frame.targetCount(), "CPI " + i + ": one target");
            TargetEstimate t = frame.target(0);
            assertTrue(t.consistent(), "CPI " + i + ": consistent, fit " + t.fitAchieved() + " of " + t.fitExpected());
            for (int q = 0; q < 4; q++) {
                double sigmas = Math.abs(t.parameter(q) - truth.parameter(q)) / Math.sqrt(crb[5 * q]);
                assertTrue(sigmas < 10, "CPI " + i + ": " + PolarState.PARAMETER_NAMES[q] + " off by " + sigmas
                        + " CRB σ");
            }
        }
    }

    @Test
    void theDefaultMovedTo25DegreesIsRightInEveryCpi() {
        // issue 8: about 20 % of these CPIs had a range off by 6.3 m with fit 0.006 (nftb bench dftmusic --sweep
        // and the 1000-CPI check of the README; 150 here)
        everyCpiRight(new PolarState(7.0165, Math.toRadians(25), 10, 8), 50, 150, 25);
    }

    @Test
    void aCloseTargetAtMinus35DegreesIsRightInEveryCpi() {
        // issue 8: 85 % of these CPIs had range errors near 2 m and v_θ errors near 1 m/s
        everyCpiRight(new PolarState(4.5, Math.toRadians(-35), -6, 3), 45, 150, 35);
    }

    @Test
    void theDefaultAtProcessedSnr25DbIsNeitherWrongNorFlagged() {
        // the threshold region of the paper's method (about 35 dB) is now below 25 dB; the noise floor away from
        // the spread keeps right estimates from being flagged there (with the quartile alone 7 % were)
        everyCpiRight(new PolarState(7.0165, Math.toRadians(15), 10, 8), 25, 100, 15);
    }

    @Test
    void noiseAloneGivesNoTarget() {
        DftMusicEstimator est = setup.newEstimator();
        EstimateFrame frame = setup.newFrame();
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < 20; i++) {
            est.estimate(observe(new double[2 * 256 * 32], rng), frame);
            assertEquals(0, frame.targetCount(), "CPI " + i);
        }
    }

    @Test
    void anEchoNoSteeringVectorExplainsIsFlaggedNeverConsistent() {
        // element phases uniform over a full turn (an uncalibrated array): the fit stays far below the expected
        DftMusicEstimator est = setup.newEstimator();
        EstimateFrame frame = setup.newFrame();
        double[] clean = new double[2 * 256 * 32];
        echo(new PolarState(7.0165, Math.toRadians(15), 10, 8), Math.sqrt(Math.pow(10, 5) / 8192), 0, clean);
        SplittableRandom rng = new SplittableRandom(10);
        for (int n = 0; n < 256; n++) {
            double phase = 2 * Math.PI * rng.nextDouble();
            double c = Math.cos(phase);
            double s = Math.sin(phase);
            for (int m = 0; m < 32; m++) {
                int i = 2 * (n * 32 + m);
                double re = clean[i];
                clean[i] = re * c - clean[i + 1] * s;
                clean[i + 1] = re * s + clean[i + 1] * c;
            }
        }
        est.estimate(observe(clean, rng), frame);
        assertTrue(frame.targetCount() >= 1, "the echo is detected");
        for (int k = 0; k < frame.targetCount(); k++) {
            TargetEstimate t = frame.target(k);
            assertFalse(t.consistent(), "target " + k + ": fit " + t.fitAchieved() + " of " + t.fitExpected());
            assertTrue(t.diagnostic(DftMusicEstimator.DIAG_SEARCHES) > 1, "searched again before giving up");
        }
    }

    @Test
    void twoReflectorsThreeDegreesApartAreBothEstimatedNearTheirBound() {
        PolarState[] truth = {new PolarState(7.0165, Math.toRadians(15), 10, 8),
            new PolarState(7.0165, Math.toRadians(18), -5, -4)};
        double amp = Math.sqrt(Math.pow(10, 4.0) / 8192);     // processed SNR 40 dB each
        double[] gRe = {amp, amp * Math.cos(1)};
        double[] gIm = {0, amp * Math.sin(1)};
        double[] clean = new double[2 * 256 * 32];
        for (int k = 0; k < 2; k++) {
            echo(truth[k], gRe[k], gIm[k], clean);
        }
        double[] crb = MultiTargetCrb.polarBound(new ElementRangeModel(rx, lambda), truth, gRe, gIm, 0, 0, 32,
                symbolPeriodS, 1);
        DftMusicEstimator est = setup.newEstimator();
        EstimateFrame frame = setup.newFrame();
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < 10; i++) {
            est.estimate(observe(clean, rng), frame);
            assertEquals(2, frame.targetCount(), "CPI " + i + ": two targets");
            for (int k = 0; k < 2; k++) {
                // the reported target nearest in angle to truth k
                TargetEstimate t = frame.target(0);
                if (Math.abs(frame.target(1).angleRad() - truth[k].angleRad())
                        < Math.abs(t.angleRad() - truth[k].angleRad())) {
                    t = frame.target(1);
                }
                assertTrue(t.consistent(), "CPI " + i + " target " + k);
                for (int q = 0; q < 4; q++) {
                    double sigma = Math.sqrt(crb[(4 * k + q) * 8 + 4 * k + q]);
                    assertEquals(truth[k].parameter(q), t.parameter(q), 5 * sigma,
                            "CPI " + i + " target " + k + " " + PolarState.PARAMETER_NAMES[q]);
                }
            }
        }
    }
}
