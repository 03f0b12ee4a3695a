package org.nftb.device.uhd;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

/**
 * Stream faults are data: counts per kind (an RX status, a TX event), each logged with the device and channels at
 * its first occurrence and then at powers of two (1, 2, 4, 8 …), so a fault storm costs a handful of log lines.
 *
 * <p>Threading: {@link #count} is called by the stream's own thread (RX statuses: the receiving thread; TX
 * events: the transmitting thread); {@link #get} is read from any thread (health records, tests), so the counts
 * are an {@link AtomicLongArray}.
 *
 * @param <E> the kinds counted
 */
final class UhdFaultCounter<E extends Enum<E>> {
    private static final Logger LOG = LoggerFactory.getLogger(UhdRadio.class);   // one logger for the radio

    private final AtomicLongArray counts;
    private final Level[] levels;
    private final String[] details;

    /**
     * @param kinds  every kind, in ordinal order ({@code E.values()})
     * @param level  log level of a kind, or null for a kind that is counted but not logged
     * @param detail text naming the kind, the device and the channels, e.g. "overflow on addr=… channels [0]"
     */
    UhdFaultCounter(E[] kinds, Function<E, Level> level, Function<E, String> detail) {
        counts = new AtomicLongArray(kinds.length);
        levels = new Level[kinds.length];
        details = new String[kinds.length];
        for (E k : kinds) {
            levels[k.ordinal()] = level.apply(k);
            details[k.ordinal()] = detail.apply(k);
        }
    }

    /** Counts one occurrence of {@code kind}, logging it when the count is a power of two; allocates nothing. */
    void count(E kind) {
        int i = kind.ordinal();
        long n = counts.incrementAndGet(i);
        if (levels[i] != null && Long.bitCount(n) == 1) {
            LOG.atLevel(levels[i]).log("uhd: {} (occurrence {})", details[i], n);
        }
    }

    /** Occurrences of {@code kind} so far. */
    long get(E kind) {
        return counts.get(kind.ordinal());
    }

    /** The text naming {@code kind} on this device (see the constructor). */
    String detail(E kind) {
        return details[kind.ordinal()];
    }
}
