package org.nftb.calibration.table;

import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongUnaryOperator;

/**
 * The calibration table in force, versioned, swappable while streaming. A new table ({@link #offer}) — from a
 * drift watch, or a re-reference after a retune — takes effect at the next CPI boundary: the producer calls
 * {@link #atCpiBoundary()} as it begins each CPI, so no CPI mixes two tables, and every CPI records the version
 * it was calibrated with ({@link org.nftb.stream.CpiFrame#calibrationVersion()}). Version 1 is the table the run
 * started with. Thread-safe: any thread may offer; one producer thread applies.
 *
 * <p><b>Recorded and replayed.</b> A listener ({@link #setOnApplied}) is told, on the producer thread, of every
 * table as it takes effect and the stream sample where it does (the first sample of that CPI): a recording notes it
 * in the capture. A replay ({@link #replay}) applies the recorded tables at the recorded samples instead of what is
 * offered, so it reproduces the live run's CPIs bit for bit whenever the live swap happened; tables offered during
 * a replay (a drift watch, a start check) are kept in the history but never applied.
 */
public final class CalibrationState {
    /** Told of each table as it takes effect (producer thread: must not block). */
    public interface Applied {
        void applied(Versioned table, long firstSampleIndex);
    }

    /** A table that took effect at stream sample {@code fromSampleIndex}, as a capture records it. */
    public record Change(long version, CalibrationTable table, long fromSampleIndex) {
    }

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
    private volatile Applied onApplied;
    private long lastVersion;
    private Versioned[] schedule;          // replay: versions in force from schedulesFrom[i] (recorded sample index)
    private long[] scheduleFrom;
    private LongUnaryOperator recordedIndex;

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
        if (schedule != null) {
            LoggerFactory.getLogger(CalibrationState.class).info("replay: table {} from {} is not applied; the "
                    + "calibration versions recorded in the capture are", version, next.source());
            return version;
        }
        pending.set(new Versioned(version, new CalibrationApplier(next)));
        return version;
    }

    /** {@link #atCpiBoundary(long)} for callers that are not a stream (studies, tests): no listener is told. */
    public Versioned atCpiBoundary() {
        Versioned p = pending.getAndSet(null);
        if (p != null) {
            current = p;
        }
        return current;
    }

    /**
     * Producer: applies a pending table, if any (in a replay: the recorded table in force at this sample), and
     * returns the one in force for the CPI that begins now, at stream sample {@code firstSampleIndex}. Allocates
     * nothing.
     */
    public Versioned atCpiBoundary(long firstSampleIndex) {
        Versioned before = current;
        if (schedule != null) {
            long at = recordedIndex.applyAsLong(firstSampleIndex);
            int i = schedule.length - 1;
            while (i > 0 && scheduleFrom[i] > at) {
                i--;
            }
            current = schedule[i];
        } else {
            atCpiBoundary();
        }
        Applied l = onApplied;
        if (current != before && l != null) {
            l.applied(current, firstSampleIndex);
        }
        return current;
    }

    /** Sets who is told of each table as it takes effect (null: nobody). */
    public void setOnApplied(Applied listener) {
        this.onApplied = listener;
    }

    /**
     * Replays recorded changes: from now on the table for a CPI is the one recorded in force at its first sample —
     * the initial table (version 1) before the first change — whatever is offered. Call before the stream starts.
     *
     * @param changes       the recorded changes, in sample order
     * @param recordedIndex maps a stream sample index of the replay to the recorded one (a loop's later passes)
     * @throws CalibrationException when a table does not fit the array
     */
    public synchronized void replay(List<Change> changes, LongUnaryOperator recordedIndex) {
        Versioned[] s = new Versioned[changes.size() + 1];
        long[] from = new long[s.length];
        s[0] = new Versioned(1, new CalibrationApplier(history.get(1L)));
        from[0] = Long.MIN_VALUE;
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            if (c.table().elements() != elements) {
                throw new CalibrationException(c.table().source() + ": recorded table version " + c.version()
                        + " has " + c.table().elements() + " elements, the array has " + elements);
            }
            history.put(c.version(), c.table());
            lastVersion = Math.max(lastVersion, c.version());
            s[i + 1] = new Versioned(c.version(), new CalibrationApplier(c.table()));
            from[i + 1] = c.fromSampleIndex();
        }
        this.recordedIndex = recordedIndex;
        this.scheduleFrom = from;
        this.schedule = s;
        pending.set(null);
        current = s[0];
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
