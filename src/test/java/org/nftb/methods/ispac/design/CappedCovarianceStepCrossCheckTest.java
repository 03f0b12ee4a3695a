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

/**
 * The uplink's probing step (problem 56 with MMSE combiners: min tr CRB(R_u) s.t. tr R_u ≤ P_s, R_u ⪰ 0 and the
 * echo cap bᵀR_u b* ≤ e_max; ours in the 3-dimensional subspace through {@link CovarianceStep} with a cap) against
 * JOptimizer's general SDP barrier method on the full N_b × N_b problem (N_b = 4: 16 real variables, one LMI with
 * the 8 × 8 real embedding of R_u, the power slack and the cap slack), fully digital MT (N_a = 8), small cases
 * where the cap binds.
 */
class CappedCovarianceStepCrossCheckTest {
    private static final int N = 4;
    private static final int NP = N * N;

    @Test
    void theCappedProbingStepFindsTheOptimumAnIndependentSdpSolverFinds() throws Exception {
        int binding = 0;
        for (long seed = 1; seed <= 3; seed++) {
            DoubleArrayModel model = IspacGeometry.paper(8, N);
            IspacScenario.Channels ch = IspacScenario.users(model, 2, new SplittableRandom(seed));
            // a strong echo (|β| = 1e-6, not §V's 1.8e-9, whose echo is far below the users' noise) so that it
            // interferes with the users at all
            UplinkProblem pr0 = new UplinkProblem(model, Math.toRadians(45), 20, 1e-6,
                    IspacScenario.NOISE_W, 64, ch.near(), new double[]{0, 0}, IspacScenario.USER_POWER_W, 1.0);
            // limits just below what the weaker user reaches with the AT silent, so that the echo cap binds
            double[] s0 = new UplinkState(pr0, 8, new double[8]).sinr(HybridArray.ofPhases(new double[8], 8), 0,
                    null);
            double q = 10 * Math.log10(Math.min(s0[0], s0[1])) - new double[]{0.2, 0.5, 1}[(int) seed - 1];
            UplinkProblem pr = pr0.withSinrDb(q);
            UplinkState st = new UplinkState(pr, 8, new double[8]);
            HybridArray f = st.analog();
            double cap = st.echoCap(f, "check");
            double ours = st.covarianceStep("check", Double.POSITIVE_INFINITY);
            double theirs = joptimizer(pr, new CrbForm(st.mtForms(f), pr.betaAbs(), pr.noise(), pr.snapshots()),
                    cap);
            System.out.printf("capped cross-check seed %d: ours %.9g, JOptimizer %.9g, relative %.2e, echo cap "
                    + "%.3g W, echo %.3g W%n", seed, ours, theirs, (ours - theirs) / theirs, cap,
                    st.echoPower(st.probing()));
            assertEquals(theirs, ours, 2e-4 * theirs, "seed " + seed);
            if (st.echoPower(st.probing()) > 0.99 * cap) {
                binding++;
            }
        }
        assertTrue(binding > 0, "the echo cap never binds: the cap is untested");
    }

    private static double joptimizer(UplinkProblem pr, CrbForm crb, double cap) throws Exception {
        double[][] be = new double[3][2 * N];
        pr.model().atSteering(pr.angleRad(), pr.rangeM(), be[0], be[1], be[2]);
        double[][] u = new double[3][2 * N];
        for (int a = 0; a < 3; a++) {
            Cx.conj(be[a], N, u[a]);
        }
        CrbSdpObjective f0 = new CrbSdpObjective(crb, u, N, 1);
        double[] vq = CrbSdpObjective.forms(u[0], N);
        // G + Σ x_p F_p ≼ 0: −R_u (real embedding), −(1 − tr R_u), −(1 − bᵀR_u b*/cap)
        int m = 2 * N + 2;
        double[][] gm = new double[m][m];
        gm[2 * N][2 * N] = -1;
        gm[2 * N + 1][2 * N + 1] = -1;
        List<double[][]> fi = new ArrayList<>();
        for (int p = 0; p < NP; p++) {
            double[][] f = new double[m][m];
            CrbSdpObjective.embedNegated(p, N, f, 0);
            f[2 * N][2 * N] = p < N ? 1 : 0;
            f[2 * N + 1][2 * N + 1] = Double.isFinite(cap) ? vq[p] / cap : 0;
            fi.add(f);
        }
        double eps = Math.min(0.5 / N, Double.isFinite(cap) ? 0.5 * cap / Cx.norm2(u[0], N) : 1);
        double[] x0 = new double[NP];
        for (int i = 0; i < N; i++) {
            x0[i] = eps;
        }
        OptimizationRequest or = new OptimizationRequest();
        or.setF0(f0);
        or.setInitialPoint(x0);
        or.setTolerance(1e-6);
        or.setMaxIteration(2000);
        BarrierMethod opt = new BarrierMethod(new SDPLogarithmicBarrier(fi, gm));
        opt.setOptimizationRequest(or);
        opt.optimize();
        return f0.value(new DenseDoubleMatrix1D(opt.getOptimizationResponse().getSolution())) * f0.scale();
    }
}
