package org.nftb.stream;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Waits on a condition variable: lowest CPU use, a few microseconds of wake-up latency. */
public final class BlockingWaitStrategy implements WaitStrategy {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition published = lock.newCondition();

    @Override
    public long waitFor(long sequence, AtomicLong cursor, long timeoutNanos) throws InterruptedException {
        long seen = cursor.get();
        if (seen >= sequence) {
            return seen;
        }
        long remaining = timeoutNanos;
        lock.lock();
        try {
            while ((seen = cursor.get()) < sequence && remaining > 0) {
                remaining = published.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
        return seen;
    }

    @Override
    public void signalAll() {
        lock.lock();
        try {
            published.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "blocking";
    }
}
