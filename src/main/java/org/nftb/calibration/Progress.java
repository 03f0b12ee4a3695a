package org.nftb.calibration;

import java.io.PrintStream;
import java.util.Locale;

/** Progress of a measurement, for the operator (a bar on stderr) or nobody. */
public interface Progress {
    /** Nothing is shown. */
    Progress NONE = (what, done, total) -> {
    };

    /** {@code done} of {@code total} units of {@code what} are finished. */
    void update(String what, long done, long total);

    /** A bar redrawn in place on {@code out} at most every 200 ms, with a new line when a step completes. */
    static Progress bar(PrintStream out) {
        return new Progress() {
            private long lastNanos;
            private String lastWhat;

            @Override
            public void update(String what, long done, long total) {
                long now = System.nanoTime();
                boolean end = done >= total;
                if (!end && what.equals(lastWhat) && now - lastNanos < 200_000_000L) {
                    return;
                }
                lastNanos = now;
                lastWhat = what;
                int width = 30;
                int filled = total <= 0 ? width : (int) Math.min(width, width * done / total);
                out.printf(Locale.ROOT, "\r%-28s [%s%s] %3d%% (%d/%d)%s", what, "#".repeat(filled),
                        ".".repeat(width - filled), total <= 0 ? 100 : (int) (100 * done / total), done, total,
                        end ? "\n" : "");
                out.flush();
            }
        };
    }
}
