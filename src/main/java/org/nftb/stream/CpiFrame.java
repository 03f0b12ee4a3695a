package org.nftb.stream;

/**
 * One coherent processing interval of raw calibrated receive samples: {@link CpiLayout#channels()} channels ×
 * {@link CpiLayout#samplesPerChannel()} radio samples, interleaved re/im, channel-major (sample k of channel c at
 * {@code 2 (c·samplesPerChannel + k)}), plus its sequence number, stream time and the version of the calibration
 * table it was calibrated with. A front end ({@link org.nftb.frontend.FrontEnd}) turns it into what an estimator
 * reads. Slots are created once by the ring and reused; the sequence number is the CPI's index on the stream's
 * sample grid ({@code firstSampleIndex / samplesPerChannel}), so a gap upstream shows as skipped sequence numbers.
 */
public final class CpiFrame {
    private final CpiLayout layout;
    private final float[] data;
    private long sequence;
    private long timeNanos;
    private long firstSampleIndex;
    private long calibrationVersion;

    public CpiFrame(CpiLayout layout) {
        this.layout = layout;
        this.data = new float[2 * layout.samples()];
    }

    public CpiLayout layout() {
        return layout;
    }

    public int channels() {
        return layout.channels();
    }

    /** Radio samples per channel. */
    public int samplesPerChannel() {
        return layout.samplesPerChannel();
    }

    /** The samples; writable by the producer between claim and publish, read-only for consumers. */
    public float[] data() {
        return data;
    }

    public long sequence() {
        return sequence;
    }

    /** Stream time of the first sample, nanoseconds. */
    public long timeNanos() {
        return timeNanos;
    }

    public long firstSampleIndex() {
        return firstSampleIndex;
    }

    /** Version of the calibration table applied to these samples ({@link org.nftb.calibration.table.CalibrationState}). */
    public long calibrationVersion() {
        return calibrationVersion;
    }

    /** Stamps the frame (producer side). */
    public void stamp(long sequence, long timeNanos, long firstSampleIndex, long calibrationVersion) {
        this.sequence = sequence;
        this.timeNanos = timeNanos;
        this.firstSampleIndex = firstSampleIndex;
        this.calibrationVersion = calibrationVersion;
    }

    /**
     * Index of the first non-finite value (NaN or ±Inf) as a complex-sample index
     * {@code c·samplesPerChannel + k}, or -1.
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
