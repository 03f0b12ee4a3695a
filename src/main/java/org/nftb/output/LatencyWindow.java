package org.nftb.output;

import java.util.Arrays;

/** The last {@code capacity} latencies, preallocated; percentiles are computed off the hot path. Not thread-safe. */
public final class LatencyWindow {
    private final long[] values;
    private final long[] scratch;
    private int count;
    private int next;

    public LatencyWindow(int capacity) {
        this.values = new long[capacity];
        this.scratch = new long[capacity];
    }

    public void add(long nanos) {
        values[next] = nanos;
        next = (next + 1) % values.length;
        count = Math.min(count + 1, values.length);
    }

    /** The q-quantile (0..1) of the window, 0 when empty. */
    public long quantile(double q) {
        if (count == 0) {
            return 0;
        }
        System.arraycopy(values, 0, scratch, 0, count);
        Arrays.sort(scratch, 0, count);
        return scratch[(int) Math.min(count - 1, Math.floor(q * count))];
    }
}
