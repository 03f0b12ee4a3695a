package org.nftb.device;

/**
 * Caller-owned receive buffer: per-channel interleaved cf32 arrays plus what the device says about them.
 * Created once and reused for every receive call (no allocation on the hot path). Not thread-safe.
 */
public final class RxBuffer {
    private final float[][] channels;
    private final int capacity;
    private int samples;
    private long firstSampleIndex;
    private long timeNanos;
    private RxStatus status = RxStatus.OK;
    private String detail = "";

    /**
     * @param channelCount channels
     * @param capacity     complex samples per channel
     */
    public RxBuffer(int channelCount, int capacity) {
        if (channelCount < 1 || capacity < 1) {
            throw new IllegalArgumentException("RxBuffer needs >= 1 channel and capacity, got " + channelCount
                    + " x " + capacity);
        }
        this.channels = new float[channelCount][2 * capacity];
        this.capacity = capacity;
    }

    /** Channel {@code c}'s samples: re at 2i, im at 2i+1; valid up to {@link #samples()}. */
    public float[] channel(int c) {
        return channels[c];
    }

    public int channelCount() {
        return channels.length;
    }

    public int capacity() {
        return capacity;
    }

    /** Valid complex samples per channel. */
    public int samples() {
        return samples;
    }

    /** Stream index of the first sample since streaming started; a jump marks lost samples. */
    public long firstSampleIndex() {
        return firstSampleIndex;
    }

    /** Device time of the first sample, nanoseconds. */
    public long timeNanos() {
        return timeNanos;
    }

    public RxStatus status() {
        return status;
    }

    /** Device's own words for a fault; empty when OK. */
    public String detail() {
        return detail;
    }

    /** Called by devices to describe what they wrote. */
    public void set(int samples, long firstSampleIndex, long timeNanos, RxStatus status, String detail) {
        if (samples < 0 || samples > capacity) {
            throw new IllegalArgumentException("samples " + samples + " outside 0.." + capacity);
        }
        this.samples = samples;
        this.firstSampleIndex = firstSampleIndex;
        this.timeNanos = timeNanos;
        this.status = status;
        this.detail = detail;
    }
}
