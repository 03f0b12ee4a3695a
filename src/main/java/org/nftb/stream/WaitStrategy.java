package org.nftb.stream;

import java.util.concurrent.atomic.AtomicLong;

/** How the consumer of a {@link CpiRing} waits for the producer. Swappable, as in the LMAX Disruptor. */
public interface WaitStrategy {

    /**
     * Waits until {@code cursor.get() >= sequence} or the timeout passes.
     *
     * @return the cursor value last seen (less than {@code sequence} on timeout)
     */
    long waitFor(long sequence, AtomicLong cursor, long timeoutNanos) throws InterruptedException;

    /** Called by the producer after it publishes. */
    void signalAll();
}
