package org.nftb.bound;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.nftb.model.ElementArray;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PhysicalConstants;
import org.nftb.model.PolarState;
import org.nftb.model.SpaceTimeSignal;
import org.nftb.model.TargetState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MotionCrbTest {
    static final double LAMBDA = PhysicalConstants.wavelengthM(28e9);

    /**
     * Independent reference: the general Slepian–Bangs form J = (2/σ²) Re{Dᴴ P⊥ D} with D = ∂μ/∂η obtained by
     * central differences of the synthesized complex signal μ = g·s(η) (no use of the closed form).
     */
    @Test
    void fisherInformationMatchesTheSlepianBangsFormWithNumericalDerivatives() {
        ElementArray ula = ElementArray.ula(32, LAMBDA / 2, 0, 0, 0);
        ElementRangeModel model = new ElementRangeModel(ula, LAMBDA);
        PolarState truth = new PolarState(0.9, 0.3, 6, -4);
        int symbols = 8;
        double period = 2e-4;
        double snr = 3.0;
        double[] fim = MotionCrb.polarFisher(model, truth, 0, 0, symbols, period, snr);

        int n = 32 * symbols;
        double[] s0 = signal(model, truth, symbols, period);
        double[][] d = new double[4][];
        double[] steps = {1e-6, 1e-6, 1e-5, 1e-5};
        for (int i = 0; i < 4; i++) {
            double[] p = params(truth);
            double[] q = p.clone();
            p[i] += steps[i];
            q[i] -= steps[i];
            double[] a = signal(model, fromParams(p), symbols, period);
            double[] b = signal(model, fromParams(q), symbols, period);
            d[i] = new double[2 * n];
            for (int k = 0; k < 2 * n; k++) {
                d[i][k] = (a[k] - b[k]) / (2 * steps[i]);
            }
        }
        double s2 = 0;
        for (int k = 0; k < n; k++) {
            s2 += s0[2 * k] * s0[2 * k] + s0[2 * k + 1] * s0[2 * k + 1];
        }
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                // Re{d_iᴴ d_j} - Re{(d_iᴴ s)(sᴴ d_j)}/‖s‖²
                double dd = 0, dsRe = 0, dsIm = 0, sdRe = 0, sdIm = 0;
                for (int k = 0; k < n; k++) {
                    double ar = d[i][2 * k], ai = d[i][2 * k + 1];
                    double br = d[j][2 * k], bi = d[j][2 * k + 1];
                    double sr = s0[2 * k], si = s0[2 * k + 1];
                    dd += ar * br + ai * bi;
                    dsRe += ar * sr + ai * si;
                    dsIm += ar * si - ai * sr;
                    sdRe += sr * br + si * bi;
                    sdIm += sr * bi - si * br;
                }
                double expected = 2 * snr * (dd - (dsRe * sdRe - dsIm * sdIm) / s2);
                assertEquals(expected, fim[4 * i + j], 1e-5 * Math.abs(expected) + 1e-6 * Math.sqrt(Math.abs(fim[5 * i] * fim[5 * j])),
                        "J[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void theBoundIsTheInverseOfTheFisherInformationAndScalesInverselyWithSnr() {
        ElementArray ula = ElementArray.ula(64, LAMBDA / 2, 0, 0, 0);
        ElementRangeModel model = new ElementRangeModel(ula, LAMBDA);
        PolarState truth = new PolarState(1.5, -0.2, 3, 2);
        double[] fim = MotionCrb.polarFisher(model, truth, 0, 0, 16, 2e-4, 10);
        double[] crb = MotionCrb.polarBound(model, truth, 0, 0, 16, 2e-4, 10);
        DMatrixRMaj product = new DMatrixRMaj(4, 4);
        CommonOps_DDRM.mult(new DMatrixRMaj(4, 4, true, fim), new DMatrixRMaj(4, 4, true, crb), product);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(i == j ? 1 : 0, product.get(i, j), 1e-8);
            }
        }
        double[] crb10x = MotionCrb.polarBound(model, truth, 0, 0, 16, 2e-4, 100);
        for (int i = 0; i < 4; i++) {
            assertEquals(crb[5 * i] / 10, crb10x[5 * i], 1e-9 * crb[5 * i]);
            assertTrue(crb[5 * i] > 0);
        }
    }

    @Test
    void aKnownArrayResponseWeightsTheBoundByItsPower() {
        ElementArray ula = ElementArray.ula(64, LAMBDA / 2, 0, 0, 0);
        ElementRangeModel model = new ElementRangeModel(ula, LAMBDA);
        PolarState truth = new PolarState(1.5, -0.2, 3, 2);
        double[] plain = MotionCrb.polarBound(model, truth, 0, 0, 16, 2e-4, 10);
        double[] ones = new double[128];
        double[] twice = new double[128];
        for (int c = 0; c < 64; c++) {
            ones[2 * c] = 1;
            twice[2 * c] = 0;
            twice[2 * c + 1] = Math.sqrt(2);     // |w|² = 2, any phase
        }
        double[] same = MotionCrb.polarBound(model, truth, 0, 0, 16, 2e-4, 10, ones);
        double[] half = MotionCrb.polarBound(model, truth, 0, 0, 16, 2e-4, 10, twice);
        for (int i = 0; i < 4; i++) {
            assertEquals(plain[5 * i], same[5 * i], 1e-12 * plain[5 * i]);
            assertEquals(plain[5 * i] / 2, half[5 * i], 1e-9 * plain[5 * i]);
        }
    }

    private static double[] params(PolarState p) {
        return new double[] {p.angleRad(), p.rangeM(), p.radialVelocityMps(), p.transverseVelocityMps()};
    }

    private static PolarState fromParams(double[] p) {
        return new PolarState(p[1], p[0], p[2], p[3]);
    }

    private static double[] signal(ElementRangeModel model, PolarState p, int symbols, double period) {
        int c = model.channelCount();
        double[] path = new double[c];
        double[] rate = new double[c];
        model.paths(TargetState.fromPolar(p, 0, 0), path, rate);
        double[] out = new double[2 * c * symbols];
        SpaceTimeSignal.accumulate(path, rate, c, symbols, LAMBDA, period, 1, 0, out);
        return out;
    }
}
