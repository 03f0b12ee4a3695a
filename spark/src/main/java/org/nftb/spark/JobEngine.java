package org.nftb.spark;

import org.nftb.jobs.ReprocessJob;
import org.nftb.montecarlo.Results;
import org.nftb.montecarlo.Trial;
import org.nftb.sigmf.CaptureException;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Where {@code nftb study} and {@code nftb reprocess} run: threads in this process ({@link InProcessEngine}) or a
 * Spark cluster ({@link SparkEngine}). The jobs (a {@link Trial}, a {@link ReprocessJob}) are values built once
 * and do not know the engine; the engines decide only where each (point, trial) or CPI range is computed.
 */
public interface JobEngine extends AutoCloseable {

    /** One line: which engine, where, how many cores. */
    String describe();

    /** Every trial of {@code trial} over points × trials, seeded by (seed, point, trial). */
    default Results study(Trial<?> trial, int points, int trials, long seed) {
        return study(trial, points, trials, seed, done -> { });
    }

    /** {@link #study(Trial, int, int, long)}, telling {@code progress} how many trials are done as they finish. */
    Results study(Trial<?> trial, int points, int trials, long seed, LongConsumer progress);

    /**
     * CPIs per capture, or the error that makes a capture unreadable (then the count is -1): index i of the
     * result belongs to {@code captures[i]}.
     */
    List<RangeOutcome> count(ReprocessJob job, List<String> captures);

    /** Runs {@code work} over every range, each writing its part into {@code outDir}; outcomes in range order. */
    default List<RangeOutcome> reprocess(ReprocessJob job, List<CpiRange> ranges, Path outDir,
                                         CpiRows.RangeWork work) {
        return reprocess(job, ranges, outDir, work, done -> { });
    }

    /** {@link #reprocess(ReprocessJob, List, Path, CpiRows.RangeWork)}, telling {@code progress} the ranges done. */
    List<RangeOutcome> reprocess(ReprocessJob job, List<CpiRange> ranges, Path outDir, CpiRows.RangeWork work,
                                 LongConsumer progress);

    @Override
    void close();

    /** Counts one capture (the part every engine shares). */
    static RangeOutcome countOne(ReprocessJob job, int index, String capture) {
        try {
            long n = job.cpiCount(Path.of(capture));
            return new RangeOutcome(new CpiRange(index, capture, 0, n), 0, 0, null);
        } catch (CaptureException | UncheckedIOException e) {
            return new RangeOutcome(new CpiRange(index, capture, 0, 0), 0, 0, e.getMessage());
        }
    }
}
