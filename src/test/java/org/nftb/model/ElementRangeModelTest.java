package org.nftb.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ElementRangeModelTest {
    static final double LAMBDA = PhysicalConstants.wavelengthM(28e9);

    @Test
    void elementRangesFollowTheLawOfCosinesOfSeed001Eq1() {
        ElementArray ula = ElementArray.ula(8, LAMBDA / 2, 0, 0, 0);
        ElementRangeModel m = new ElementRangeModel(ula, LAMBDA);
        double r = 3.0;
        double th = Math.toRadians(20);
        double[] path = new double[8];
        double[] rate = new double[8];
        m.paths(TargetState.fromPolar(new PolarState(r, th, 0, 0), 0, 0), path, rate);
        for (int n = 0; n < 8; n++) {
            double nd = ula.xM(n);   // signed offset n·d of element n from the centre
            assertEquals(Math.sqrt(r * r + nd * nd - 2 * r * nd * Math.sin(th)), path[n], 1e-12);
        }
    }

    @Test
    void elementVelocitiesAreSeed001Eq2WithTheTransverseSignOfOurConvention() {
        ElementArray ula = ElementArray.ula(16, LAMBDA / 2, 0, 0, 0);
        ElementRangeModel m = new ElementRangeModel(ula, LAMBDA);
        double r = 2.0;
        double th = Math.toRadians(-25);
        double vr = 3;
        double vt = -4;
        double[] path = new double[16];
        double[] rate = new double[16];
        m.paths(TargetState.fromPolar(new PolarState(r, th, vr, vt), 0, 0), path, rate);
        for (int n = 0; n < 16; n++) {
            double nd = ula.xM(n);
            double expected = (r - nd * Math.sin(th)) / path[n] * vr - nd * Math.cos(th) / path[n] * vt;
            assertEquals(expected, rate[n], 1e-12);
        }
    }

    @Test
    void jacobiansMatchCentralDifferences() {
        ElementArray ula = ElementArray.ula(5, 0.01, 0.3, 0, 0);
        ElementRangeModel m = new ElementRangeModel(ula, LAMBDA);
        TargetState s = new TargetState(0.7, 2.1, 1.5, -2.5);
        double[] dPath = new double[20];
        double[] dRate = new double[20];
        m.pathJacobians(s, dPath, dRate);
        double h = 1e-6;
        for (int k = 0; k < 4; k++) {
            double[] p1 = new double[5], r1 = new double[5], p2 = new double[5], r2 = new double[5];
            m.paths(perturb(s, k, h), p1, r1);
            m.paths(perturb(s, k, -h), p2, r2);
            for (int n = 0; n < 5; n++) {
                assertEquals((p1[n] - p2[n]) / (2 * h), dPath[4 * n + k], 1e-7);
                assertEquals((r1[n] - r2[n]) / (2 * h), dRate[4 * n + k], 1e-7);
            }
        }
    }

    @Test
    void polarJacobianMatchesCentralDifferences() {
        PolarState p = new PolarState(4.0, 0.3, 2.0, -1.0);
        double[] jac = new double[16];
        PolarJacobian.fill(p, jac);
        double h = 1e-6;
        for (int i = 0; i < 4; i++) {
            double[] plus = {p.rangeM(), p.angleRad(), p.radialVelocityMps(), p.transverseVelocityMps()};
            double[] minus = plus.clone();
            int slot = i == 0 ? 1 : i == 1 ? 0 : i;   // parameter order (θ, r, v_r, v_θ) → record order (r, θ, …)
            plus[slot] += h;
            minus[slot] -= h;
            TargetState a = TargetState.fromPolar(new PolarState(plus[0], plus[1], plus[2], plus[3]), 0, 0);
            TargetState b = TargetState.fromPolar(new PolarState(minus[0], minus[1], minus[2], minus[3]), 0, 0);
            double[] d = {(a.xM() - b.xM()) / (2 * h), (a.yM() - b.yM()) / (2 * h),
                    (a.vxMps() - b.vxMps()) / (2 * h), (a.vyMps() - b.vyMps()) / (2 * h)};
            for (int k = 0; k < 4; k++) {
                assertEquals(d[k], jac[4 * k + i], 1e-7, "state " + k + " parameter " + i);
            }
        }
    }

    @Test
    void polarAndCartesianStatesRoundTrip() {
        PolarState p = new PolarState(7.0165, Math.PI / 12, 10, 8);
        PolarState back = TargetState.fromPolar(p, 0.5, -0.2).toPolar(0.5, -0.2);
        assertEquals(p.rangeM(), back.rangeM(), 1e-12);
        assertEquals(p.angleRad(), back.angleRad(), 1e-12);
        assertEquals(p.radialVelocityMps(), back.radialVelocityMps(), 1e-12);
        assertEquals(p.transverseVelocityMps(), back.transverseVelocityMps(), 1e-12);
    }

    @Test
    void positiveTransverseVelocityMovesTowardsIncreasingAngle() {
        TargetState s = TargetState.fromPolar(new PolarState(5, 0.2, 0, 3), 0, 0);
        double later = s.advancedBy(1e-3).toPolar(0, 0).angleRad();
        assertEquals(3.0 / 5, (later - 0.2) / 1e-3, 1e-3);
    }

    @Test
    void theSpaceTimeSignalIsTheDirectFormulaAtCentredSymbolTimes() {
        ElementArray ula = ElementArray.ula(4, LAMBDA / 2, 0, 0, 0);
        ElementRangeModel m = new ElementRangeModel(ula, LAMBDA);
        double[] path = new double[4];
        double[] rate = new double[4];
        m.paths(TargetState.fromPolar(new PolarState(3, 0.4, 7, -2), 0, 0), path, rate);
        int symbols = 6;
        double period = 2e-4;
        double[] out = new double[2 * 4 * symbols];
        SpaceTimeSignal.accumulate(path, rate, 4, symbols, LAMBDA, period, 0.5, -0.25, out);
        double k = 2 * Math.PI / LAMBDA;
        for (int c = 0; c < 4; c++) {
            for (int mm = 0; mm < symbols; mm++) {
                double t = (mm - (symbols - 1) / 2.0) * period;
                double ph = -k * (path[c] + t * rate[c]);
                double re = 0.5 * Math.cos(ph) + 0.25 * Math.sin(ph);
                double im = 0.5 * Math.sin(ph) - 0.25 * Math.cos(ph);
                assertEquals(re, out[2 * (c * symbols + mm)], 1e-12);
                assertEquals(im, out[2 * (c * symbols + mm) + 1], 1e-12);
            }
        }
    }

    private static TargetState perturb(TargetState s, int k, double h) {
        return switch (k) {
            case 0 -> new TargetState(s.xM() + h, s.yM(), s.vxMps(), s.vyMps());
            case 1 -> new TargetState(s.xM(), s.yM() + h, s.vxMps(), s.vyMps());
            case 2 -> new TargetState(s.xM(), s.yM(), s.vxMps() + h, s.vyMps());
            default -> new TargetState(s.xM(), s.yM(), s.vxMps(), s.vyMps() + h);
        };
    }
}
