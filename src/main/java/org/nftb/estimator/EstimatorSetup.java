package org.nftb.estimator;

import org.nftb.frontend.FrontEnd;

import java.io.Serializable;
import java.util.List;

/**
 * What an estimator needs before its first CPI (lookup tables, precomputed steering), built once by
 * {@link EstimatorProvider#setup} and shared by every worker. A value: immutable, serializable, so that a study
 * runner can build it on one machine and ship it to others; the per-worker objects it makes are not shared.
 */
public interface EstimatorSetup extends Serializable {

    /** The estimator type, e.g. {@code dftmusic}. */
    String type();

    /** A new front end (one per worker) producing what {@link #newEstimator()} reads. */
    FrontEnd newFrontEnd();

    /** A new estimator instance (one per worker). */
    Estimator newEstimator();

    /** Most targets per CPI. */
    int maxTargets();

    /** Names (with units) of the per-target diagnostics, in {@link TargetEstimate#diagnostic(int)} order. */
    List<String> diagnosticNames();

    /**
     * What the radio must transmit every CPI for this estimator, or null (the default) when it transmits nothing
     * ({@link TransmitPlan}).
     */
    default TransmitPlan transmitPlan() {
        return null;
    }

    /**
     * Whether the estimates carry velocities ({@code radialVelocityMps}, {@code transverseVelocityMps}). A
     * position-only estimator (seed 003's static model) answers false: its velocities are written as 0 with no
     * covariance, and operator views (status line, run summary, report) leave them out instead of showing 0.
     */
    default boolean estimatesVelocity() {
        return true;
    }

    /** A frame sized for this estimator. */
    default EstimateFrame newFrame() {
        return new EstimateFrame(maxTargets(), diagnosticNames().size());
    }
}
