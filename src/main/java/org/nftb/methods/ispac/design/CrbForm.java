package org.nftb.methods.ispac.design;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.nftb.bound.IspacCrb;
import org.nftb.model.DoubleArrayModel;
import org.nftb.linalg.Herm;

/**
 * The transmit designs' objective {@code tr CRB(θ, r)} (seed 003 eqs. 25-26a, 52-53a) as a function of the 3×3
 * Hermitian form {@code K_ab = u_aᴴ R u_b}, u = the MT's steering a and its derivatives ∂a/∂θ, ∂a/∂r mapped into
 * the design space (downlink: {@code u_i = Fᴴ α_i*}, R = R̃_x, since {@code α_iᵀ F R̃_x Fᴴ α_{i'}* = u_iᴴ R̃_x u_{i'}}).
 * The Fisher information (eqs. 33-35 / 73-78) is linear in K, {@code J = Σ κ_p J_p} over the nine real parameters
 * κ of K ({@link Herm}'s layout with d = 3), so with {@code A = J⁻¹} and P the projector on (θ, r):
 * {@code f = tr(P A)}, {@code ∂f/∂κ_p = −tr(P A J_p A)}, {@code ∂²f/∂κ_p∂κ_q = tr(P A J_p A J_q A) + tr(P A J_q A J_p
 * A)}: the value, gradient and Hessian in closed form. tr CRB is convex in K (the Schur complement of a linear
 * map is matrix-concave and tr(·)⁻¹ is convex and decreasing), which makes the covariance step a convex problem.
 * Immutable after construction; methods allocate only small arrays.
 */
public final class CrbForm {
    /** Number of real parameters of K. */
    public static final int PARAMS = 9;
    private final double[][] basis = new double[PARAMS][];

    /** @param kb the AT inner products at the target ({@link IspacCrb#downlinkAtForms}) */
    public CrbForm(double[][][] kb, double betaAbs, double noiseVariance, int snapshots) {
        double[] unit = new double[PARAMS];
        double[] k = new double[18];
        for (int p = 0; p < PARAMS; p++) {
            unit[p] = 1;
            Herm.toMatrix(unit, 0, 3, k);
            unit[p] = 0;
            double[][][] ka = new double[3][3][2];
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    ka[a][b][0] = k[2 * (a * 3 + b)];
                    ka[a][b][1] = k[2 * (a * 3 + b) + 1];
                }
            }
            basis[p] = IspacCrb.downlinkFisherOfForms(ka, kb, betaAbs, noiseVariance, snapshots);
        }
    }

    /** The downlink objective at (θ, r) of the model with the given |β|, σ², T. */
    public static CrbForm downlink(DoubleArrayModel model, double angleRad, double rangeM, double betaAbs,
                                   double noiseVariance, int snapshots) {
        return new CrbForm(IspacCrb.downlinkAtForms(model, angleRad, rangeM), betaAbs, noiseVariance, snapshots);
    }

    /** J(κ), 4×4 row-major. */
    public double[] fisher(double[] kappa) {
        double[] j = new double[16];
        for (int p = 0; p < PARAMS; p++) {
            for (int i = 0; i < 16; i++) {
                j[i] += kappa[p] * basis[p][i];
            }
        }
        return j;
    }

    /**
     * tr CRB at κ; gradient (9) and Hessian (9×9) into the arrays when not null. +∞ when J is singular or not
     * positive definite (no information along some direction).
     */
    public double value(double[] kappa, double[] grad, double[] hess) {
        double[] a = invert4(fisher(kappa));
        if (a == null || !(a[0] > 0) || !(a[5] > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        double f = a[0] + a[5];
        if (grad == null) {
            return f;
        }
        double[][] ajA = new double[PARAMS][];
        for (int p = 0; p < PARAMS; p++) {
            ajA[p] = mul4(mul4(a, basis[p]), a);             // A J_p A
            grad[p] = -(ajA[p][0] + ajA[p][5]);
        }
        if (hess != null) {
            for (int p = 0; p < PARAMS; p++) {
                double[] m = mul4(ajA[p], basis[0]);
                for (int q = 0; q < PARAMS; q++) {
                    if (q > 0) {
                        m = mul4(ajA[p], basis[q]);
                    }
                    // tr(P A J_p A J_q A) = tr(P (A J_p A) J_q A)
                    double[] ma = mul4(m, a);
                    hess[p * PARAMS + q] += ma[0] + ma[5];
                    hess[q * PARAMS + p] += ma[0] + ma[5];
                }
            }
        }
        return f;
    }

    static double[] mul4(double[] x, double[] y) {
        double[] o = new double[16];
        for (int i = 0; i < 4; i++) {
            for (int l = 0; l < 4; l++) {
                double v = x[4 * i + l];
                for (int j = 0; j < 4; j++) {
                    o[4 * i + j] += v * y[4 * l + j];
                }
            }
        }
        return o;
    }

    /** Inverse of a symmetric positive definite 4×4 through Cholesky; null when it is not positive definite. */
    static double[] invert4(double[] j) {
        DMatrixRMaj m = new DMatrixRMaj(4, 4, true, j);
        DMatrixRMaj inv = new DMatrixRMaj(4, 4);
        var chol = LinearSolverFactory_DDRM.chol(4);
        if (!chol.setA(m)) {
            return null;
        }
        chol.invert(inv);
        return inv.data;
    }
}
