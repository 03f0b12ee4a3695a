package org.nftb.calibration;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The calibration table in force, versioned, swappable while streaming. A new table ({@link #offer}) — from a
 * drift watch, or a re-reference after a retune — takes effect at the next CPI boundary: the producer calls
 * {@link #atCpiBoundary()} as it begins each CPI, so no CPI mixes two tables, and every CPI records the version
 * it was calibrated with ({@link org.nftb.stream.CpiFrame#calibrationVersion()}). Version 1 is the table the run
 * started with. Thread-safe: any thread may offer; one producer thread applies.
 */
public final class CalibrationState {
    /** A table with its version and its precomputed inverse. */
    public record Versioned(long version, CalibrationApplier applier) {
        public CalibrationTable table() {
            return applier.table();
        }
    }

    private final int elements;
    private final AtomicReference<Versioned> pending = new AtomicReference<>();
    private final Map<Long, CalibrationTable> history = new ConcurrentHashMap<>();
    private volatile Versioned current;
    private long lastVersion;

    public CalibrationState(CalibrationTable initial) {
        this.elements = initial.elements();
        this.current = new Versioned(1, new CalibrationApplier(initial));
        this.lastVersion = 1;
        history.put(1L, initial);
    }

    /**
     * Offers a new table; returns the version it will carry. It replaces the one in force at the next CPI
     * boundary (a table offered before an earlier offer took effect supersedes it).
     *
     * @throws CalibrationException when its element count is not the array's
     */
    public synchronized long offer(CalibrationTable next) {
        if (next.elements() != elements) {
            throw new CalibrationException(next.source() + ": table has " + next.elements() + " elements, the array "
                    + "in use has " + elements + "; not applied");
        }
        long version = ++lastVersion;
        history.put(version, next);
        pending.set(new Versioned(version, new CalibrationApplier(next)));
        return version;
    }

    /** Producer: applies a pending table, if any, and returns the one in force for the CPI that begins now. */
    public Versioned atCpiBoundary() {
        Versioned p = pending.getAndSet(null);
        if (p != null) {
            current = p;
        }
        return current;
    }

    /** The table in force (as last applied by the producer). */
    public Versioned current() {
        return current;
    }

    /** The table that carried {@code version}, or null if no such version was offered. */
    public CalibrationTable table(long version) {
        return history.get(version);
    }

    public int elements() {
        return elements;
    }
}
