package org.nftb.methods.ispac;

import org.nftb.bound.IspacCrb;
import org.nftb.model.DoubleArrayModel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.linalg.Cx;
import org.nftb.methods.ispac.design.HybridArray;

/**
 * The closed-form CRBs (Appendices A and B) against the Fisher information of the exact model computed
 * independently: the mean vector u(η) built explicitly (vec(βG̃ᵀX), vec(βFᴴG̃S)), differentiated numerically
 * (central differences with Richardson extrapolation), {@code J = (2/σ²) Re(DᴴD)}.
 */
class IspacCrbTest {
    private static final double THETA = Math.toRadians(45);
    private static final double RANGE = 20;
    private static final double BETA = 0.7;
    private static final double SIGMA2 = 0.5;
    private static final int T = 32;

    interface Mean {
        double[] at(double theta, double range, double br, double bi);
    }

    static double[] numericalFisher(Mean mean, double sigma2) {
        double[] eta = {THETA, RANGE, BETA, 0};
        double[] h = {2e-5, 2e-3, 1e-3, 1e-3};
        double[][] d = new double[4][];
        for (int p = 0; p < 4; p++) {
            double[] d1 = diff(mean, eta, p, h[p]);
            double[] d2 = diff(mean, eta, p, h[p] / 2);
            d[p] = new double[d1.length];
            for (int i = 0; i < d1.length; i++) {
                d[p][i] = (4 * d2[i] - d1[i]) / 3;
            }
        }
        double[] j = new double[16];
        for (int p = 0; p < 4; p++) {
            for (int q = 0; q < 4; q++) {
                j[4 * p + q] = 2 / sigma2 * Cx.dotRe(d[p], d[q], d[p].length / 2);
            }
        }
        return j;
    }

