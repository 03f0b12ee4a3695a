package org.nftb.bound;

import org.nftb.linalg.Cx;
import org.nftb.model.DoubleArrayModel;

/**
 * CRB of the target's (θ, r) in seed 003's double array, η = (θ, r, Re β, Im β), exact steering on both arrays
 * ({@link DoubleArrayModel}).
 *
 * <ul>
 *   <li><b>Downlink</b> (eqs. 24-25, Appendix A eqs. 73-78): {@code y = vec(β G̃ᵀ X) + n}, n ~ CN(0, σ² I), R_x =
 *       XXᴴ/T: {@code J_lp = (2|β|²T/σ²) Re tr(Ġ_pᵀ R_x Ġ_l*)}, {@code J12 = (2T/σ²) Re([β* tr(G̃ᵀ R_x Ġ_θ*);
 *       β* tr(G̃ᵀ R_x Ġ_r*)] [1, j])}, {@code J22 = (2T/σ²) I tr(G̃ᵀ R_x G̃*)}. Eq. 77 as printed has Ġ_θ in both
 *       rows; row 2 must be Ġ_r, as in eq. 34 (∂u/∂r pairs with ∂u/∂β): {@link #downlinkPrintedEq77} keeps the
 *       typo for the test that shows it disagrees with the numerical Fisher information.</li>
 *   <li><b>Uplink</b> (eq. 52, Appendix B eqs. 79-81): {@code y = vec(β FᴴG̃ S_u) + ñ}, ñ ~ CN(0, σ² I) (FᴴF = I),
 *       R_u = S_uS_uᴴ/T: {@code J_lp = (2|β|²T/σ²) Re tr(Fᴴ Ġ_p R_u Ġ_lᴴ F)}, J12 and J22 likewise.</li>
 * </ul>
 * With the AT at its own position b depends on r too, so {@code Ġ_r = ∂a/∂r bᵀ + a ∂bᵀ/∂r} (the paper's far-field
 * b drops the second term). Each Ġ is a sum of rank-one terms αβᵀ, so every trace reduces to quadratic forms on the
 * MT side times inner products on the AT side: no N_a × N_b products. Only |β| matters (the Schur complement
 * removes β's phase). Two forms, as in EJML: the allocating methods (thread-safe, no state) and a fast form on a
 * caller-owned {@link Workspace} that allocates nothing (an estimator's covariance per CPI); both compute the same
 * numbers bit for bit.
 */
public final class IspacCrb {
    private static final int[][][] TERMS = {
            {{0, 0}},                // G̃ = a bᵀ
            {{1, 0}, {0, 1}},        // Ġ_θ = a_θ bᵀ + a b_θᵀ
            {{2, 0}, {0, 2}}};       // Ġ_r = a_r bᵀ + a b_rᵀ

    private IspacCrb() {
    }

    /** Downlink Fisher information (4×4 row-major, η = θ, r, Re β, Im β); rx a Hermitian N_a×N_a (XXᴴ/T). */
    public static double[] downlinkFisher(DoubleArrayModel model, double angleRad, double rangeM, double betaAbs,
                                          double noiseVariance, int snapshots, double[] rx) {
        return fisher(model, angleRad, rangeM, betaAbs, noiseVariance, snapshots, rx, null, false);
    }

    /** Downlink CRB of (θ, r), 2×2 row-major (eq. 25). */
    public static double[] downlinkCrb(DoubleArrayModel model, double angleRad, double rangeM, double betaAbs,
                                       double noiseVariance, int snapshots, double[] rx) {
        return schur(downlinkFisher(model, angleRad, rangeM, betaAbs, noiseVariance, snapshots, rx));
    }

    /** {@link #downlinkCrb} into {@code crb} (2×2 row-major), on {@code w}: allocates nothing. */
    public static void downlinkCrb(DoubleArrayModel model, double angleRad, double rangeM, double betaAbs,
                                   double noiseVariance, int snapshots, double[] rx, Workspace w, double[] crb) {
        fisher(model, angleRad, rangeM, betaAbs, noiseVariance, snapshots, rx, null, false, w);
        schur(w.fim, w, crb);
    }

    /** Eq. 77 exactly as printed (Ġ_θ in both rows of J12): kept only to show the typo. */
    public static double[] downlinkPrintedEq77(DoubleArrayModel model, double angleRad, double rangeM, double betaAbs,
                                               double noiseVariance, int snapshots, double[] rx) {
        return fisher(model, angleRad, rangeM, betaAbs, noiseVariance, snapshots, rx, null, true);
    }

