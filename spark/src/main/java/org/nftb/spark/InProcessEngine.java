package org.nftb.spark;

import org.nftb.jobs.ReprocessJob;
import org.nftb.montecarlo.MonteCarloRunner;
import org.nftb.montecarlo.Results;
import org.nftb.montecarlo.Trial;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/** The default engine: {@link MonteCarloRunner}'s threads for studies, a thread per core for capture ranges. */
public final class InProcessEngine implements JobEngine {
    private final int threads;

    public InProcessEngine(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    @Override
    public String describe() {
        return "in-process, " + threads + " thread(s)";
    }

    @Override
    public Results study(Trial<?> trial, int points, int trials, long seed, LongConsumer progress) {
        try {
            return new MonteCarloRunner(threads).run(trial, points, trials, seed, progress);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("study interrupted", e);
        }
    }

    @Override
    public List<RangeOutcome> count(ReprocessJob job, List<String> captures) {
        List<RangeOutcome> out = new ArrayList<>();
        for (int i = 0; i < captures.size(); i++) {
            out.add(JobEngine.countOne(job, i, captures.get(i)));
        }
        return out;
    }

    @Override
    public List<RangeOutcome> reprocess(ReprocessJob job, List<CpiRange> ranges, Path outDir, CpiRows.RangeWork work,
                                        LongConsumer progress) {
        AtomicLong finished = new AtomicLong();
        ParquetTable table = CpiRows.table(job);
        RangeOutcome[] out = new RangeOutcome[ranges.size()];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                parts.add(pool.submit(() -> {
                    ReprocessJob.Worker worker = job.newWorker();
                    int i;
                    while ((i = next.getAndIncrement()) < out.length) {
                        out[i] = work.run(worker, table, ranges.get(i), outDir);
                        progress.accept(finished.incrementAndGet());
                    }
                    return null;
                }));
            }
            for (Future<?> f : parts) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("re-processing interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        return List.of(out);
    }

    @Override
    public void close() {
    }
}
