package org.nftb.montecarlo;

import org.nftb.dsp.Fft;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Runs a {@link Trial} over points × trials on a pool of threads in this process. Work is handed out one
 * (point, trial) at a time from a shared counter, each worker keeps one context, and every trial is seeded by
 * {@link TrialSeeds}: the results are identical for any thread count. A distributed runner runs the same
 * {@code Trial} over the same (point, trial) pairs elsewhere.
 */
public final class MonteCarloRunner {
    private final int threads;

    public MonteCarloRunner(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    /**
     * Runs every trial.
     *
     * @param progress called with the number of trials done so far (from worker threads), or null
     */
    public <C> Results run(Trial<C> trial, int points, int trials, long studySeed, LongConsumer progress)
            throws InterruptedException {
        Fft.singleThreaded();   // the runner owns the threads: no FFT may start its own
        Results results = new Results(points, trials, trial.metrics());
        long total = (long) points * trials;
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "nftb-montecarlo");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                parts.add(pool.submit(() -> {
                    C context = trial.newContext();
                    double[] out = new double[trial.metrics()];
                    long i;
                    while ((i = next.getAndIncrement()) < total) {
                        int point = (int) (i / trials);
                        int t = (int) (i % trials);
                        trial.run(context, point, t, TrialSeeds.seed(studySeed, point, t), out);
                        synchronized (results) {
                            results.put(point, t, out);
                        }
                        if (progress != null) {
                            progress.accept(i + 1);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : parts) {
                f.get();
            }
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("trial failed: " + c, c);
        } finally {
            pool.shutdownNow();
        }
        return results;
    }
}