    /**
     * Uplink Fisher information (4×4); {@code combinerGram} = F Fᴴ (N_a×N_a Hermitian), ru = S_uS_uᴴ/T (N_b×N_b).
     */
    public static double[] uplinkFisher(DoubleArrayModel model, double angleRad, double rangeM, double betaAbs,
                                        double noiseVariance, int snapshots, double[] combinerGram, double[] ru) {
        return fisher(model, angleRad, rangeM, betaAbs, noiseVariance, snapshots, combinerGram, ru, false);
    }

    /** Uplink CRB of (θ, r), 2×2 row-major (eq. 52). */
    public static double[] uplinkCrb(DoubleArrayModel model, double angleRad, double rangeM, double betaAbs,
                                     double noiseVariance, int snapshots, double[] combinerGram, double[] ru) {
        return schur(uplinkFisher(model, angleRad, rangeM, betaAbs, noiseVariance, snapshots, combinerGram, ru));
    }

    /** {@link #uplinkCrb} into {@code crb} (2×2 row-major), on {@code w}: allocates nothing. */
    public static void uplinkCrb(DoubleArrayModel model, double angleRad, double rangeM, double betaAbs,
                                 double noiseVariance, int snapshots, double[] combinerGram, double[] ru, Workspace w,
                                 double[] crb) {
        fisher(model, angleRad, rangeM, betaAbs, noiseVariance, snapshots, combinerGram, ru, false, w);
        schur(w.fim, w, crb);
    }

    /** {@code (J11 − J12 J22⁻¹ J12ᵀ)⁻¹} of a 4×4 FIM (eq. 25). */
    public static double[] schur(double[] j) {
        double[] out = new double[4];
        schur(j, new Workspace(1, 1), out);
        return out;
    }

