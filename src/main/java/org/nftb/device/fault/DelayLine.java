package org.nftb.device.fault;

/**
 * One channel delayed by a variable number of samples: {@code y[i] = x(i − d(i))}, linearly interpolated between
 * samples for a fractional delay, with the channel's input before the current buffer kept in a history of
 * {@code capacity} samples. A slip is a constant whole delay (exact copies); a slow sample clock a delay growing by
 * ε per sample. Works in place on a receive buffer's channel. Allocation-free after construction; not thread-safe.
 *
 * <p>In place and backwards: y[i] reads x at ⌊i − d⌋ and ⌊i − d⌋ + 1 ≤ i (the second only when the fraction is
 * nonzero, i.e. when i − d &lt; i), so going from the last sample to the first, every x it reads is still the input.
 */
final class DelayLine {
    /** The delay of each sample, by stream index. */
    interface Delay {
        /** Delay of sample {@code index}, samples, ≥ 0 and ≤ the line's capacity − 2. */
        double samplesAt(long index);
    }

    private final int capacity;
    private float[] history;
    private float[] next;
    /** Valid history samples (fewer than capacity at the start of the stream). */
    private int held;

    DelayLine(int capacity) {
        this.capacity = capacity;
        this.history = new float[2 * capacity];
        this.next = new float[2 * capacity];
    }

    /**
     * Delays samples {@code 0..n-1} of {@code x} (interleaved re/im), whose first sample has stream index
     * {@code first}, where {@code delay} is positive; keeps the input as history for the next call. Samples before
     * the stream's first are zeros.
     */
    void process(float[] x, int n, long first, Delay delay) {
        // the next history: the last `capacity` inputs, i.e. the tail of (history, x)
        int fromX = Math.min(n, capacity);
        int fromOld = Math.min(held, capacity - fromX);
        System.arraycopy(history, 2 * (held - fromOld), next, 0, 2 * fromOld);
        System.arraycopy(x, 2 * (n - fromX), next, 2 * fromOld, 2 * fromX);
        for (int i = n - 1; i >= 0; i--) {
            double d = delay.samplesAt(first + i);
            if (d <= 0) {
                continue;
            }
            double src = i - d;
            int i0 = (int) Math.floor(src);
            double fr = src - i0;
            double re = re(x, i0);
            double im = im(x, i0);
            if (fr > 0) {
                re = (1 - fr) * re + fr * re(x, i0 + 1);
                im = (1 - fr) * im + fr * im(x, i0 + 1);
            }
            x[2 * i] = (float) re;
            x[2 * i + 1] = (float) im;
        }
        float[] t = history;
        history = next;
        next = t;
        held = fromOld + fromX;
    }

    /** x at buffer position {@code i} (negative: from the history; before the history: zero). */
    private double re(float[] x, int i) {
        if (i >= 0) {
            return x[2 * i];
        }
        int h = held + i;
        return h >= 0 ? history[2 * h] : 0;
    }

    private double im(float[] x, int i) {
        if (i >= 0) {
            return x[2 * i + 1];
        }
        int h = held + i;
        return h >= 0 ? history[2 * h + 1] : 0;
    }
}
