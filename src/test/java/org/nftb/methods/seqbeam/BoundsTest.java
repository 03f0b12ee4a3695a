package org.nftb.methods.seqbeam;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Position-domain FIMs and bounds of seed 002: observability, power scaling, the Jacobian mapping. */
class BoundsTest {

    static SlotSchedule randomSchedule(SystemParams sys, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] f = new double[2 * sys.bsElements() * sys.slots()];
        double s = 0;
        for (int i = 0; i < f.length; i++) {
            f[i] = r.nextGaussian();
            s += f[i] * f[i];
        }
        double scale = Math.sqrt(sys.powerBudgetW() / sys.subcarriers() / s);
        for (int i = 0; i < f.length; i++) {
            f[i] *= scale;
        }
        return new SlotSchedule(f, sys.bsElements(), sys.slots(), sys.subcarriers());
    }

    @Test
    void oneMsSnapshotLeavesExactlyTheTangentialVelocityUnobservable() {
        SystemParams sys = SystemParams.tableII();
        for (long seed = 1; seed <= 3; seed++) {
            SeqBeamScene sc = SeqBeamScene.random(sys, 4, 5, 100, Math.toRadians(60), 5, 30, new SplittableRandom(seed));
            for (ChannelFim.Mode mode : ChannelFim.Mode.values()) {
                Evaluator ev = new Evaluator(sys, sc, mode);
                Phase all = Phase.of(sys, sys.totalSymbols(), 0);
                SlotSchedule s = randomSchedule(sys, seed);
                double[] ms = ev.stageEfim(Stage.MS, all, s, false);
                int n = 4 + 2 * sc.ptCount();
                assertEquals(1, Bounds.rankDeficit(ms, n), "MS rank deficit, " + mode);
                Bounds b = Bounds.of(ms, sc.ptCount(), sc.ue());
                assertFalse(b.velocityObservable());
                assertTrue(Double.isNaN(b.ueVebMps()), "never a number for the unobservable VEB");
                assertTrue(b.ueRadialVebMps() > 0 && Double.isFinite(b.uePebM()), b.describe());
                assertTrue(b.describe().contains("unobservable (tangential)"));
                double[] bp = ev.stageEfim(Stage.BP, all, s, false);
                assertEquals(0, Bounds.rankDeficit(bp, n), "BP full rank, " + mode);
                assertTrue(Bounds.of(bp, sc.ptCount(), sc.ue()).velocityObservable());
            }
        }
    }

    @Test
    void boundsScaleAsOneOverThePowerBudget() {
        SystemParams sys = SystemParams.tableII();
        SeqBeamScene sc = SeqBeamScene.random(sys, 3, 5, 100, Math.toRadians(60), 5, 30, new SplittableRandom(9));
        SlotSchedule s = randomSchedule(sys, 4);
        double[] f2 = s.beams().clone();
        for (int i = 0; i < f2.length; i++) {
            f2[i] *= Math.sqrt(2);
        }
        SlotSchedule s2 = new SlotSchedule(f2, s.elements(), s.slots(), s.subcarriers());
        Evaluator ev = new Evaluator(sys, sc, ChannelFim.Mode.EXACT);
        Phase all = Phase.of(sys, sys.totalSymbols(), 0);
        Bounds a = ev.stage(Stage.BP, all, s);
        Bounds b = ev.stage(Stage.BP, all, s2);
        assertEquals(a.uePebM() / Math.sqrt(2), b.uePebM(), 1e-9 * a.uePebM());
        assertEquals(a.ueVebMps() / Math.sqrt(2), b.ueVebMps(), 1e-9 * a.ueVebMps());
        assertEquals(a.ptPebM() / Math.sqrt(2), b.ptPebM(), 1e-9 * a.ptPebM());
        Bounds c = ev.stage(Stage.MS, all, s);
        Bounds d = ev.stage(Stage.MS, all, s2);
        assertEquals(c.uePebM() / Math.sqrt(2), d.uePebM(), 1e-9 * c.uePebM());
        assertEquals(c.ueRadialVebMps() / Math.sqrt(2), d.ueRadialVebMps(), 1e-9 * c.ueRadialVebMps());
    }

    @Test
    void thePositionFimMatchesCentralDifferencesOfTheObservationInPositionAndVelocity() {
        SystemParams sys = ChannelFimTest.small(SystemParams.Layout.INTERLEAVED);
        SeqBeamScene sc = ChannelFimTest.smallScene();
        Phase phase = Phase.of(sys, sys.totalSymbols(), 0);
        double[] beams = ChannelFimTest.randomBeams(sys, 5);
        for (Stage stage : Stage.values()) {
            StageModel m = StageModel.of(stage, sys, sc);
            ChannelFim k = new ChannelFim(m, phase, ChannelFim.Mode.EXACT);
            double[] chan = new double[k.size() * k.size()];
            k.compute(beams, chan);
            int g = m.geoCount();
            int ne = m.etaCount();
            // closed form: Jᵀ I J over (η_geo, gains)
            double[] jFull = fullJacobian(m);
            int nt = ne + (k.size() - g);
            double[] closed = Dense.congruence(chan, k.size(), jFull, nt);
            // numeric: differentiate μ(ξ(η)) in η
            double[] eta = Geometry.eta(stage, sys, sc);
            double[] xi0 = m.channelValues();
            double[][] cols = new double[nt][];
            for (int c = 0; c < nt; c++) {
                double h = c < ne ? (stage == Stage.BP && c == ne - 1 ? 1e-12 : c == 2 || c == 3 ? 1 : 1e-4)
                        : 1e-5 * Math.abs(xi0[g + c - ne]) + 1e-30;
                double[] plus = xiAt(m, sys, sc, eta, c, h);
                double[] minus = xiAt(m, sys, sc, eta, c, -h);
                double[] plus2 = xiAt(m, sys, sc, eta, c, 2 * h);
                double[] minus2 = xiAt(m, sys, sc, eta, c, -2 * h);
                double[] a = EchoReference.observe(m, plus, phase, beams, 7);
                double[] b = EchoReference.observe(m, minus, phase, beams, 7);
                double[] a2 = EchoReference.observe(m, plus2, phase, beams, 7);
                double[] b2 = EchoReference.observe(m, minus2, phase, beams, 7);
                for (int q = 0; q < a.length; q++) {
                    a[q] = (8 * (a[q] - b[q]) - (a2[q] - b2[q])) / (12 * h);
                }
                cols[c] = a;
            }
            double[] num = new double[nt * nt];
            for (int i = 0; i < nt; i++) {
                for (int j = 0; j < nt; j++) {
                    double s = 0;
                    for (int q = 0; q < cols[i].length; q++) {
                        s += cols[i][q] * cols[j][q];
                    }
                    num[i * nt + j] = 2 / m.noisePowerW() * s;
                }
            }
            double diff = ChannelFimTest.normalizedDifference(closed, num, nt);
            System.out.printf("%s position-domain FIM (%d parameters): max normalized difference %.2e%n", stage, nt,
                    diff);
            assertTrue(diff <= ChannelFimTest.TOLERANCE, stage + ": " + diff);
        }
    }

    /** ∂ξ/∂(η_geo, gains): the geometric Jacobian and the identity on the gains. */
    private static double[] fullJacobian(StageModel m) {
        int n = m.params().size();
        int g = m.geoCount();
        int ne = m.etaCount();
        int nt = ne + n - g;
        double[] j = new double[n * nt];
        double[] jg = m.jacobian();
        for (int r = 0; r < g; r++) {
            System.arraycopy(jg, r * ne, j, r * nt, ne);
        }
        for (int r = g; r < n; r++) {
            j[r * nt + ne + r - g] = 1;
        }
        return j;
    }

    /** ξ with η_geo coordinate c (or gain c − ne) moved by h. */
    private static double[] xiAt(StageModel m, SystemParams sys, SeqBeamScene sc, double[] eta, int c, double h) {
        int ne = m.etaCount();
        int g = m.geoCount();
        double[] xi = m.channelValues();
        if (c < ne) {
            double[] e = eta.clone();
            e[c] += h;
            double[] geo = Geometry.xiGeo(m.stage(), sys, sc, e, true);
            System.arraycopy(geo, 0, xi, 0, g);
        } else {
            xi[g + c - ne] += h;
        }
        return xi;
    }
}
