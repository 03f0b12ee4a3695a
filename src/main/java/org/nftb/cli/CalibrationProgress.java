package org.nftb.cli;

import org.nftb.benchkit.ProgressReport;
import org.nftb.calibration.Progress;

/**
 * A calibration's progress ({@link Progress}: a step, its units done and total) as {@link ProgressReport}s: one bar
 * with an ETA per step (a pilot, an SNR probe, a code period), closed when the step completes or the next begins.
 */
final class CalibrationProgress implements Progress, AutoCloseable {
    private ProgressReport current;
    private String step;

    @Override
    public synchronized void update(String what, long done, long total) {
        if (current == null || !what.equals(step)) {
            close();
            step = what;
            current = ProgressReport.start(what, Math.max(1, total), "CPIs");
        }
        current.accept(done);
        if (done >= total) {
            close();
        }
    }

    @Override
    public synchronized void close() {
        if (current != null) {
            current.close();
            current = null;
            step = null;
        }
    }
}
