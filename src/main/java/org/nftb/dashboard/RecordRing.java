package org.nftb.dashboard;

import java.io.OutputStream;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * The records on their way to the browsers: a bounded ring of serialized records (the JSON lines, byte for byte),
 * written by the pipeline's sink thread and read by the dashboard's push thread. The writer never waits and never
 * allocates once slots have grown to the record size; a reader that falls a whole ring behind loses the oldest
 * records, which it sees (and counts) as missing.
 *
 * <p>Each slot is a sequence lock: the writer marks it busy (stamp −1), copies the bytes, then stamps it with the
 * record's sequence; a reader checks the stamp before and after copying and discards a copy the writer overtook.
 *
 * <p>Threading: one writer at a time (the {@link org.nftb.output.RecordSink} contract); any number of readers.
 */
final class RecordRing {
    private static final class Slot {
        volatile long stamp = -1;
        byte[] bytes = new byte[2048];
        int length;
        double timeMs;
    }

    private final Slot[] slots;
    private final int mask;
    private final WallClock clock;
    private volatile long head;            // records published; the next one gets this sequence
    private Slot writing;                   // writer side only

    /**
     * @param capacity power of two
     * @param clock    stamps each record with the wall-clock time it was published
     */
    RecordRing(int capacity, WallClock clock) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two, got " + capacity);
        }
        this.slots = new Slot[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new Slot();
        }
        this.mask = capacity - 1;
        this.clock = clock;
    }

    int capacity() {
        return slots.length;
    }

    /** Records published so far (= the sequence the next record will carry). */
    long head() {
        return head;
    }

    /** An output stream whose bytes, up to each {@code flush()}, become one record. */
    OutputStream writer() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                append(b, off, len);
            }

            @Override
            public void flush() {
                publish();
            }
        };
    }

    private void append(byte[] b, int off, int len) {
        Slot s = writing;
        if (s == null) {
            s = slots[(int) (head & mask)];
            s.stamp = -1;
            VarHandle.storeStoreFence();   // the busy mark is visible before any byte changes
            s.length = 0;
            writing = s;
        }
        if (s.length + len > s.bytes.length) {
            byte[] grown = new byte[Math.max(2 * s.bytes.length, s.length + len)];
            System.arraycopy(s.bytes, 0, grown, 0, s.length);
            s.bytes = grown;
        }
        System.arraycopy(b, off, s.bytes, s.length, len);
        s.length += len;
    }

    private void publish() {
        Slot s = writing;
        if (s == null) {
            return;
        }
        long seq = head;
        s.timeMs = clock.nowMs();
        s.stamp = seq;
        writing = null;
        head = seq + 1;
    }

    /** A reader's copy of one record. */
    static final class Copy {
        byte[] bytes = new byte[2048];
        int length;
        double timeMs;

        /** The record without its line end. */
        String text() {
            int n = length;
            while (n > 0 && (bytes[n - 1] == '\n' || bytes[n - 1] == '\r')) {
                n--;
            }
            return new String(bytes, 0, n, StandardCharsets.UTF_8);
        }
    }

    /**
     * Copies record {@code seq} into {@code out}; false when it is no longer (or not yet) in the ring.
     */
    boolean read(long seq, Copy out) {
        Slot s = slots[(int) (seq & mask)];
        if (s.stamp != seq) {
            return false;
        }
        byte[] bytes = s.bytes;
        int length = Math.min(s.length, bytes.length);
        double time = s.timeMs;
        if (out.bytes.length < length) {
            out.bytes = new byte[Math.max(length, 2 * out.bytes.length)];
        }
        System.arraycopy(bytes, 0, out.bytes, 0, length);
        VarHandle.acquireFence();           // the copy happens before the second look at the stamp
        if (s.stamp != seq) {
            return false;
        }
        out.length = length;
        out.timeMs = time;
        return true;
    }
}