    private static double[] diff(Mean mean, double[] eta, int p, double h) {
        double[] plus = eta.clone();
        double[] minus = eta.clone();
        plus[p] += h;
        minus[p] -= h;
        double[] up = mean.at(plus[0], plus[1], plus[2], plus[3]);
        double[] um = mean.at(minus[0], minus[1], minus[2], minus[3]);
        double[] out = new double[up.length];
        for (int i = 0; i < up.length; i++) {
            out[i] = (up[i] - um[i]) / (2 * h);
        }
        return out;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    static void assertClose(double[] expected, double[] actual, double rel, String what) {
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], rel * scale, what + " entry " + i);
        }
    }

    /** Relative agreement of two 2×2 CRBs entry by entry (each against its own diagonal scale). */
    static void assertCrbClose(double[] expected, double[] actual, double rel) {
        for (int i = 0; i < 2; i++) {
            assertEquals(expected[3 * i], actual[3 * i], rel * Math.abs(expected[3 * i]), "diagonal " + i);
        }
        double s = Math.sqrt(expected[0] * expected[3]);
        assertEquals(expected[1], actual[1], rel * s, "off-diagonal");
    }

    @Test
    void downlinkCrbOfAppendixAWithTheCorrectedRowTwoMatchesTheNumericalFisherInformationOfTheExactModel() {
        DoubleArrayModel model = IspacGeometry.paper(32, 8);
        HybridArray f = IspacFixtures.randomHybrid(32, 8, 11);
        double[] x = IspacSignals.downlinkBlock(f, IspacFixtures.randomMatrix(8, 4, 0.3, 12), 4,
                IspacFixtures.identity(8, 0.2), T, 13);
        Mean mean = (th, r, br, bi) -> toDouble(IspacSignals.downlinkEcho(model, th, r, br, bi, x, T, 0, 0));
        // the mean in double precision: rebuild without the float rounding of the echo
        Mean exact = (th, r, br, bi) -> downlinkMean(model, th, r, br, bi, x);
        double[] numeric = numericalFisher(exact, SIGMA2);
        double[] rx = IspacSignals.covariance(x, 32, T);
        double[] closed = IspacCrb.downlinkFisher(model, THETA, RANGE, BETA, SIGMA2, T, rx);
        assertClose(numeric, closed, 1e-6, "downlink FIM");
        assertCrbClose(IspacCrb.schur(numeric), IspacCrb.downlinkCrb(model, THETA, RANGE, BETA, SIGMA2, T, rx), 1e-6);
        assertTrue(mean.at(THETA, RANGE, BETA, 0).length == 2 * 8 * T);
    }

    @Test
    void eq77AsPrintedWithTheAngleDerivativeInBothRowsDisagreesWithTheNumericalFisherInformation() {
        DoubleArrayModel model = IspacGeometry.paper(32, 8);
        HybridArray f = IspacFixtures.randomHybrid(32, 8, 11);
        double[] x = IspacSignals.downlinkBlock(f, IspacFixtures.randomMatrix(8, 4, 0.3, 12), 4,
                IspacFixtures.identity(8, 0.2), T, 13);
        double[] numeric = numericalFisher((th, r, br, bi) -> downlinkMean(model, th, r, br, bi, x), SIGMA2);
        double[] rx = IspacSignals.covariance(x, 32, T);
        double[] printed = IspacCrb.downlinkPrintedEq77(model, THETA, RANGE, BETA, SIGMA2, T, rx);
        double worst = 0;
        for (int i = 0; i < 16; i++) {
            worst = Math.max(worst, Math.abs(printed[i] - numeric[i]) / Math.sqrt(Math.abs(numeric[5 * (i / 4)])
                    * Math.abs(numeric[5 * (i % 4)])));
        }
        assertTrue(worst > 1e-2, "the printed row 2 of J12 should differ (normalised error " + worst + ")");
    }

    @Test
    void uplinkCrbOfAppendixBMatchesTheNumericalFisherInformationOfTheExactModel() {
        DoubleArrayModel model = IspacGeometry.paper(32, 8);
        HybridArray f = IspacFixtures.randomHybrid(32, 8, 21);
        double[] s = IspacSignals.probingBlock(IspacFixtures.identity(8, 0.3), 8, T, 22);
        double[] numeric = numericalFisher((th, r, br, bi) -> uplinkMean(model, f, th, r, br, bi, s), SIGMA2);
        double[] fd = f.dense();
        double[] gram = new double[2 * 32 * 32];
        Cx.mulAdjoint(fd, fd, 32, 8, 32, gram);
        double[] ru = IspacSignals.covariance(s, 8, T);
        double[] closed = IspacCrb.uplinkFisher(model, THETA, RANGE, BETA, SIGMA2, T, gram, ru);
        assertClose(numeric, closed, 1e-6, "uplink FIM");
        assertCrbClose(IspacCrb.schur(numeric), IspacCrb.uplinkCrb(model, THETA, RANGE, BETA, SIGMA2, T, gram, ru),
                1e-6);
    }

    /** vec(β G̃ᵀ X) in double precision, written out from the steering vectors (N_b × T). */
    static double[] downlinkMean(DoubleArrayModel model, double th, double r, double br, double bi, double[] x) {
        int na = model.mtCount();
        int nb = model.atCount();
        double[] a = new double[2 * na];
        double[] b = new double[2 * nb];
        model.mtSteering(th, r, a, null, null);
        model.atSteering(th, r, b, null, null);
        double[] u = new double[2 * nb * T];
        for (int n = 0; n < nb; n++) {
            for (int t = 0; t < T; t++) {
                double re = 0;
                double im = 0;
                for (int j = 0; j < na; j++) {
                    // G̃ᵀ[n, j] = b_n a_j
                    double gr = b[2 * n] * a[2 * j] - b[2 * n + 1] * a[2 * j + 1];
                    double gi = b[2 * n] * a[2 * j + 1] + b[2 * n + 1] * a[2 * j];
                    double xr = x[2 * (j * T + t)];
                    double xi = x[2 * (j * T + t) + 1];
                    re += gr * xr - gi * xi;
                    im += gr * xi + gi * xr;
                }
                u[2 * (n * T + t)] = br * re - bi * im;
                u[2 * (n * T + t) + 1] = br * im + bi * re;
            }
        }
        return u;
    }

    /** vec(β FᴴG̃ S) in double precision, with F dense (N_RF × T). */
    static double[] uplinkMean(DoubleArrayModel model, HybridArray f, double th, double r, double br, double bi,
                               double[] s) {
        int na = model.mtCount();
        int nb = model.atCount();
        int nrf = f.chains();
        double[] a = new double[2 * na];
        double[] b = new double[2 * nb];
        model.mtSteering(th, r, a, null, null);
        model.atSteering(th, r, b, null, null);
        double[] fd = f.dense();
        double[] u = new double[2 * nrf * T];
        for (int i = 0; i < nrf; i++) {
            for (int t = 0; t < T; t++) {
                double re = 0;
                double im = 0;
                for (int m = 0; m < na; m++) {
                    double fr = fd[2 * (m * nrf + i)];
                    double fi = -fd[2 * (m * nrf + i) + 1];
                    for (int j = 0; j < nb; j++) {
                        double gr = a[2 * m] * b[2 * j] - a[2 * m + 1] * b[2 * j + 1];
                        double gi = a[2 * m] * b[2 * j + 1] + a[2 * m + 1] * b[2 * j];
                        double pr = fr * gr - fi * gi;
                        double pi = fr * gi + fi * gr;
                        double sr = s[2 * (j * T + t)];
                        double si = s[2 * (j * T + t) + 1];
                        re += pr * sr - pi * si;
                        im += pr * si + pi * sr;
                    }
                }
                u[2 * (i * T + t)] = br * re - bi * im;
                u[2 * (i * T + t) + 1] = br * im + bi * re;
            }
        }
        return u;
    }
}
