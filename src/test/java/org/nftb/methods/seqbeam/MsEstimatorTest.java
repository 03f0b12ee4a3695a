package org.nftb.methods.seqbeam;

import org.junit.jupiter.api.Test;
import org.nftb.methods.seqbeam.design.Designer;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MS estimator on the exact OFDM echo model ({@link OfdmEcho}): noiseless echoes are recovered to the model's
 * precision, and with noise every target is found, consistent, with a covariance close to the exact MS bound of
 * the same data ({@link Evaluator}, computed apart from the estimator).
 */
class MsEstimatorTest {
    static final double[] UE = {6, 30};
    static final double[] UE_VELOCITY = {12, -5};
    static final double[][] PTS = {{-15, 40}, {20, 25}};

    static SystemParams system() {
        return SystemParams.tableII().withSize(16, 4, 64, 60e6, 8, 8).withCovarianceSymbols(0);
    }

    record Case(SystemParams sys, SeqBeamScene scene, double[][] symbols, double[] y, Bounds bound) {
    }

    static Case echoes(double powerOffsetDb, long noiseSeed) {
        SystemParams sys = system();
        sys = sys.withPowerBudgetW(sys.powerBudgetW() * Math.pow(10, powerOffsetDb / 10));
        SeqBeamScene scene = new SeqBeamScene(UE, UE_VELOCITY, PTS, null, null, null, null);
        Phase ph = Phase.of(sys, sys.totalSymbols(), 0);
        SlotSchedule s = new Designer(sys, scene, ChannelFim.Mode.EXACT).msWhole(ph, 1).schedule(Stage.MS, sys);
        StageModel ms = StageModel.of(Stage.MS, sys, scene);
        double[][] sym = OfdmEcho.symbols(sys, ph, s);
        double[] y = new double[2 * sys.totalSymbols() * sys.subcarriers() * sys.bsElements()];
        OfdmEcho.Path[] paths = new OfdmEcho.Path[PTS.length + 1];
        for (int k = 0; k <= PTS.length; k++) {
            double[] p = scene.point(k);
            paths[k] = new OfdmEcho.Path(p[0], p[1], k == 0 ? ms.dopplerHz(0) : 0, ms.gainRe(k), ms.gainIm(k));
        }
        OfdmEcho.add(sys, paths, sym[0], sym[1], y);
        if (noiseSeed >= 0) {
            OfdmEcho.addNoise(y, sys.noisePowerW(), new SplittableRandom(noiseSeed));
        }
        Bounds b = new Evaluator(sys, scene, ChannelFim.Mode.EXACT).stage(Stage.MS, ph, s);
        return new Case(sys, scene, sym, y, b);
    }

    static MsTarget nearest(MsTarget[] ts, double[] p) {
        MsTarget best = null;
        for (MsTarget t : ts) {
            if (best == null || Math.hypot(t.xM() - p[0], t.yM() - p[1]) < Math.hypot(best.xM() - p[0],
                    best.yM() - p[1])) {
                best = t;
            }
        }
        return best;
    }

    @Test
    void noiselessEchoesOfAUeAndTwoPtsAreRecoveredToAMicrometre() {
        Case c = echoes(20, -1);
        MsEstimator est = new MsEstimator(c.sys(), 3, 80, Math.toRadians(70), 12, 4);
        est.setSymbols(c.symbols()[0], c.symbols()[1]);
        long t0 = System.nanoTime();
        MsTarget[] found = est.estimate(c.y());
        System.out.printf("noiseless MS estimate: %.1f ms, %d targets%n", (System.nanoTime() - t0) / 1e6, found.length);
        assertTrue(found.length >= 3, "found " + found.length);
        for (int k = 0; k <= PTS.length; k++) {
            double[] p = c.scene().point(k);
            MsTarget t = nearest(found, p);
            assertEquals(p[0], t.xM(), 1e-6, "x of point " + k);
            assertEquals(p[1], t.yM(), 1e-6, "y of point " + k);
        }
        double vr = (UE_VELOCITY[0] * UE[0] + UE_VELOCITY[1] * UE[1]) / Math.hypot(UE[0], UE[1]);
        assertEquals(vr, nearest(found, UE).radialVelocityMps(), 1e-6);
    }

    @Test
    void withNoiseEveryTargetIsFoundConsistentWithACovarianceNearTheBound() {
        Case c = echoes(40, 7);
        MsEstimator est = new MsEstimator(c.sys(), 3, 80, Math.toRadians(70), 12, 4);
        est.setSymbols(c.symbols()[0], c.symbols()[1]);
        for (int w = 0; w < 3; w++) {
            est.estimate(c.y());
        }
        long t0 = System.nanoTime();
        MsTarget[] found = est.estimate(c.y());
        System.out.printf("MS estimate with noise: %.1f ms, %d targets%n", (System.nanoTime() - t0) / 1e6,
                found.length);
        assertEquals(3, found.length);
        MsTarget u = nearest(found, UE);
        assertTrue(u.consistent(est.entries()), "fit " + u.fitAchieved() + " expected " + u.fitExpected());
        // the estimator's covariance at the estimate against the exact MS bound at the truth: same data, same model
        double ratio = u.pebM() / c.bound().uePebM();
        System.out.printf("UE PEB at the estimate %.4g m, bound at the truth %.4g m%n", u.pebM(), c.bound().uePebM());
        assertTrue(ratio > 0.8 && ratio < 1.25, "PEB ratio " + ratio);
        double err = Math.hypot(u.xM() - UE[0], u.yM() - UE[1]);
        assertTrue(err < 5 * c.bound().uePebM(), "UE error " + err + " m, bound " + c.bound().uePebM());
    }
}
