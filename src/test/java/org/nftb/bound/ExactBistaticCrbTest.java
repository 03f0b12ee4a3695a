package org.nftb.bound;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.nftb.model.BistaticEcho;
import org.nftb.model.BistaticModel;
import org.nftb.model.ElementArray;
import org.nftb.model.PhysicalConstants;
import org.nftb.model.SubarrayLayout;
import org.nftb.model.TargetState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exact-model CRB with shared gains ({@link ExactBistaticCrb}) against independent references: the Fisher
 * information of the noiseless model {@link BistaticEcho} by central differences (one gain), and the paper's bound
 * ({@link BistaticCrb}, eqs. 51-62) with one gain per subarray pair.
 */
class ExactBistaticCrbTest {
    static final double LAMBDA = PhysicalConstants.wavelengthM(28e9);
    static final double T = 10e-6;

    /** Seed 000 Fig. 1 arrays of n elements, d = λ/2, the inner ends {@code gapM} apart. */
    static BistaticModel fig1(int n, double gapM) {
        double d = LAMBDA / 2;
        ElementArray tx = ElementArray.ula(n, d, gapM / 2 + (n - 1) * d / 2, 0, 0);
        double[] x = new double[n];
        for (int j = 0; j < n; j++) {
            x[j] = -gapM / 2 - j * d;
        }
        return new BistaticModel(tx, new ElementArray(x, new double[n], -gapM / 2 - (n - 1) * d / 2, 0), LAMBDA);
    }

