package org.nftb.estimate;

import org.nftb.model.PolarState;
import org.nftb.model.TargetState;

/**
 * One CPI's estimate of a target: the four polar parameters of seed 001 (θ, r, v_r, v_θ), the Cartesian position
 * and velocity they imply, the coarse (DFT-stage) values, and diagnostics. Caller-owned and reused (no allocation
 * per CPI); not thread-safe.
 */
public final class MotionEstimate {
    private double angleRad;
    private double rangeM;
    private double radialVelocityMps;
    private double transverseVelocityMps;
    private double xM;
    private double yM;
    private double vxMps;
    private double vyMps;
    private double coarseAngleRad;
    private double coarseRangeM;
    private double coarseRadialVelocityMps;
    private double coarseTransverseVelocityMps;
    private double angleWidthRad;
    private double dopplerWidthRadPerSymbol;
    private double fit;
    private int evaluations;

    /** Sets the final polar estimate and derives the Cartesian state seen from {@code (refXM, refYM)}. */
    public void setRefined(double angleRad, double rangeM, double radialVelocityMps, double transverseVelocityMps,
                           double refXM, double refYM) {
        this.angleRad = angleRad;
        this.rangeM = rangeM;
        this.radialVelocityMps = radialVelocityMps;
        this.transverseVelocityMps = transverseVelocityMps;
        TargetState s = TargetState.fromPolar(
                new PolarState(rangeM, angleRad, radialVelocityMps, transverseVelocityMps), refXM, refYM);
        this.xM = s.xM();
        this.yM = s.yM();
        this.vxMps = s.vxMps();
        this.vyMps = s.vyMps();
    }

    /** Sets the DFT-stage estimate and the measured 3-dB widths. */
    public void setCoarse(double angleRad, double rangeM, double radialVelocityMps, double transverseVelocityMps,
                          double angleWidthRad, double dopplerWidthRadPerSymbol) {
        this.coarseAngleRad = angleRad;
        this.coarseRangeM = rangeM;
        this.coarseRadialVelocityMps = radialVelocityMps;
        this.coarseTransverseVelocityMps = transverseVelocityMps;
        this.angleWidthRad = angleWidthRad;
        this.dopplerWidthRadPerSymbol = dopplerWidthRadPerSymbol;
    }

    /** Sets diagnostics of the refinement. */
    public void setDiagnostics(double fit, int evaluations) {
        this.fit = fit;
        this.evaluations = evaluations;
    }

    public double angleRad() { return angleRad; }
    public double rangeM() { return rangeM; }
    public double radialVelocityMps() { return radialVelocityMps; }
    public double transverseVelocityMps() { return transverseVelocityMps; }
    public double xM() { return xM; }
    public double yM() { return yM; }
    public double vxMps() { return vxMps; }
    public double vyMps() { return vyMps; }
    public double coarseAngleRad() { return coarseAngleRad; }
    public double coarseRangeM() { return coarseRangeM; }
    public double coarseRadialVelocityMps() { return coarseRadialVelocityMps; }
    public double coarseTransverseVelocityMps() { return coarseTransverseVelocityMps; }
    public double angleWidthRad() { return angleWidthRad; }
    public double dopplerWidthRadPerSymbol() { return dopplerWidthRadPerSymbol; }

    /** Normalized correlation {@code |yᴴv|² / (‖y‖²‖v‖²)} at the estimate, in [0, 1]. */
    public double fit() { return fit; }

    /** Objective evaluations the refinement used. */
    public int evaluations() { return evaluations; }

    /** The refined estimate as polar parameters. */
    public PolarState refined() {
        return new PolarState(rangeM, angleRad, radialVelocityMps, transverseVelocityMps);
    }

    /** The DFT-stage estimate as polar parameters. */
    public PolarState coarse() {
        return new PolarState(coarseRangeM, coarseAngleRad, coarseRadialVelocityMps, coarseTransverseVelocityMps);
    }

    /** The refined Cartesian state. */
    public TargetState state() {
        return new TargetState(xM, yM, vxMps, vyMps);
    }
}
