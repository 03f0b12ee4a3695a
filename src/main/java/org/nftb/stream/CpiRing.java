package org.nftb.stream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounded, preallocated ring of {@link CpiFrame} slots (a power of two) between one producer (the radio thread)
 * and several consumers (the processing workers).
 *
 * <p>Producer: {@link #tryClaim()} (live: never waits; null when every slot is in use, and the caller drops the
 * whole CPI and counts it) or {@link #claim(long)} (lossless: waits for a free slot) → fill → {@link #publish()}.
 * Consumers: {@link #take(long)} hands each published sequence to exactly one consumer; {@link #frame(long)} is
 * its slot. Slots return to the producer through {@link #release(long)}, which must be called in sequence order
 * (the pipeline's in-order emitter does), so a slot is never overwritten while an earlier CPI is still being
 * written out. Nothing allocates after construction.
 */
public final class CpiRing {
    private final CpiFrame[] slots;
    private final int mask;
    private final WaitStrategy waitStrategy;
    private final AtomicLong published = new AtomicLong(-1);
    private final AtomicLong released = new AtomicLong(-1);
    private final AtomicLong nextTake = new AtomicLong(0);
    private long claimed = -1;     // producer-local

    public CpiRing(int slotCount, CpiLayout layout, WaitStrategy waitStrategy) {
        if (slotCount < 2 || Integer.bitCount(slotCount) != 1) {
            throw new IllegalArgumentException("ring slots must be a power of two >= 2, got " + slotCount);
        }
        this.slots = new CpiFrame[slotCount];
        for (int i = 0; i < slotCount; i++) {
            slots[i] = new CpiFrame(layout);
        }
        this.mask = slotCount - 1;
        this.waitStrategy = waitStrategy;
    }

    public int capacity() {
        return slots.length;
    }

    /** Producer: the next free slot, or null when the consumers have fallen a full ring behind. */
    public CpiFrame tryClaim() {
        if (claimed != published.get()) {
            throw new IllegalStateException("claim before publishing the previous slot");
        }
        long next = claimed + 1;
        if (next - released.get() > slots.length) {
            return null;
        }
        claimed = next;
        return slots[(int) (next & mask)];
    }

    /**
     * Producer, lossless mode: the next free slot, waiting up to {@code timeoutNanos} for the consumers to free one;
     * null on timeout (the caller re-checks whether it should stop, then claims again).
     */
    public CpiFrame claim(long timeoutNanos) throws InterruptedException {
        CpiFrame slot = tryClaim();
        if (slot != null) {
            return slot;
        }
        long needed = claimed + 1 - slots.length;
        if (waitStrategy.waitFor(needed, released, timeoutNanos) < needed) {
            return null;
        }
        return tryClaim();
    }

    /** Producer: makes the claimed slot visible to the consumers. */
    public void publish() {
        published.set(claimed);
        waitStrategy.signalAll();
    }

    /** Producer: gives a claimed slot back unpublished (the CPI was abandoned). */
    public void abandon() {
        claimed = published.get();
    }

    /**
     * Consumer: claims the next published sequence for this consumer, or returns -1 after {@code timeoutNanos}.
     * Each sequence goes to exactly one consumer; its frame ({@link #frame(long)}) stays valid until released.
     */
    public long take(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            long next = nextTake.get();
            if (published.get() >= next) {
                if (nextTake.compareAndSet(next, next + 1)) {
                    return next;
                }
                continue;   // another consumer took it: try the one after
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0 || waitStrategy.waitFor(next, published, remaining) < next) {
                return -1;
            }
        }
    }

    /** The slot of a taken sequence. */
    public CpiFrame frame(long sequence) {
        return slots[(int) (sequence & mask)];
    }

    /**
     * Returns the slot of {@code sequence} to the producer. Must be called once per taken sequence, in sequence
     * order.
     */
    public void release(long sequence) {
        long expected = released.get() + 1;
        if (sequence != expected) {
            throw new IllegalStateException("release out of order: " + sequence + ", expected " + expected);
        }
        released.set(sequence);
        waitStrategy.signalAll();
    }

    /** Sequences published so far (the last one's index plus one). */
    public long publishedCount() {
        return published.get() + 1;
    }

    /** Sequences released so far. */
    public long releasedCount() {
        return released.get() + 1;
    }
}
