package org.nftb.methods.ispac.design;

import org.junit.jupiter.api.Test;
import org.nftb.methods.ispac.IspacGeometry;
import org.nftb.model.DoubleArrayModel;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UplinkDesignTest {
    static UplinkProblem problem(int na, int nb, double sinrDb, long seed) {
        DoubleArrayModel model = IspacGeometry.paper(na, nb);
        IspacScenario.Channels ch = IspacScenario.users(model, 4, new SplittableRandom(seed));
        double[] s = {sinrDb, sinrDb, sinrDb, sinrDb};
        return new UplinkProblem(model, Math.toRadians(45), 20, IspacScenario.targetGain(20),
                IspacScenario.NOISE_W, 256, ch.near(), s, IspacScenario.USER_POWER_W, IspacScenario.BS_POWER_W);
    }

    @Test
    void theHybridUplinkDesignMeetsEverySinrLimitTheProbingBudgetAndUnitModulus() {
        UplinkProblem pr = problem(32, 8, 10, 1);
        long t0 = System.nanoTime();
        UplinkDesign.Result r = UplinkDesign.design(pr, 8, 7, 30, 1e-3);
        System.out.printf("uplink hybrid design %.1f ms, history %s, SINR %s%n", (System.nanoTime() - t0) / 1e6,
                java.util.Arrays.toString(r.history()), java.util.Arrays.toString(r.sinrDb()));
        for (double s : r.sinrDb()) {
            assertTrue(s >= 10 - 0.01, "SINR " + s);
        }
        // the independent SINR evaluation (eq. 17 with the reported combiners' optimum) agrees
        double[] again = UplinkDesign.sinrDb(pr, r.analog(), r.probing());
        for (int k = 0; k < 4; k++) {
            assertEquals(r.sinrDb()[k], again[k], 1e-9);
        }
        assertTrue(r.power() <= IspacScenario.BS_POWER_W * (1 + 1e-9), "power " + r.power());
        double[] d = r.analog().dense();
        for (int n = 0; n < 32; n++) {
            int c = n / 4;
            assertEquals(1, Math.hypot(d[2 * (n * 8 + c)], d[2 * (n * 8 + c) + 1]) * 2, 1e-9);
        }
        // the reported objective is tr CRB by the independent bound code (eq. 52 on F Fᴴ and R_u)
        double[] crb = r.crb(pr);
        assertEquals(crb[0] + crb[3], r.objective(), 1e-9 * r.objective());
    }

    @Test
    void theUplinkObjectiveNeverIncreasesBetweenIterations() {
        for (long seed = 1; seed <= 2; seed++) {
            UplinkDesign.Result r = UplinkDesign.design(problem(32, 8, 10, seed), 8, seed, 30, 1e-6);
            double[] h = r.history();
            assertTrue(h.length >= 2, "rounds " + h.length);
            for (int i = 1; i < h.length; i++) {
                assertTrue(h[i] <= h[i - 1], "seed " + seed + " round " + i + ": " + h[i - 1] + " -> " + h[i]);
            }
            assertTrue(h[h.length - 1] < h[0], "the analog step must improve on the first covariance step");
        }
    }

    @Test
    void fullyDigitalUplinkIsNeverWorseThanHybrid() {
        for (long seed = 1; seed <= 3; seed++) {
            UplinkProblem pr = problem(32, 8, 10, seed);
            double hy = UplinkDesign.design(pr, 8, seed, 30, 1e-3).objective();
            double fd = UplinkDesign.design(pr, 32, seed, 30, 1e-3).objective();
            assertTrue(fd <= hy * (1 + 1e-6), "seed " + seed + ": FD " + fd + " hybrid " + hy);
        }
    }

    @Test
    void theExactProbingStepBeatsEveryRandomFeasibleProbingForTheSameCombiner() {
        // the deviation from Algorithm 4 (SCA) is justified only if the exact step is optimal for fixed F
        UplinkProblem pr = problem(32, 8, 10, 1);
        UplinkDesign.Result r = UplinkDesign.design(pr, 8, 1, 30, 1e-3);
        HybridArray f = r.analog();
        UplinkState st = new UplinkState(pr, 8, r.phasesRad());
        double[][][] ka = st.mtForms(f);
        double best = st.objective(ka, st.atForms(r.probing()));
        SplittableRandom rng = new SplittableRandom(9);
        int nb = 8;
        int feasible = 0;
        for (int trial = 0; trial < 300; trial++) {
            double[] v = new double[2 * nb * 2];
            for (int i = 0; i < v.length; i++) {
                v[i] = rng.nextGaussian();
            }
            double[] ru = new double[2 * nb * nb];
            double tr = 0;
            for (int m = 0; m < nb; m++) {
                for (int n = 0; n < nb; n++) {
                    for (int c = 0; c < 2; c++) {                       // rank 2: Σ v_c v_cᴴ
                        double ar = v[2 * (c * nb + m)];
                        double ai = v[2 * (c * nb + m) + 1];
                        double br = v[2 * (c * nb + n)];
                        double bi = v[2 * (c * nb + n) + 1];
                        ru[2 * (m * nb + n)] += ar * br + ai * bi;
                        ru[2 * (m * nb + n) + 1] += ai * br - ar * bi;
                    }
                }
                tr += ru[2 * (m * nb + m)];
            }
            double scale = IspacScenario.BS_POWER_W * rng.nextDouble() / tr;
            for (int i = 0; i < ru.length; i++) {
                ru[i] *= scale;
            }
            double[] s = UplinkDesign.sinrDb(pr, f, ru);
            boolean ok = true;
            for (double x : s) {
                ok &= x >= 10;
            }
            if (ok) {
                feasible++;
                double v2 = st.objective(ka, st.atForms(ru));
                assertTrue(best <= v2 * (1 + 1e-6), "random feasible R_u beats the exact step: " + v2 + " < " + best);
            }
        }
        assertTrue(feasible > 20, "too few feasible random probings: " + feasible);
    }

    @Test
    void unreachableUplinkSinrLimitsAreRefusedNamingTheUserAndTheShortfall() {
        UplinkProblem pr = problem(32, 8, 60, 1);
        DesignInfeasibleException e = assertThrows(DesignInfeasibleException.class,
                () -> UplinkDesign.design(pr, 32, 1, 30, 1e-3));
        assertTrue(e.getMessage().contains("fully digital uplink design: user"), e.getMessage());
        assertTrue(e.shortfallDb() > 0 && e.shortfallDb() < 60, e.getMessage());
        UplinkProblem ok = pr.withSinrDb(60 - e.shortfallDb() - 0.05);
        assertTrue(UplinkDesign.design(ok, 32, 1, 30, 1e-3).sinrDb()[0] >= 60 - e.shortfallDb() - 0.06);
    }

    @Test
    void theBlendedStartBeatsThePurelyRandomAnalogStart() {
        UplinkProblem pr = problem(32, 8, 10, 5);
        double[] blended = new double[32];
        UplinkDesign.initialPhases(pr, 8, 5, blended);
        double[] random = new double[32];
        SplittableRandom rng = new SplittableRandom(5);
        for (int n = 0; n < 32; n++) {
            random[n] = 2 * Math.PI * rng.nextDouble();
        }
        UplinkState b = new UplinkState(pr, 8, blended);
        UplinkState r = new UplinkState(pr, 8, random);
        double fb = b.covarianceStep("blended", Double.POSITIVE_INFINITY);
        double fr = r.covarianceStep("random", Double.POSITIVE_INFINITY);
        assertTrue(fb < fr, "blended " + fb + " random " + fr);
    }

    @Test
    void theLeastMarginAscentMakesInfeasibleRandomAnalogStartsFeasible() {
        int rescued = 0;
        for (long seed = 1; seed <= 8; seed++) {
            UplinkProblem pr = problem(32, 8, 10, seed);
            double[] raw = new double[32];
            SplittableRandom rng = new SplittableRandom(seed);
            for (int n = 0; n < 32; n++) {
                raw[n] = 2 * Math.PI * rng.nextDouble();
            }
            double[] s0 = new UplinkState(pr, 8, raw).sinr(HybridArray.ofPhases(raw, 8), 0, null);
            boolean rawOk = true;
            for (double v : s0) {
                rawOk &= 10 * Math.log10(v) >= 10;
            }
            UplinkDesign.Result r;
            try {
                r = UplinkDesign.design(pr, 8, seed, 30, 1e-3, true);
            } catch (DesignInfeasibleException e) {
                continue;
            }
            for (double v : r.sinrDb()) {
                assertTrue(v >= 10 - 0.01, "seed " + seed + " SINR " + v);
            }
            if (!rawOk) {
                rescued++;
            }
        }
        assertTrue(rescued > 0, "no infeasible random start was made feasible");
    }
}
