package org.nftb.methods.ispac.design;

import org.junit.jupiter.api.Test;
import org.nftb.bound.IspacCrb;
import org.nftb.methods.ispac.IspacGeometry;
import org.nftb.model.DoubleArrayModel;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownlinkDesignTest {
    static DownlinkProblem problem(int na, int nb, double sinrDb, long seed) {
        DoubleArrayModel model = IspacGeometry.paper(na, nb);
        IspacScenario.Channels ch = IspacScenario.users(model, 4, new SplittableRandom(seed));
        double[] s = {sinrDb, sinrDb, sinrDb, sinrDb};
        return new DownlinkProblem(model, Math.toRadians(45), 20, IspacScenario.targetGain(20),
                IspacScenario.NOISE_W, 256, ch.near(), s, IspacScenario.NOISE_W, IspacScenario.BS_POWER_W);
    }

    @Test
    void theHybridDesignMeetsEverySinrLimitThePowerBudgetAndUnitModulus() {
        DownlinkProblem pr = problem(32, 8, 10, 1);
        long t0 = System.nanoTime();
        DownlinkDesign.Result r = DownlinkDesign.design(pr, 8, 7, 30, 1e-3);
        System.out.printf("hybrid design %.1f ms, history %s%n", (System.nanoTime() - t0) / 1e6,
                java.util.Arrays.toString(r.history()));
        for (double s : r.sinrDb()) {
            assertTrue(s >= 10 - 0.01, "SINR " + s);
        }
        assertTrue(r.power() <= IspacScenario.BS_POWER_W * (1 + 1e-9), "power " + r.power());
        HybridArray f = r.analog();
        double[] d = f.dense();
        for (int n = 0; n < 32; n++) {
            int c = n / 4;
            double m = Math.hypot(d[2 * (n * 8 + c)], d[2 * (n * 8 + c) + 1]) * 2;   // 1/√M = 1/2
            assertEquals(1, m, 1e-9);
        }
        // the reported objective is tr CRB of R_x = F R̃ Fᴴ by the independent bound code
        double[] rx = r.transmitCovariance();
        double[] crb = IspacCrb.downlinkCrb(pr.model(), pr.angleRad(), pr.rangeM(), pr.betaAbs(), pr.sensingNoise(),
                pr.snapshots(), rx);
        assertEquals(crb[0] + crb[3], r.objective(), 1e-9 * r.objective());
    }

    @Test
    void theObjectiveNeverIncreasesBetweenIterations() {
        DownlinkDesign.Result r = DownlinkDesign.design(problem(32, 8, 10, 2), 8, 3, 30, 1e-6);
        double[] h = r.history();
        assertTrue(h.length >= 3, "rounds " + h.length);
        for (int i = 1; i < h.length; i++) {
            assertTrue(h[i] <= h[i - 1], "round " + i + ": " + h[i - 1] + " -> " + h[i]);
        }
        assertTrue(h[h.length - 1] < h[0], "the analog step must improve on the first covariance step");
    }

    @Test
    void fullyDigitalIsNeverWorseThanHybrid() {
        for (long seed = 1; seed <= 3; seed++) {
            DownlinkProblem pr = problem(32, 8, 10, seed);
            double hy = DownlinkDesign.design(pr, 8, seed, 30, 1e-3).objective();
            double fd = DownlinkDesign.design(pr, 32, seed, 30, 1e-3).objective();
            assertTrue(fd <= hy * (1 + 1e-6), "seed " + seed + ": FD " + fd + " hybrid " + hy);
        }
    }

    @Test
    void unreachableSinrTargetsAreRefusedNamingTheShortfall() {
        DownlinkProblem pr = problem(32, 8, 60, 1);
        DesignInfeasibleException e = assertThrows(DesignInfeasibleException.class,
                () -> DownlinkDesign.design(pr, 32, 1, 30, 1e-3));
        assertTrue(e.getMessage().contains("SINR targets"), e.getMessage());
        assertTrue(e.shortfallDb() > 0 && e.shortfallDb() < 60, e.getMessage());
        // lowering the targets by the reported amount (plus a margin) makes it feasible
        DownlinkProblem ok = pr.withSinrDb(60 - e.shortfallDb() - 0.05);
        DownlinkDesign.Result r = DownlinkDesign.design(ok, 32, 1, 30, 1e-3);
        assertTrue(r.sinrDb()[0] >= 60 - e.shortfallDb() - 0.06);
    }

    @Test
    void theCrbGradientAndHessianMatchFiniteDifferences() {
        DownlinkProblem pr = problem(16, 8, 10, 4);
        CrbForm crb = CrbForm.downlink(pr.model(), pr.angleRad(), pr.rangeM(), pr.betaAbs(), pr.sensingNoise(), 64);
        // κ of K = Aᵀ R A* with R = diag(1..N_a)/N_a (a valid, positive definite form), A = [a, ∂a/∂θ, ∂a/∂r]
        int na = 16;
        double[][] al = new double[3][2 * na];
        pr.model().mtSteering(pr.angleRad(), pr.rangeM(), al[0], al[1], al[2]);
        double[] k = new double[9];
        int idx = 3;
        for (int a = 0; a < 3; a++) {
            for (int b = a; b < 3; b++) {
                double re = 0;
                double im = 0;
                for (int n = 0; n < na; n++) {
                    double w = (n + 1.0) / na;                             // α_a[n] conj(α_b[n]) w
                    re += w * (al[a][2 * n] * al[b][2 * n] + al[a][2 * n + 1] * al[b][2 * n + 1]);
                    im += w * (al[a][2 * n + 1] * al[b][2 * n] - al[a][2 * n] * al[b][2 * n + 1]);
                }
                if (a == b) {
                    k[a] = re;
                } else {
                    k[idx++] = re;
                    k[idx++] = im;
                }
            }
        }
        double[] g = new double[9];
        double[] h = new double[81];
        double f = crb.value(k, g, h);
        for (int p = 0; p < 9; p++) {
            int[][] pair = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {0, 1}, {0, 2}, {0, 2}, {1, 2}, {1, 2}};
            double step = 1e-6 * Math.sqrt(k[pair[p][0]] * k[pair[p][1]]);
            double[] kp = k.clone();
            double[] km = k.clone();
            kp[p] += step;
            km[p] -= step;
            double[] gp = new double[9];
            double[] gm = new double[9];
            double fp = crb.value(kp, gp, null);
            double fm = crb.value(km, gm, null);
            assertEquals((fp - fm) / (2 * step), g[p], 1e-5 * Math.abs(g[p]) + 1e-9 * Math.abs(f) / step,
                    "gradient " + p);
            for (int q = 0; q < 9; q++) {
                double fd = (gp[q] - gm[q]) / (2 * step);
                assertEquals(fd, h[p * 9 + q], 1e-4 * Math.abs(h[p * 9 + q]) + 1e-9 * Math.abs(f) / (step * step),
                        "Hessian " + p + "," + q);
            }
        }
    }

    @Test
    void theBlendedStartBeatsThePurelyRandomAnalogStart() {
        // the choice documented at DownlinkDesign.initialPhases: λ-blend towards the target's steering
        DownlinkProblem pr = problem(64, 16, 10, 1);
        double[] blended = new double[64];
        DownlinkDesign.initialPhases(pr, 16, 5, blended);
        double[] random = new double[64];
        SplittableRandom rng = new SplittableRandom(5);
        for (int n = 0; n < 64; n++) {
            random[n] = 2 * Math.PI * rng.nextDouble();
        }
        double fb = new DesignState(pr, 16, blended).covarianceStep("b", Double.POSITIVE_INFINITY);
        double fr = new DesignState(pr, 16, random).covarianceStep("r", Double.POSITIVE_INFINITY);
        assertTrue(fb < 0.5 * fr, "blended " + fb + " random " + fr);
    }
}
