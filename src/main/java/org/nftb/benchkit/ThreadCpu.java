package org.nftb.benchkit;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time used by groups of this JVM's threads (by name) over an interval: a measure of work that, unlike wall-clock
 * latency, does not depend on how busy the rest of the machine is. Samples every thread's CPU time every 50 ms, so
 * threads that end within the interval (a run's workers) are counted up to their last sample.
 */
public final class ThreadCpu implements AutoCloseable {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, String> names = new HashMap<>();
    private final Map<Long, Long> first = new HashMap<>();
    private final Map<Long, Long> last = new HashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;
    private boolean started;

    public ThreadCpu() {
        sample();
        started = true;
        sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "nftb-bench-cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private synchronized void sample() {
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(t.getThreadId());
            if (cpu < 0) {
                continue;
            }
            names.put(t.getThreadId(), t.getThreadName());
            first.putIfAbsent(t.getThreadId(), started ? 0L : cpu);   // a thread born since counts from zero
            last.put(t.getThreadId(), cpu);
        }
    }

    /** CPU seconds used since construction by the threads whose names match. */
    public synchronized double seconds(Predicate<String> name) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : last.entrySet()) {
            if (name.test(names.get(e.getKey()))) {
                sum += e.getValue() - first.get(e.getKey());
            }
        }
        return sum / 1e9;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
        sample();
    }
}