    private static void schur(double[] j, Workspace w, double[] out) {
        // J22 is a multiple of I2 for this model, but invert it generally
        double d = j[10] * j[15] - j[11] * j[14];
        double[] inv22 = w.inv22;
        inv22[0] = j[15] / d;
        inv22[1] = -j[11] / d;
        inv22[2] = -j[14] / d;
        inv22[3] = j[10] / d;
        double[] s = w.s;
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                double v = j[4 * a + b];
                for (int k = 0; k < 2; k++) {
                    for (int l = 0; l < 2; l++) {
                        v -= j[4 * a + 2 + k] * inv22[2 * k + l] * j[4 * b + 2 + l];
                    }
                }
                s[2 * a + b] = v;
            }
        }
        double det = s[0] * s[3] - s[1] * s[2];
        out[0] = s[3] / det;
        out[1] = -s[1] / det;
        out[2] = -s[2] / det;
        out[3] = s[0] / det;
    }

    private static double[] fisher(DoubleArrayModel model, double angleRad, double rangeM, double betaAbs,
                                   double noiseVariance, int snapshots, double[] mtForm, double[] ru,
                                   boolean printedTypo) {
        Workspace w = new Workspace(model.mtCount(), model.atCount());
        fisher(model, angleRad, rangeM, betaAbs, noiseVariance, snapshots, mtForm, ru, printedTypo, w);
        return w.fim;
    }

    /** The Fisher information into {@code w.fim}. */
    private static void fisher(DoubleArrayModel model, double angleRad, double rangeM, double betaAbs,
                               double noiseVariance, int snapshots, double[] mtForm, double[] ru, boolean printedTypo,
                               Workspace w) {
        int na = model.mtCount();
        int nb = model.atCount();
        w.requireSize(na, nb);
        double[][] al = w.al;
        double[][] be = w.be;
        model.mtSteering(angleRad, rangeM, al[0], al[1], al[2]);
        model.atSteering(angleRad, rangeM, be[0], be[1], be[2]);
        boolean uplink = ru != null;
        // ka[i][i'] and kb[j][j'] as complex numbers [re, im]
        double[][][] ka = w.ka;
        double[][][] kb = w.kb;
        for (int i = 0; i < 3; i++) {
            for (int i2 = 0; i2 < 3; i2++) {
                if (uplink) {
                    Cx.form(al[i2], mtForm, al[i], na, ka[i][i2]);      // α_{i'}ᴴ (FFᴴ) α_i
                    Cx.transposedForm(be[i], ru, be[i2], nb, kb[i][i2]);          // β_jᵀ R_u β_{j'}*
                } else {
                    Cx.transposedForm(al[i], mtForm, al[i2], na, ka[i][i2]);      // α_iᵀ R_x α_{i'}*
                    Cx.dot(be[i2], be[i], nb, kb[i][i2]);                   // β_{j'}ᴴ β_j
                }
            }
        }
        assemble(ka, kb, betaAbs, noiseVariance, snapshots, printedTypo, w.fim, w.t);
    }

    /**
     * The downlink Fisher information from the MT forms {@code ka[i][i'] = α_iᵀ R_x α_{i'}*} and the AT inner
     * products {@code kb[j][j'] = β_{j'}ᴴ β_j} (α, β = steering, ∂/∂θ, ∂/∂r): J is linear in ka, which the transmit
     * design uses (its objective depends on R_x only through these nine numbers).
     */
    public static double[] downlinkFisherOfForms(double[][][] ka, double[][][] kb, double betaAbs,
                                                 double noiseVariance, int snapshots) {
        double[] out = new double[16];
        assemble(ka, kb, betaAbs, noiseVariance, snapshots, false, out, new double[2]);
        return out;
    }

    /** The AT inner products {@code kb[j][j'] = β_{j'}ᴴ β_j} of the downlink FIM at (θ, r). */
    public static double[][][] downlinkAtForms(DoubleArrayModel model, double angleRad, double rangeM) {
        int nb = model.atCount();
        double[][] be = new double[3][2 * nb];
        model.atSteering(angleRad, rangeM, be[0], be[1], be[2]);
        double[][][] kb = new double[3][3][2];
        for (int i = 0; i < 3; i++) {
            for (int i2 = 0; i2 < 3; i2++) {
                Cx.dot(be[i2], be[i], nb, kb[i][i2]);
            }
        }
        return kb;
    }

    /** The FIM into {@code out} (16, every entry written); {@code t} a scratch pair. */
    private static void assemble(double[][][] ka, double[][][] kb, double betaAbs, double noiseVariance,
                                 int snapshots, boolean printedTypo, double[] out, double[] t) {
        double c = 2.0 * snapshots / noiseVariance;
        double b2 = betaAbs * betaAbs;
        for (int l = 0; l < 2; l++) {
            for (int p = 0; p < 2; p++) {
                term(TERMS[1 + p], TERMS[1 + l], ka, kb, t);
                out[4 * l + p] = c * b2 * t[0];
            }
            int[][] row = printedTypo ? TERMS[1] : TERMS[1 + l];
            term(TERMS[0], row, ka, kb, t);
            // β real and positive: Re(β* t [1, j]) = β (Re t, −Im t)
            out[4 * l + 2] = c * betaAbs * t[0];
            out[4 * l + 3] = -c * betaAbs * t[1];
            out[4 * (2) + l] = out[4 * l + 2];
            out[4 * (3) + l] = out[4 * l + 3];
        }
        term(TERMS[0], TERMS[0], ka, kb, t);
        out[10] = c * t[0];
        out[15] = c * t[0];
        out[11] = 0;
        out[14] = 0;
    }

    /** tr(…) for derivative matrices p (the un-conjugated one) and l (the conjugated one). */
    private static void term(int[][] p, int[][] l, double[][][] ka, double[][][] kb, double[] out) {
        double re = 0;
        double im = 0;
        for (int[] q : p) {
            for (int[] q2 : l) {
                double[] x = ka[q[0]][q2[0]];
                double[] y = kb[q[1]][q2[1]];
                re += x[0] * y[0] - x[1] * y[1];
                im += x[0] * y[1] + x[1] * y[0];
            }
        }
        out[0] = re;
        out[1] = im;
    }

    /** Scratch of the fast form for an MT of {@code na} and an AT of {@code nb} elements. Not thread-safe. */
    public static final class Workspace {
        final double[][] al;
        final double[][] be;
        final double[][][] ka = new double[3][3][2];
        final double[][][] kb = new double[3][3][2];
        final double[] fim = new double[16];
        final double[] t = new double[2];
        final double[] inv22 = new double[4];
        final double[] s = new double[4];

        public Workspace(int na, int nb) {
            this.al = new double[3][2 * na];
            this.be = new double[3][2 * nb];
        }

        void requireSize(int na, int nb) {
            if (al[0].length != 2 * na || be[0].length != 2 * nb) {
                throw new IllegalArgumentException("workspace for " + al[0].length / 2 + " x " + be[0].length / 2
                        + " elements, model has " + na + " x " + nb);
            }
        }
    }
}
