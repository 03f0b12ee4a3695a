package org.nftb.stream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounded, preallocated single-producer/single-consumer ring of {@link CpiFrame} slots (a power of two).
 * Producer: {@link #tryClaim()} → fill → {@link #publish()}. Consumer: {@link #take(long)} → read →
 * {@link #release()}. The producer never waits: when every slot is in use {@code tryClaim} returns null and the
 * caller drops the whole CPI (and counts it). Nothing allocates after construction.
 */
public final class CpiRing {
    private final CpiFrame[] slots;
    private final int mask;
    private final WaitStrategy waitStrategy;
    private final AtomicLong published = new AtomicLong(-1);
    private final AtomicLong released = new AtomicLong(-1);
    private long claimed = -1;     // producer-local
    private long consumed = -1;    // consumer-local: last sequence taken

    public CpiRing(int slotCount, int channels, int symbols, WaitStrategy waitStrategy) {
        if (slotCount < 2 || Integer.bitCount(slotCount) != 1) {
            throw new IllegalArgumentException("ring slots must be a power of two >= 2, got " + slotCount);
        }
        this.slots = new CpiFrame[slotCount];
        for (int i = 0; i < slotCount; i++) {
            slots[i] = new CpiFrame(channels, symbols);
        }
        this.mask = slotCount - 1;
        this.waitStrategy = waitStrategy;
    }

    public int capacity() {
        return slots.length;
    }

    /** Producer: the next free slot, or null when the consumer has fallen a full ring behind. */
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

    /** Producer: makes the claimed slot visible to the consumer. */
    public void publish() {
        published.set(claimed);
        waitStrategy.signalAll();
    }

    /** Producer: gives a claimed slot back unpublished (the CPI was abandoned). */
    public void abandon() {
        claimed = published.get();
    }

    /**
     * Consumer: the next published frame, or null after {@code timeoutNanos}. The frame stays valid until
     * {@link #release()}.
     */
    public CpiFrame take(long timeoutNanos) throws InterruptedException {
        long next = consumed + 1;
        if (waitStrategy.waitFor(next, published, timeoutNanos) < next) {
            return null;
        }
        consumed = next;
        return slots[(int) (next & mask)];
    }

    /** Consumer: returns the frame last taken to the producer. */
    public void release() {
        released.set(consumed);
    }

    /** Frames published but not yet released (an estimate when read from another thread). */
    public long backlog() {
        return published.get() - released.get();
    }
}
