package org.nftb.pipeline;

import org.slf4j.Logger;

import java.util.HashMap;
import java.util.Map;

/**
 * Repeated faults are counted, not logged one line (or one stack trace) each: the first occurrence of a kind is
 * logged at WARN, later ones at most once per period with how many were suppressed; stack traces go to DEBUG.
 * Thread-safe.
 */
final class RateLimitedLog {
    private final Logger log;
    private final long periodNanos;
    private final Map<String, long[]> kinds = new HashMap<>();   // kind -> {last log time, suppressed}

    RateLimitedLog(Logger log, long periodNanos) {
        this.log = log;
        this.periodNanos = periodNanos;
    }

    synchronized void warn(String kind, String message, Throwable cause) {
        long now = System.nanoTime();
        long[] state = kinds.get(kind);
        if (state != null && now - state[0] < periodNanos) {
            state[1]++;
            return;
        }
        long suppressed = state == null ? 0 : state[1];
        kinds.put(kind, new long[] {now, 0});
        log.warn(suppressed > 0 ? message + " (and " + suppressed + " more like it since the last report)" : message);
        if (cause != null && log.isDebugEnabled()) {
            log.debug("cause of: " + message, cause);
        }
    }
}
