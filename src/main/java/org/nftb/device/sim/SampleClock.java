package org.nftb.device.sim;

/**
 * The simulated array's clock: sample {@code k} of the current stream is stamped
 * {@code start + (long) (k · 10⁹ / f_s)} nanoseconds, the device time of {@link org.nftb.device.RxBuffer#timeNanos()}
 * and of timed commands. Whatever the clock resolves to a sample ("the first sample at or after t") goes through
 * {@link #firstSampleAtOrAfter}, so timed commands and bursts land sample-exactly. Not thread-safe.
 */
final class SampleClock {
    private static final long LIMIT = 1L << 50;
    private final double sampleRateHz;
    private long startNanos;

    SampleClock(double sampleRateHz) {
        this.sampleRateHz = sampleRateHz;
    }

    /** Starts a stream whose sample 0 is stamped {@code startNanos}. */
    void start(long newStartNanos) {
        this.startNanos = newStartNanos;
    }

    long startNanos() {
        return startNanos;
    }

    double sampleRateHz() {
        return sampleRateHz;
    }

    /** Device time of sample {@code k} of the current stream (k may be negative: before the stream started). */
    long timeOf(long k) {
        return startNanos + (long) (k * 1e9 / sampleRateHz);
    }

    /**
     * The smallest sample index k (possibly negative) with {@code timeOf(k) >= timeNanos}. Exact within ±2⁵⁰
     * samples of the stream start; a time beyond that (centuries at the rates of a radio) resolves to ±2⁵⁰.
     */
    long firstSampleAtOrAfter(long timeNanos) {
        double estimate = Math.ceil(((double) timeNanos - startNanos) * sampleRateHz / 1e9);
        if (Math.abs(estimate) >= LIMIT) {
            return estimate > 0 ? LIMIT : -LIMIT;
        }
        long k = (long) estimate;
        while (timeOf(k - 1) >= timeNanos) {
            k--;
        }
        while (timeOf(k) < timeNanos) {
            k++;
        }
        return k;
    }
}
