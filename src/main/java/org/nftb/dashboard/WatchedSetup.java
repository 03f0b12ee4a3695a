package org.nftb.dashboard;

import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.Estimator;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.estimator.MapViewer;
import org.nftb.estimator.TransmitPlan;
import org.nftb.frontend.FrontEnd;

import java.util.List;

/**
 * An estimator set-up whose estimators show their map to the dashboard: each {@link #newEstimator()} that offers
 * one ({@link MapViewer.Source}) gets the viewer attached; everything else is the wrapped set-up's. For a live
 * run only: the viewer is not part of the serialized form (a set-up shipped elsewhere is the plain one).
 */
final class WatchedSetup implements EstimatorSetup {
    private static final long serialVersionUID = 1L;

    private final EstimatorSetup inner;
    private final transient MapViewer viewer;

    WatchedSetup(EstimatorSetup inner, MapViewer viewer) {
        this.inner = inner;
        this.viewer = viewer;
    }

    @Override
    public String type() {
        return inner.type();
    }

    @Override
    public FrontEnd newFrontEnd() {
        return inner.newFrontEnd();
    }

    @Override
    public Estimator newEstimator() {
        Estimator e = inner.newEstimator();
        if (viewer != null && e instanceof MapViewer.Source source) {
            source.attachMapViewer(viewer);
        }
        return e;
    }

    /** The watched estimator transmits what the estimator would (seed 000's MIMO waveform, seed 003's block). */
    @Override
    public TransmitPlan transmitPlan() {
        return inner.transmitPlan();
    }

    @Override
    public int maxTargets() {
        return inner.maxTargets();
    }

    @Override
    public List<String> diagnosticNames() {
        return inner.diagnosticNames();
    }

    @Override
    public boolean estimatesVelocity() {
        return inner.estimatesVelocity();
    }

    @Override
    public EstimateFrame newFrame() {
        return inner.newFrame();
    }

    private Object writeReplace() {
        return inner;
    }
}
