package org.nftb.estimator;

import org.nftb.model.PolarJacobian;
import org.nftb.model.PolarState;

import java.util.Arrays;

/**
 * One target's estimate in one CPI: polar parameters seen from the array's reference point (θ, r, v_r, v_θ), the
 * Cartesian state they imply, a covariance where the estimator has one, the quality block and estimator-specific
 * diagnostics. Preallocated inside an {@link EstimateFrame} and overwritten every CPI: no allocation. Not
 * thread-safe.
 *
 * <p>Covariance: each carries the name of what it is ({@link #covarianceBound()}, e.g. the CRB of the estimator's
 * model at the estimate, or VMP's per-pair-gain fusion covariance), so that a reader knows which bound a figure is
 * against; an estimator may add a second, labelled reference bound ({@link #setReferenceCovariance}) — seed 000
 * shows both the paper's per-pair-gain bound and the single-gain bound of the data.
 *
 * <p>Quality: {@code fitAchieved} is the estimator's own goodness of fit at the estimate (for MUSIC-type metrics
 * the normalized correlation {@code |yᴴv|²/(‖y‖²‖v‖²)}), {@code fitExpected} what that fit should be at the
 * estimated SNR if the estimate were right, and {@code consistent} whether the two agree by the estimator's
 * documented rule. A target that is not consistent is never reported as a position: the pipeline turns it into a
 * fault record.
 */
public final class TargetEstimate {
    /** Parameter order of the polar covariance: θ, r, v_r, v_θ. */
    public static final String[] POLAR_ORDER = PolarState.PARAMETER_NAMES;
    /** Parameter order of the Cartesian covariance. */
    public static final String[] CARTESIAN_ORDER = {"xM", "yM", "vxMps", "vyMps"};

    private final double[] diagnostics;
    private final double[] polarCovariance = new double[16];
    private final double[] cartesianCovariance = new double[16];
    private final double[] jacobian = new double[16];
    private final double[] scratch = new double[16];
    private double angleRad;
    private double rangeM;
    private double radialVelocityMps;
    private double transverseVelocityMps;
    private double xM;
    private double yM;
    private double vxMps;
    private double vyMps;
    private final double[] referencePolar = new double[16];
    private final double[] referenceCartesian = new double[16];
    private boolean hasCovariance;
    private String covarianceBound;
    private String referenceBound;
    private double fitAchieved = Double.NaN;
    private double fitExpected = Double.NaN;
    private double snrDb = Double.NaN;
    private boolean consistent = true;

    /** @param diagnosticCount how many estimator-specific numbers each target carries */
    public TargetEstimate(int diagnosticCount) {
        this.diagnostics = new double[diagnosticCount];
    }

    /** Forgets the previous CPI's values. */
    public void clear() {
        hasCovariance = false;
        covarianceBound = null;
        referenceBound = null;
        fitAchieved = Double.NaN;
        fitExpected = Double.NaN;
        snrDb = Double.NaN;
        consistent = true;
        Arrays.fill(diagnostics, Double.NaN);
    }

    /**
     * Sets the polar estimate seen from {@code (refXM, refYM)} and derives the Cartesian state (same formulas as
     * {@link org.nftb.model.TargetState#fromPolar}, written out to allocate nothing).
     */
    public void setPolar(double angleRad, double rangeM, double radialVelocityMps, double transverseVelocityMps,
                         double refXM, double refYM) {
        this.angleRad = angleRad;
        this.rangeM = rangeM;
        this.radialVelocityMps = radialVelocityMps;
        this.transverseVelocityMps = transverseVelocityMps;
        double s = Math.sin(angleRad);
        double c = Math.cos(angleRad);
        this.xM = refXM + rangeM * s;
        this.yM = refYM + rangeM * c;
        this.vxMps = radialVelocityMps * s + transverseVelocityMps * c;
        this.vyMps = radialVelocityMps * c - transverseVelocityMps * s;
    }

