package org.nftb.output;

/**
 * Every latency of a run in logarithmic bins 1 % wide from 1 µs to 100 s (values outside go to the end bins), so
 * quantiles over the whole run cost a fixed 15 kB however long it runs; a quantile is the bin's upper edge (within
 * 1 % above the exact order statistic), the maximum is exact. Adding allocates nothing. Not thread-safe.
 */
public final class LatencyHistogram {
    private static final double MIN_NANOS = 1e3;
    private static final double GROWTH = 1.01;
    private static final double LOG_GROWTH = Math.log(GROWTH);
    private static final int BINS = (int) Math.ceil(Math.log(1e11 / MIN_NANOS) / LOG_GROWTH) + 1;
    private final long[] counts = new long[BINS];
    private long total;
    private long maxNanos;

    public void add(long nanos) {
        int bin = nanos <= MIN_NANOS ? 0 : (int) Math.min(BINS - 1, Math.ceil(Math.log(nanos / MIN_NANOS) / LOG_GROWTH));
        counts[bin]++;
        total++;
        maxNanos = Math.max(maxNanos, nanos);
    }

    public long count() {
        return total;
    }

    public long maxNanos() {
        return maxNanos;
    }

    /** The q-quantile (0..1), as the upper edge of its bin (capped at the maximum); 0 when empty. */
    public long quantile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.min(total - 1, Math.floor(q * total));
        long seen = 0;
        for (int b = 0; b < BINS; b++) {
            seen += counts[b];
            if (seen > rank) {
                return Math.min(maxNanos, Math.round(MIN_NANOS * Math.pow(GROWTH, b)));
            }
        }
        return maxNanos;
    }
}
