package org.nftb.frontend;

/**
 * What an estimator reads: one CPI after its front end, {@link SnapshotShape} values interleaved re/im.
 * Created once per worker and reused (no allocation per CPI). Not thread-safe.
 */
public final class Snapshot {
    private final SnapshotShape shape;
    private final float[] data;
    private double derotationHz;

    public Snapshot(SnapshotShape shape) {
        this.shape = shape;
        this.data = new float[2 * shape.size()];
    }

    public SnapshotShape shape() {
        return shape;
    }

    /** The values, written by the front end, read by the estimator. */
    public float[] data() {
        return data;
    }

    /**
     * The slow-time frequency a front end removed from the values, Hz: each pulse's values were multiplied by
     * {@code e^{+j2π f t_l}} (t_l from the CPI centre) before any summation over pulses. 0 when none was removed.
     */
    public double derotationHz() {
        return derotationHz;
    }

    /** Set by a front end that removes a slow-time frequency (see {@link #derotationHz()}). */
    public void setDerotationHz(double hz) {
        this.derotationHz = hz;
    }
}
