package org.nftb.methods.cvtracker;

import org.ejml.data.DMatrix4;
import org.ejml.data.DMatrix4x4;
import org.ejml.dense.fixed.CommonOps_DDF4;

/**
 * The Kalman filter of a 2-D constant-velocity target, state {@code s = (x, y, vx, vy)} (m, m/s), on EJML's
 * fixed-size 4×4 types. Kernel: every matrix is a field made once, so predicting and updating allocate nothing;
 * not thread-safe (one per tracker).
 *
 * <p><b>Prediction</b> over {@code Δt} seconds with the continuous white-noise acceleration model of spectral density
 * q (Bar-Shalom, Li and Kirubarajan, <i>Estimation with Applications to Tracking and Navigation</i>, §6.2.2):
 * {@code s ← F s}, {@code P ← F P Fᵀ + Q} with {@code F = [[I, Δt I], [0, I]]} and
 * {@code Q = q [[Δt³/3 I, Δt²/2 I], [Δt²/2 I, Δt I]]}. The model composes exactly
 * ({@code F(a+b) = F(b) F(a)}, {@code Q(a+b) = F(b) Q(a) F(b)ᵀ + Q(b)}), so one prediction across a gap equals
 * the CPI-by-CPI predictions through it.
 *
 * <p><b>Update</b> with an estimate {@code z} of covariance {@code R} (the estimator's Cartesian covariance, in the
 * same order): for an estimate with velocity {@code H = I}; for a position-only one (velocity rows of R unknown)
 * {@code H = diag(1, 1, 0, 0)}, written as a 4×4 problem whose velocity block of {@code S} is the identity and whose
 * velocity innovations are 0, so that the gain's velocity columns vanish and one code path serves both:
 * {@code y = H (z − s)}, {@code S = H P Hᵀ + R}, {@code K = P Hᵀ S⁻¹}, {@code s ← s + K y} and the Joseph form
 * {@code P ← (I − K H) P (I − K H)ᵀ + K R Kᵀ} (here {@code K H = K}), which stays symmetric positive definite in
 * floating point. {@code S⁻¹} is taken after scaling S to unit diagonal: position and velocity variances differ by
 * orders of magnitude, and the equilibrated matrix's condition number is that of the correlations alone.
 */
final class CvFilter {
    private final double accelerationNoise;
    private final DMatrix4x4 f = new DMatrix4x4();
    private final DMatrix4x4 tmp = new DMatrix4x4();
    private final DMatrix4x4 ph = new DMatrix4x4();
    private final DMatrix4x4 s = new DMatrix4x4();
    private final DMatrix4x4 sInv = new DMatrix4x4();
    private final DMatrix4x4 k = new DMatrix4x4();
    private final DMatrix4x4 a = new DMatrix4x4();
    private final DMatrix4 y = new DMatrix4();
    private final DMatrix4 ky = new DMatrix4();
    private final double[] scale = new double[4];
    private double logDetS;

    /** @param accelerationNoiseM2PerS3 q, m²/s³ (≥ 0) */
    CvFilter(double accelerationNoiseM2PerS3) {
        this.accelerationNoise = accelerationNoiseM2PerS3;
    }

    /** {@code x, p} predicted {@code dtS} seconds ahead (in place); {@code dtS ≥ 0}. */
    void predict(DMatrix4 x, DMatrix4x4 p, double dtS) {
        if (dtS == 0) {
            return;
        }
        x.a1 += dtS * x.a3;
        x.a2 += dtS * x.a4;
        CommonOps_DDF4.setIdentity(f);
        f.a13 = dtS;
        f.a24 = dtS;
        CommonOps_DDF4.mult(f, p, tmp);
        CommonOps_DDF4.multTransB(tmp, f, p);
        double q3 = accelerationNoise * dtS * dtS * dtS / 3;
        double q2 = accelerationNoise * dtS * dtS / 2;
        double q1 = accelerationNoise * dtS;
        p.a11 += q3;
        p.a22 += q3;
        p.a13 += q2;
        p.a31 += q2;
        p.a24 += q2;
        p.a42 += q2;
        p.a33 += q1;
        p.a44 += q1;
    }