    /**
     * 16 + 16 elements, 32 pulses, a target 4 m out: the 6×6 Fisher information {@code (2/σ) Re(DᴴD)} of
     * (x, y, v_x, v_y, Re β, Im β) with D's position and velocity columns central differences of the float
     * samples of {@link BistaticEcho} (five-point stencil, steps 1e-4 m and 1 m/s: phase changes of ~0.06 rad, far
     * above float rounding) and its gain columns the samples themselves; inverted, its 4×4 block equals the closed
     * form within 1e-4 of the entries' scale (measured: 2e-6).
     */
    @Test
    void theSingleGainBoundIsTheInverseFisherInformationOfTheNoiselessModelByCentralDifferences() {
        BistaticModel model = fig1(16, 0.5);
        TargetState s = new TargetState(0.6, 4.0, 3.0, -2.0);
        int pulses = 32;
        double sigma = 0.1;
        int n = 2 * 16 * 16 * pulses;
        double[][] d = new double[6][n];
        double[] h = {1e-4, 1e-4, 1, 1};
        float[] sample = new float[n];
        for (int p = 0; p < 4; p++) {
            // five-point stencil (f(−2h) − 8f(−h) + 8f(h) − f(2h)) / 12h: the three-point one is off by (φ'h)²/6,
            // which the range direction's poor conditioning amplifies past the tolerance
            for (int step : new int[]{-2, -1, 1, 2}) {
                double[] a = {s.xM(), s.yM(), s.vxMps(), s.vyMps()};
                a[p] += step * h[p];
                BistaticEcho.fill(model, new TargetState(a[0], a[1], a[2], a[3]), 1, 0, pulses, T, sample);
                double w = (Math.abs(step) == 1 ? 8 : -1) * Math.signum(step) / (12 * h[p]);
                for (int i = 0; i < n; i++) {
                    d[p][i] += w * sample[i];
                }
            }
        }
        float[] mu = new float[n];
        BistaticEcho.fill(model, s, 1, 0, pulses, T, mu);
        for (int i = 0; i < n; i += 2) {
            d[4][i] = mu[i];
            d[4][i + 1] = mu[i + 1];
            d[5][i] = -mu[i + 1];    // ∂(βμ)/∂Im β = jμ
            d[5][i + 1] = mu[i];
        }
        DMatrixRMaj f = new DMatrixRMaj(6, 6);
        for (int a = 0; a < 6; a++) {
            for (int b = 0; b < 6; b++) {
                double v = 0;
                for (int i = 0; i < n; i += 2) {
                    v += d[a][i] * d[b][i] + d[a][i + 1] * d[b][i + 1];
                }
                f.set(a, b, 2 / sigma * v);
            }
        }
        DMatrixRMaj inv = new DMatrixRMaj(6, 6);
        assertTrue(CommonOps_DDRM.invert(f, inv));
        double[] crb = ExactBistaticCrb.bound(model, s, 1, sigma, pulses, T, ExactBistaticCrb.GainBlocks.single(model),
                ExactBistaticCrb.Motion.LINEARISED);
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                double scale = Math.sqrt(inv.get(a, a) * inv.get(b, b));
                assertEquals(inv.get(a, b), crb[4 * a + b], 1e-4 * scale, "CRB entry " + a + "," + b);
            }
        }
    }

    /**
     * Where the two models must agree: with one gain per subarray pair the exact model's position bound is the
     * paper's (the piecewise-far-field phase ramps carry the same position information; here within 0.01 dB, at
     * Table II's geometry with M = 32 and at N = 64 with M = 4). The exact model's velocity bound may only be
     * tighter, by the Doppler spread within a subarray that eq. (8) discards (about 1/K², 0.07 dB at Table II).
     */
    @Test
    void withOneGainPerSubarrayPairThePositionBoundIsThePapersAndTheVelocityBoundAtMostTighter() {
        TargetState s = new TargetState(15, 20.7, 10, 10.2);
        for (int[] nm : new int[][]{{256, 32}, {64, 4}}) {
            BistaticModel model = fig1(nm[0], 2.0);
            double[] exact = ExactBistaticCrb.bound(model, s, 1, 1, 600, T,
                    ExactBistaticCrb.GainBlocks.perSubarrayPair(nm[1]), ExactBistaticCrb.Motion.LINEARISED);
            double[] paper = paperBound(model, nm[1], s);
            double posDb = 20 * Math.log10(BistaticCrb.positionRmseBound(paper)
                    / ExactBistaticCrb.positionRmseBound(exact));
            double velDb = 20 * Math.log10(BistaticCrb.velocityRmseBound(paper)
                    / ExactBistaticCrb.velocityRmseBound(exact));
            double k = nm[0] / (double) nm[1];
            assertEquals(0, posDb, 0.01, "position, N = " + nm[0] + ", M = " + nm[1]);
            assertTrue(velDb >= 0 && velDb <= 10 * Math.log10(1 + 1 / (k * k)) * 1.2,
                    "velocity " + velDb + " dB, N = " + nm[0] + ", M = " + nm[1]);
        }
    }

    /**
     * The figures of issue 23 at Table II (0 dB per output): one gain, position 0.204 mm against the paper's
     * 1.595 mm (17.9 dB), velocity within 0.07 dB; and the target's straight-line motion within the CPI changes the
     * bound by less than 0.001 dB against the linearised phase of eq. (3).
     */
    @Test
    void atTableTwoTheSingleGainPositionBoundIs18DbBelowThePapersAndMotionCurvatureDoesNotMatter() {
        BistaticModel model = fig1(256, 2.0);
        TargetState s = new TargetState(15, 20.7, 10, 10.2);
        ExactBistaticCrb.GainBlocks one = ExactBistaticCrb.GainBlocks.single(model);
        double[] lin = ExactBistaticCrb.bound(model, s, 1, 1, 600, T, one, ExactBistaticCrb.Motion.LINEARISED);
        double[] line = ExactBistaticCrb.bound(model, s, 1, 1, 600, T, one, ExactBistaticCrb.Motion.STRAIGHT_LINE);
        double[] paper = paperBound(model, 32, s);
        assertEquals(2.039e-4, ExactBistaticCrb.positionRmseBound(lin), 0.001e-4);
        assertEquals(17.87, 20 * Math.log10(BistaticCrb.positionRmseBound(paper)
                / ExactBistaticCrb.positionRmseBound(lin)), 0.01);
        assertEquals(0.071, 20 * Math.log10(BistaticCrb.velocityRmseBound(paper)
                / ExactBistaticCrb.velocityRmseBound(lin)), 0.005);
        assertEquals(0, 20 * Math.log10(ExactBistaticCrb.positionRmseBound(line)
                / ExactBistaticCrb.positionRmseBound(lin)), 0.001);
        assertEquals(0, 20 * Math.log10(ExactBistaticCrb.velocityRmseBound(line)
                / ExactBistaticCrb.velocityRmseBound(lin)), 0.001);
    }

    /** {@link BistaticCrb} with the pair gains of eq. (1) at the subarray centres (as {@code nftb bench vmp}). */
    static double[] paperBound(BistaticModel model, int m, TargetState s) {
        SubarrayLayout lay = new SubarrayLayout(model.txArray(), model.rxArray(), m, LAMBDA);
        double refT = Math.hypot(s.xM() - model.txArray().referenceXM(), s.yM());
        double refR = Math.hypot(s.xM() - model.rxArray().referenceXM(), s.yM());
        double[] gRe = new double[lay.pairs()];
        for (int k = 0; k < lay.pairs(); k++) {
            double rt = Math.hypot(s.xM() - lay.txCentreX(k / lay.rxSubarrays()), s.yM());
            double rr = Math.hypot(s.xM() - lay.rxCentreX(k % lay.rxSubarrays()), s.yM());
            gRe[k] = refT * refR / (rt * rr);
        }
        return BistaticCrb.bound(lay, s, gRe, new double[lay.pairs()], 1, 600, T, LAMBDA);
    }
}
