package org.nftb.dashboard;

import org.nftb.calibration.table.CalibrationState;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.output.ControlRecord;
import org.nftb.output.EstimateRecord;
import org.nftb.output.HealthSnapshot;
import org.nftb.output.JsonLinesSink;
import org.nftb.output.RecordSink;
import org.nftb.output.RunSummary;
import org.nftb.sequential.StageRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard as a {@link RecordSink}: every record is serialized by a {@link JsonLinesSink} into the
 * {@link RecordRing}, so browsers receive the same bytes as the JSON-lines output. Runs on the pipeline's emitter
 * thread: it copies bytes into a preallocated slot, unparks the push thread and returns; it never waits for a
 * browser. When a calibration table takes effect it also hands the table's weights (from the
 * {@link CalibrationState}) to the push thread.
 *
 * <p>A defect here must not end a run whose JSON lines are fine: the first failure is logged, and the sink stops
 * feeding the dashboard.
 */
final class DashboardSink implements RecordSink {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardSink.class);

    private final RecordRing ring;
    private final JsonLinesSink json;
    private final Broadcaster broadcaster;
    private final CalibrationState calibration;
    private final RecordRing.Copy copy = new RecordRing.Copy();
    private boolean failed;

    DashboardSink(RecordRing ring, Broadcaster broadcaster, CalibrationState calibration) {
        this.ring = ring;
        this.json = new JsonLinesSink(ring.writer(), "dashboard", false);
        this.broadcaster = broadcaster;
        this.calibration = calibration;
    }

    @Override
    public void start(RunInfo info) {
        guarded(() -> {
            json.start(info);
            if (ring.read(ring.head() - 1, copy)) {
                broadcaster.start(copy.text());
            }
            broadcaster.calibration(1, SceneInfo.calibration(1, 0, calibration.table(1)));
        });
    }

    @Override
    public void estimate(EstimateRecord record) {
        if (failed) {
            return;
        }
        try {
            json.estimate(record);              // the per-CPI path: no lambda, nothing allocated
            broadcaster.wake();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public void calibration(long sequence, long version, String table) {
        guarded(() -> {
            json.calibration(sequence, version, table);
            CalibrationTable t = calibration.table(version);
            if (t != null) {
                broadcaster.calibration(version, SceneInfo.calibration(version, sequence, t));
            }
        });
    }

    @Override
    public void stage(long sequence, long stateTimeNanos, StageRecord record) {
        if (failed) {
            return;
        }
        try {
            json.stage(sequence, stateTimeNanos, record);
            broadcaster.wake();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public void health(HealthSnapshot health) {
        guarded(() -> json.health(health));
    }

    @Override
    public void fault(long sequence, String what, String where) {
        guarded(() -> json.fault(sequence, what, where));
    }

    @Override
    public void summary(RunSummary summary) {
        guarded(() -> json.summary(summary));
    }

    @Override
    public void control(ControlRecord control) {
        guarded(() -> json.control(control));
    }

    @Override
    public long recordsWritten() {
        return json.recordsWritten();
    }

    @Override
    public void close() {
        json.close();
    }

    /** For the rare records (start, calibration, health once a second, faults). */
    private void guarded(Runnable write) {
        if (failed) {
            return;
        }
        try {
            write.run();
            broadcaster.wake();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void fail(RuntimeException e) {
        failed = true;
        LOG.error("dashboard: stopped receiving records after an internal error (the JSON-lines output is not "
                + "affected): {}", e.toString(), e);
    }
}
