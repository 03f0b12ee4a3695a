package org.nftb.testing;

import com.sun.management.ThreadMXBean;

import java.lang.management.ManagementFactory;

/**
 * Bytes the calling thread allocates while running an action, from the JVM's per-thread allocation counter
 * ({@link ThreadMXBean#getCurrentThreadAllocatedBytes()}, HotSpot's extension of the platform bean), for "no
 * allocation per CPI" promises.
 */
public final class Allocations {
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocations() {
    }

    /** Whether this JVM counts allocation per thread (HotSpot does; a test should fail, not pass, without it). */
    public static boolean supported() {
        return THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled();
    }

    /** Bytes allocated by this thread while {@code action} ran {@code times} times. */
    public static long during(int times, Runnable action) {
        if (!supported()) {
            throw new IllegalStateException("this JVM does not count allocated bytes per thread");
        }
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < times; i++) {
            action.run();
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
