package org.nftb.methods.seqbeam.design;

import org.junit.jupiter.api.Test;
import org.nftb.methods.seqbeam.ChannelFim;
import org.nftb.methods.seqbeam.Phase;
import org.nftb.methods.seqbeam.SeqBeamScene;
import org.nftb.methods.seqbeam.SlotSchedule;
import org.nftb.methods.seqbeam.Stage;
import org.nftb.methods.seqbeam.SystemParams;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seed 002's designs: gradient, solver, power constraint, agreement of random starts, realization. */
class DesignerTest {

    static SeqBeamScene scene(SystemParams sys, int k, long seed) {
        return SeqBeamScene.random(sys, k, 5, 100, Math.toRadians(60), 5, 30, new SplittableRandom(seed));
    }

    @Test
    void lbfgsFindsTheRosenbrockMinimum() {
        Lbfgs.Result r = Lbfgs.minimize((x, g) -> {
            double a = 1 - x[0];
            double b = x[1] - x[0] * x[0];
            g[0] = -2 * a - 400 * x[0] * b;
            g[1] = 200 * b;
            return a * a + 100 * b * b;
        }, new double[] {-1.2, 1}, 1e-14, 500);
        assertEquals(1, r.x()[0], 1e-5);
        assertEquals(1, r.x()[1], 1e-5);
    }

    @Test
    void theSharedCostsGradientMatchesCentralDifferences() {
        SystemParams sys = SystemParams.tableII().withSize(16, 4, 64, 120e6, 8, 10);
        SeqBeamScene sc = scene(sys, 2, 5);
        Designer d = new Designer(sys, sc, ChannelFim.Mode.EXACT);
        Basis b = d.basis();
        Objective o = new Objective(Cost.of(Cost.Kind.SEQUENTIAL),
                new StageEfim(new ChannelFim(d.model(Stage.MS), d.msPhase(0.4), ChannelFim.Mode.EXACT), false),
                new StageEfim(new ChannelFim(d.model(Stage.BP), d.bpPhase(0.4), ChannelFim.Mode.EXACT), false),
                sc.ptCount(), sc.ue());
        Variables v = new Variables(b, Math.min(b.dim, sys.slots()), sys.powerBudgetW() / sys.subcarriers());
        int dd = 2 * b.d * b.d;
        Lbfgs.Function fn = (x, g) -> {
            double[] gram = new double[dd];
            b.gram(v.q(x), gram);
            double[] y1 = new double[dd];
            double[] y2 = new double[dd];
            double f = o.value(gram, gram, y1, y2);
            for (int i = 0; i < dd; i++) {
                y1[i] += y2[i];
            }
            v.gradient(x, y1, g);
            return f;
        };
        double[] x = v.random(new SplittableRandom(3));
        double[] g = new double[x.length];
        double f0 = fn.value(x, g);
        assertTrue(Double.isFinite(f0));
        double worst = 0;
        double gmax = 0;
        for (double gi : g) {
            gmax = Math.max(gmax, Math.abs(gi));
        }
        for (int i = 0; i < x.length; i += 3) {
            double h = 1e-6;
            double[] up = x.clone();
            double[] dn = x.clone();
            up[i] += h;
            dn[i] -= h;
            double num = (fn.value(up, new double[x.length]) - fn.value(dn, new double[x.length])) / (2 * h);
            worst = Math.max(worst, Math.abs(num - g[i]) / gmax);
        }
        System.out.printf("shared-cost gradient: max |analytic − numeric| / max|g| = %.2e over %d coordinates%n",
                worst, x.length / 3);
        assertTrue(worst < 1e-5, "gradient error " + worst);
    }

    @Test
    void fiveRandomStartsOfTheSharedDesignAgreeWithinOnePercentAndUseTheWholeBudget() {
        SystemParams sys = SystemParams.tableII();
        SeqBeamScene sc = scene(sys, 3, 17);
        Designer d = new Designer(sys, sc, ChannelFim.Mode.EXACT);
        double best = Double.POSITIVE_INFINITY;
        double worst = 0;
        for (int s = 0; s < 5; s++) {
            Design x = d.shared(0.3, 100 + s);
            assertEquals(sys.powerBudgetW() / sys.subcarriers(), x.power(Stage.MS), 1e-12 * sys.powerBudgetW());
            SlotSchedule sch = x.schedule(Stage.MS, sys);
            assertEquals(sys.powerBudgetW(), sch.totalPowerW(), 1e-9 * sys.powerBudgetW(), "eq. 15 with equality");
            best = Math.min(best, x.cost());
            worst = Math.max(worst, x.cost());
            System.out.printf("start %d: cost %.6g, %d iterations, %.1f ms%n", s, x.cost(), x.iterations(),
                    x.nanos() / 1e6);
        }
        assertTrue(worst <= 1.01 * best, "spread " + (worst / best - 1));
    }

    @Test
    void aRhoOutsideTheUnitIntervalIsRefusedNamingTheField() {
        SystemParams sys = SystemParams.tableII();
        Designer d = new Designer(sys, scene(sys, 2, 1), ChannelFim.Mode.EXACT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.shared(1.5, 1));
        assertTrue(e.getMessage().contains("rhoMs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.separate(-0.1, 1));
    }

    static Phase unused() {
        return null;
    }
}
