package org.nftb.stream;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** Spins briefly, then yields, then parks 50 µs at a time: lower latency than blocking, more CPU. */
public final class ParkingWaitStrategy implements WaitStrategy {
    private static final int SPINS = 100;
    private static final int YIELDS = 100;
    private static final long PARK_NANOS = 50_000;

    @Override
    public long waitFor(long sequence, AtomicLong cursor, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        int tries = 0;
        long seen;
        while ((seen = cursor.get()) < sequence) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (System.nanoTime() >= deadline) {
                return seen;
            }
            if (tries < SPINS) {
                Thread.onSpinWait();
            } else if (tries < SPINS + YIELDS) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(PARK_NANOS);
            }
            tries++;
        }
        return seen;
    }

    @Override
    public void signalAll() {
        // parked waiters wake on their own within PARK_NANOS
    }

    @Override
    public String toString() {
        return "parking";
    }
}
