package org.nftb.stream;

/**
 * One coherent processing interval: {@code channels × symbols} calibrated complex samples, interleaved re/im,
 * channel-major (sample (c, m) at {@code 2 (c·symbols + m)}), plus its sequence number and timestamp.
 * Slots are created once by the ring and reused; the sequence number is the CPI's index on the stream's sample
 * grid ({@code firstSampleIndex / samplesPerCpi}), so a gap upstream shows as skipped sequence numbers.
 */
public final class CpiFrame {
    private final int channels;
    private final int symbols;
    private final float[] data;
    private long sequence;
    private long timeNanos;
    private long firstSampleIndex;

    public CpiFrame(int channels, int symbols) {
        this.channels = channels;
        this.symbols = symbols;
        this.data = new float[2 * channels * symbols];
    }

    public int channels() {
        return channels;
    }

    public int symbols() {
        return symbols;
    }

    /** The samples; writable by the producer between claim and publish, read-only for the consumer. */
    public float[] data() {
        return data;
    }

    public long sequence() {
        return sequence;
    }

    public long timeNanos() {
        return timeNanos;
    }

    public long firstSampleIndex() {
        return firstSampleIndex;
    }

    /** Stamps the frame (producer side). */
    public void stamp(long sequence, long timeNanos, long firstSampleIndex) {
        this.sequence = sequence;
        this.timeNanos = timeNanos;
        this.firstSampleIndex = firstSampleIndex;
    }

    /**
     * Index of the first non-finite value (NaN or ±Inf) as a complex-sample index {@code c·symbols + m}, or -1.
     */
    public int firstNonFinite() {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                return i / 2;
            }
        }
        return -1;
    }
}
