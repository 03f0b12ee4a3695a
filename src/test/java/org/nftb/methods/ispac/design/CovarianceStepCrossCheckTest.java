package org.nftb.methods.ispac.design;

import cern.colt.matrix.impl.DenseDoubleMatrix1D;
import com.joptimizer.functions.SDPLogarithmicBarrier;
import com.joptimizer.optimizers.BarrierMethod;
import com.joptimizer.optimizers.OptimizationRequest;
import org.junit.jupiter.api.Test;
import org.nftb.linalg.Cx;
import org.nftb.methods.ispac.IspacGeometry;
import org.nftb.model.DoubleArrayModel;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.linalg.Herm;

/**
 * The covariance step (SDR of eq. 38, our barrier method in the reduced subspace + eq. 39) against JOptimizer's
 * general SDP barrier method on the full, unreduced problem (N_RF = 5 fully digital, one user: 50 real variables,
 * one 22 × 22 LMI holding R_d ⪰ 0, W ⪰ 0 in their real embeddings, the SINR slack and the power slack), small
 * random instances. Both are handed the same objective (tr CRB through {@link CrbForm}); what is checked is the
 * optimiser: the subspace reduction, the Woodbury Newton steps, the stopping rule and the rank-one reconstruction.
 */
class CovarianceStepCrossCheckTest {
    private static final int N = 5;
    private static final int NP = N * N;

    @Test
    void ourSolverFindsTheOptimumAnIndependentSdpSolverFinds() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            DoubleArrayModel model = IspacGeometry.paper(N, 4);
            SplittableRandom rng = new SplittableRandom(seed);
            double noise = 1e-11;
            double[] h = new double[2 * N];
            for (int i = 0; i < 2 * N; i++) {
                h[i] = rng.nextGaussian();
            }
            double hs = Math.sqrt(noise * 40 / Cx.norm2(h, N));              // |g|² = 40 at P = 1 W
            for (int i = 0; i < 2 * N; i++) {
                h[i] *= hs;
            }
            double sinrDb = new double[]{5, 10, 14}[(int) seed - 1];      // 14 dB: the SINR limit binds
            DownlinkProblem pr = new DownlinkProblem(model, Math.toRadians(45), 20, 3e-9, noise, 64,
                    new double[][]{h}, new double[]{sinrDb}, noise, 1.0);
            DesignState st = new DesignState(pr, N, new double[N]);
            double ours = st.covarianceStep("check", Double.POSITIVE_INFINITY);
            double theirs = joptimizer(pr, h, Math.pow(10, sinrDb / 10));
            System.out.printf("cross-check seed %d: ours %.9g, JOptimizer %.9g, relative %.2e%n", seed, ours, theirs,
                    (ours - theirs) / theirs);
            assertEquals(theirs, ours, 2e-4 * theirs, "seed " + seed);
            DownlinkDesign.Result r = st.result(List.of(ours));
            assertTrue(r.sinrDb()[0] >= sinrDb - 1e-6, "SINR " + r.sinrDb()[0]);
            assertTrue(r.power() <= 1 + 1e-9, "power " + r.power());
        }
    }

    private static double joptimizer(DownlinkProblem pr, double[] h, double gamma) throws Exception {
        CrbForm crb = CrbForm.downlink(pr.model(), pr.angleRad(), pr.rangeM(), pr.betaAbs(), pr.sensingNoise(),
                pr.snapshots());
        double[][] al = new double[3][2 * N];
        pr.model().mtSteering(pr.angleRad(), pr.rangeM(), al[0], al[1], al[2]);
        double[][] u = new double[3][2 * N];
        for (int a = 0; a < 3; a++) {
            Cx.conj(al[a], N, u[a]);                                   // F = I: u = α*
        }
        double[] g = new double[2 * N];
        Cx.conj(h, N, g);
        for (int i = 0; i < 2 * N; i++) {
            g[i] /= Math.sqrt(pr.userNoise());
        }
        // tr CRB of S = R_d + W over the 2 × 25 parameters of R_d and W
        CrbSdpObjective f0 = new CrbSdpObjective(crb, u, N, 2);
        double[] gq = CrbSdpObjective.forms(g, N);
        // one LMI, JOptimizer's convention G + Σ x_i F_i ≼ 0: the blocks hold −R_d, −W, −slack_SINR, −slack_power
        int m = 4 * N + 2;
        double[][] gm = new double[m][m];
        gm[4 * N][4 * N] = 1;                                           // −(… − 1) for the SINR slack
        gm[4 * N + 1][4 * N + 1] = -1;                                  // −(1 − tr S)
        List<double[][]> fi = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            for (int p = 0; p < NP; p++) {
                double[][] f = new double[m][m];
                CrbSdpObjective.embedNegated(p, N, f, 2 * N * b);
                double sinr = (b == 1 ? (1 + 1 / gamma) : 0) * gq[p] - gq[p];
                f[4 * N][4 * N] = -sinr;
                f[4 * N + 1][4 * N + 1] = p < N ? 1 : 0;
                fi.add(f);
            }
        }
        // strictly feasible start: W = (1.2 γ/|g|²) ĝĝᴴ + εI, R_d = εI
        double gn = Cx.norm2(g, N);
        double[] x0 = new double[2 * NP];
        double eps = 1e-3;
        double z0 = 1.2 * gamma / gn;
        double[] ww = new double[2 * NP];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                ww[2 * (i * N + j)] = z0 * (g[2 * i] * g[2 * j] + g[2 * i + 1] * g[2 * j + 1]) / gn;
                ww[2 * (i * N + j) + 1] = z0 * (g[2 * i + 1] * g[2 * j] - g[2 * i] * g[2 * j + 1]) / gn;
            }
        }
        Herm.fromMatrix(ww, N, x0, NP);
        for (int i = 0; i < N; i++) {
            x0[i] = eps;
            x0[NP + i] += eps;
        }
        OptimizationRequest or = new OptimizationRequest();
        or.setF0(f0);
        or.setInitialPoint(x0);
        or.setTolerance(1e-6);
        or.setMaxIteration(2000);
        BarrierMethod opt = new BarrierMethod(new SDPLogarithmicBarrier(fi, gm));
        opt.setOptimizationRequest(or);
        opt.optimize();
        double[] sol = opt.getOptimizationResponse().getSolution();
        return f0.value(new DenseDoubleMatrix1D(sol)) * f0.scale();
    }
}