    /**
     * The innovation of estimate {@code m} against the (predicted) state {@code x, p}: fills y, {@code P Hᵀ}, S and
     * S⁻¹ for a following {@link #update} and returns the normalized innovation squared {@code yᵀ S⁻¹ y}, or NaN
     * when S is not positive definite. {@link #logDetS()} is then {@code ln det S} (of the measured block).
     */
    double innovation(DMatrix4 x, DMatrix4x4 p, Measurement m) {
        CommonOps_DDF4.subtract(m.z, x, y);
        ph.setTo(p);
        if (m.positionOnly) {
            y.a3 = 0;
            y.a4 = 0;
            zeroVelocityColumns(ph);
        }
        s.setTo(ph);
        if (m.positionOnly) {
            s.a31 = 0;
            s.a32 = 0;
            s.a33 = 0;
            s.a34 = 0;
            s.a41 = 0;
            s.a42 = 0;
            s.a43 = 0;
            s.a44 = 0;
        }
        CommonOps_DDF4.addEquals(s, m.r);
        if (!invertPositiveDefinite()) {
            return Double.NaN;
        }
        CommonOps_DDF4.mult(sInv, y, ky);
        return CommonOps_DDF4.dot(y, ky);
    }

    /** {@code ln det S} of the last {@link #innovation} (the velocity block of a position-only estimate is I). */
    double logDetS() {
        return logDetS;
    }

    /**
     * Updates {@code x, p} with estimate {@code m} (in place). Call right after {@link #innovation} of the same
     * state and estimate returned a finite value.
     */
    void update(DMatrix4 x, DMatrix4x4 p, Measurement m) {
        CommonOps_DDF4.mult(ph, sInv, k);
        CommonOps_DDF4.mult(k, y, ky);
        CommonOps_DDF4.addEquals(x, ky);
        CommonOps_DDF4.setIdentity(a);
        CommonOps_DDF4.subtractEquals(a, k);
        CommonOps_DDF4.mult(a, p, tmp);
        CommonOps_DDF4.multTransB(tmp, a, p);
        CommonOps_DDF4.mult(k, m.r, tmp);
        CommonOps_DDF4.multAddTransB(tmp, k, p);
        symmetrize(p);
    }

    /** sInv = S⁻¹ via D (D S D)⁻¹ D with D = diag(S)^{-1/2}; false when S is not positive definite. */
    private boolean invertPositiveDefinite() {
        for (int i = 0; i < 4; i++) {
            double d = s.get(i, i);
            if (!(d > 0) || !Double.isFinite(d)) {
                return false;
            }
            scale[i] = 1 / Math.sqrt(d);
        }
        double logDiag = 0;
        for (int i = 0; i < 4; i++) {
            logDiag += Math.log(s.get(i, i));
            for (int j = 0; j < 4; j++) {
                tmp.set(i, j, s.get(i, j) * scale[i] * scale[j]);
            }
        }
        double det = CommonOps_DDF4.det(tmp);
        if (!(det > 0) || !CommonOps_DDF4.invert(tmp, sInv)) {
            return false;
        }
        logDetS = logDiag + Math.log(det);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                sInv.set(i, j, sInv.get(i, j) * scale[i] * scale[j]);
            }
        }
        return true;
    }

    private static void zeroVelocityColumns(DMatrix4x4 m) {
        m.a13 = 0;
        m.a14 = 0;
        m.a23 = 0;
        m.a24 = 0;
        m.a33 = 0;
        m.a34 = 0;
        m.a43 = 0;
        m.a44 = 0;
    }

    private static void symmetrize(DMatrix4x4 p) {
        for (int i = 0; i < 4; i++) {
            for (int j = i + 1; j < 4; j++) {
                double v = 0.5 * (p.get(i, j) + p.get(j, i));
                p.set(i, j, v);
                p.set(j, i, v);
            }
        }
    }

    /**
     * One estimate as the filter reads it: {@code z} and {@code R} in (x, y, vx, vy) order; for a position-only
     * estimate the velocity entries of z are unused and R's velocity block is the identity (no cross terms).
     */
    static final class Measurement {
        final DMatrix4 z = new DMatrix4();
        final DMatrix4x4 r = new DMatrix4x4();
        boolean positionOnly;
        /** Index of the estimate in its CPI's {@code estimate} record. */
        int index;
        /** Scratch of the positive-definiteness check. */
        final DMatrix4x4 check = new DMatrix4x4();
    }
}
