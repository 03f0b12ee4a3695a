package org.nftb.dashboard;

import java.time.Instant;

/**
 * Wall-clock time in milliseconds since the Unix epoch with sub-millisecond resolution, on the same scale as a
 * browser's {@code performance.timeOrigin + performance.now()}: the page compares the time a record reached the
 * dashboard with the time it drew it. Read once from the system clock, then advanced by {@link System#nanoTime()},
 * so it never steps backwards during a run.
 */
final class WallClock {
    private final double originMs;
    private final long originNanos;

    WallClock() {
        Instant now = Instant.now();
        this.originNanos = System.nanoTime();
        this.originMs = now.getEpochSecond() * 1e3 + now.getNano() / 1e6;
    }

    double nowMs() {
        return originMs + (System.nanoTime() - originNanos) / 1e6;
    }
}