    /**
     * Sets the 4×4 covariance (row-major) of (θ, r, v_r, v_θ) at the current polar estimate and derives the
     * Cartesian one, {@code Σ_xy = J Σ_polar Jᵀ} with J from {@link PolarJacobian}. Call after {@link #setPolar}.
     *
     * @param bound what the covariance is (a short name written with it, e.g. {@code crb-at-estimate})
     */
    public void setPolarCovariance(double[] covariance, String bound) {
        System.arraycopy(covariance, 0, polarCovariance, 0, 16);
        toCartesian(polarCovariance, cartesianCovariance);
        covarianceBound = bound;
        hasCovariance = true;
    }

    /**
     * A second, labelled covariance of (θ, r, v_r, v_θ) beside the estimate's own — a bound to compare against
     * (written as {@code covariance.reference}); only with a main covariance. Call after {@link #setPolar}.
     */
    public void setReferenceCovariance(double[] polar, String bound) {
        System.arraycopy(polar, 0, referencePolar, 0, 16);
        toCartesian(referencePolar, referenceCartesian);
        referenceBound = bound;
    }

    /** {@code out = J in Jᵀ} at the current polar estimate. */
    private void toCartesian(double[] in, double[] out) {
        PolarJacobian.fill(angleRad, rangeM, radialVelocityMps, transverseVelocityMps, jacobian);
        // scratch = J Σ
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double a = 0;
                for (int k = 0; k < 4; k++) {
                    a += jacobian[4 * i + k] * in[4 * k + j];
                }
                scratch[4 * i + j] = a;
            }
        }
        // Σ_xy = scratch Jᵀ
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double a = 0;
                for (int k = 0; k < 4; k++) {
                    a += scratch[4 * i + k] * jacobian[4 * j + k];
                }
                out[4 * i + j] = a;
            }
        }
    }

    /**
     * Sets only the position block of the covariance: {@code cov2} (row-major 2×2) of (θ, r); the rows and columns
     * of the velocities are left unknown (NaN, written as {@code null}), for estimators that measure position
     * only (seed 003). The Cartesian position block is {@code J_p Σ J_pᵀ} with J_p the position rows of
     * {@link PolarJacobian} (which do not involve the velocities). Call after {@link #setPolar}.
     *
     * @param bound what the covariance is (see {@link #setPolarCovariance})
     */
    public void setPositionCovariance(double[] cov2, String bound) {
        covarianceBound = bound;
        Arrays.fill(polarCovariance, Double.NaN);
        Arrays.fill(cartesianCovariance, Double.NaN);
        polarCovariance[0] = cov2[0];
        polarCovariance[1] = cov2[1];
        polarCovariance[4] = cov2[2];
        polarCovariance[5] = cov2[3];
        PolarJacobian.fill(angleRad, rangeM, 0, 0, jacobian);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double a = 0;
                for (int k = 0; k < 2; k++) {
                    for (int l = 0; l < 2; l++) {
                        a += jacobian[4 * i + k] * cov2[2 * k + l] * jacobian[4 * j + l];
                    }
                }
                cartesianCovariance[4 * i + j] = a;
            }
        }
        hasCovariance = true;
    }

    /**
     * Sets the covariance of (θ, r, v_r) (row-major 3×3) for a monostatic estimator that measures the radial velocity
     * only (seed 002's MS: one Doppler per echo): the transverse velocity's rows and columns are unknown (NaN, written
     * as {@code null}), and so are the Cartesian velocity rows (v_x, v_y need v_θ); the Cartesian position block is
     * {@code J_p Σ J_pᵀ} as in {@link #setPositionCovariance}; {@code bound} names what the covariance is (see
     * {@link #setPolarCovariance}). Call after {@link #setPolar}.
     */
    public void setRadialCovariance(double[] cov3, String bound) {
        covarianceBound = bound;
        Arrays.fill(polarCovariance, Double.NaN);
        Arrays.fill(cartesianCovariance, Double.NaN);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                polarCovariance[4 * i + j] = cov3[3 * i + j];
            }
        }
        PolarJacobian.fill(angleRad, rangeM, 0, 0, jacobian);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double a = 0;
                for (int k = 0; k < 2; k++) {
                    for (int l = 0; l < 2; l++) {
                        a += jacobian[4 * i + k] * cov3[3 * k + l] * jacobian[4 * j + l];
                    }
                }
                cartesianCovariance[4 * i + j] = a;
            }
        }
        hasCovariance = true;
    }

    /** Sets the quality block (see the class comment). */
    public void setQuality(double fitAchieved, double fitExpected, double snrDb, boolean consistent) {
        this.fitAchieved = fitAchieved;
        this.fitExpected = fitExpected;
        this.snrDb = snrDb;
        this.consistent = consistent;
    }

    /** Estimator-specific number {@code i} (names from {@link EstimatorSetup#diagnosticNames()}). */
    public void setDiagnostic(int i, double value) {
        diagnostics[i] = value;
    }

    public double angleRad() { return angleRad; }
    public double rangeM() { return rangeM; }
    public double radialVelocityMps() { return radialVelocityMps; }
    public double transverseVelocityMps() { return transverseVelocityMps; }
    public double xM() { return xM; }
    public double yM() { return yM; }
    public double vxMps() { return vxMps; }
    public double vyMps() { return vyMps; }
    public boolean hasCovariance() { return hasCovariance; }

    /** The name of what the covariance is (set with it); null without a covariance. */
    public String covarianceBound() { return hasCovariance ? covarianceBound : null; }

    /** The name of the reference covariance, or null when there is none. */
    public String referenceBound() { return hasCovariance ? referenceBound : null; }

    /** Reference polar covariance element (i, j); meaningful when {@link #referenceBound()} is not null. */
    public double referencePolarCovariance(int i, int j) { return referencePolar[4 * i + j]; }

    /** Reference Cartesian covariance element (i, j); meaningful when {@link #referenceBound()} is not null. */
    public double referenceCartesianCovariance(int i, int j) { return referenceCartesian[4 * i + j]; }

    /**
     * Polar covariance element (i, j) in {@link #POLAR_ORDER}; meaningful when {@link #hasCovariance()}; NaN for
     * an entry the estimator does not know ({@link #setPositionCovariance}).
     */
    public double polarCovariance(int i, int j) { return polarCovariance[4 * i + j]; }

    /** Cartesian covariance element (i, j) in {@link #CARTESIAN_ORDER}; meaningful when {@link #hasCovariance()}. */
    public double cartesianCovariance(int i, int j) { return cartesianCovariance[4 * i + j]; }

    public double fitAchieved() { return fitAchieved; }
    public double fitExpected() { return fitExpected; }

    /** The SNR the estimator measured for this target (per sample and element), dB; NaN when unknown. */
    public double snrDb() { return snrDb; }

    /** False when the fit achieved contradicts the fit expected: the estimate must not be reported as a position. */
    public boolean consistent() { return consistent; }

    public int diagnosticCount() { return diagnostics.length; }
    public double diagnostic(int i) { return diagnostics[i]; }

    /** Polar parameter i in (θ, r, v_r, v_θ) order. */
    public double parameter(int i) {
        return switch (i) {
            case 0 -> angleRad;
            case 1 -> rangeM;
            case 2 -> radialVelocityMps;
            case 3 -> transverseVelocityMps;
            default -> throw new IllegalArgumentException("parameter index 0..3, got " + i);
        };
    }

    /** Copies every value of {@code other} into this one (same diagnostic count). */
    public void copyFrom(TargetEstimate other) {
        angleRad = other.angleRad;
        rangeM = other.rangeM;
        radialVelocityMps = other.radialVelocityMps;
        transverseVelocityMps = other.transverseVelocityMps;
        xM = other.xM;
        yM = other.yM;
        vxMps = other.vxMps;
        vyMps = other.vyMps;
        hasCovariance = other.hasCovariance;
        covarianceBound = other.covarianceBound;
        referenceBound = other.referenceBound;
        System.arraycopy(other.polarCovariance, 0, polarCovariance, 0, 16);
        System.arraycopy(other.cartesianCovariance, 0, cartesianCovariance, 0, 16);
        System.arraycopy(other.referencePolar, 0, referencePolar, 0, 16);
        System.arraycopy(other.referenceCartesian, 0, referenceCartesian, 0, 16);
        fitAchieved = other.fitAchieved;
        fitExpected = other.fitExpected;
        snrDb = other.snrDb;
        consistent = other.consistent;
        System.arraycopy(other.diagnostics, 0, diagnostics, 0, diagnostics.length);
    }
}
