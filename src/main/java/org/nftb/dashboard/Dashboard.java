package org.nftb.dashboard;

import org.nftb.calibration.table.CalibrationState;
import org.nftb.config.RunConfig;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.output.ControlRecord;
import org.nftb.output.RecordSink;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * The live dashboard of a run: a web page served by the controller that shows the scene (array, estimated and true
 * tracks, covariance ellipses, velocity arrows), the estimated parameters against the truth with a ±√CRB band,
 * the angle–Doppler map of a recent CPI, the calibration in force and the health of the stream.
 *
 * <p>Wiring: {@link #sink()} is one more {@link RecordSink} (fan it out next to the JSON lines); {@link #watch}
 * lets the estimators hand a map to the page a few times per second. Nothing here ever makes the pipeline wait:
 * records go into a bounded ring and a separate thread pushes them to each browser at its own pace
 * ({@link Broadcaster}).
 */
public final class Dashboard implements AutoCloseable {
    /** Records kept for browsers (shared by all): a power of two. */
    static final int RING_RECORDS = 2048;
    /** Most records one browser may lag behind before it loses the oldest. */
    static final int MAX_BACKLOG = 1024;
    /** Records a browser receives from before it connected (the plots' recent past). */
    static final int HISTORY = 600;

    private final WallClock clock = new WallClock();
    private final AngleDopplerView map;
    private final Broadcaster broadcaster;
    private final DashboardSink sink;
    private final DashboardServer server;

    private Dashboard(DashboardConfig config, RunConfig run, CalibrationState calibration, Controls controls)
            throws IOException {
        RecordRing ring = new RecordRing(RING_RECORDS, clock);
        this.map = new AngleDopplerView(config.mapsPerSecond(), clock);
        this.broadcaster = new Broadcaster(ring, map, clock, config.updatesPerSecond(), MAX_BACKLOG, HISTORY);
        broadcaster.scene(SceneInfo.scene(run));
        this.sink = new DashboardSink(ring, broadcaster, calibration);
        this.server = new DashboardServer(config, broadcaster, controls);
        broadcaster.startThread();
    }

    /**
     * Starts serving.
     *
     * @throws IOException when the address or port cannot be bound
     */
    public static Dashboard start(DashboardConfig config, RunConfig run, CalibrationState calibration)
            throws IOException {
        return new Dashboard(config, run, calibration, null);
    }

    /**
     * Starts serving a dashboard that can act on the run through {@code controls} ({@code --dashboard-controls}):
     * the configuration must carry an access token (required for controls, even on loopback).
     */
    public static Dashboard start(DashboardConfig config, RunConfig run, CalibrationState calibration,
                                  Controls controls) throws IOException {
        if (controls != null && config.token() == null) {
            throw new IllegalArgumentException("dashboard controls need an access token");
        }
        return new Dashboard(config, run, calibration, controls);
    }

    /**
     * Where the dashboard writes its {@code control} records (the run's sinks, one thread at a time: the caller
     * serializes with the pipeline); control requests are refused until this is set.
     */
    public void controlRecords(Consumer<ControlRecord> sink) {
        server.controlRecords(sink);
    }

    /** The records' way in (called by the pipeline's emitter, like every sink). */
    public RecordSink sink() {
        return sink;
    }

    /** {@code setup} with its estimators showing their map (if they have one) to the page. */
    public EstimatorSetup watch(EstimatorSetup setup) {
        return new WatchedSetup(setup, map);
    }

    /** The address to open, with the token when one is needed. */
    public String url() {
        return server.url();
    }

    public int port() {
        return server.port();
    }

    /** Browsers connected now. */
    public int clients() {
        return broadcaster.clientCount();
    }

    /** Records dropped for browsers that fell behind, summed over browsers. */
    public long recordsDroppedForBrowsers() {
        return broadcaster.totalDropped();
    }

    /** Pushes what is left to the browsers (briefly), then stops serving. */
    @Override
    public void close() {
        broadcaster.close();
        server.close();
    }
}
