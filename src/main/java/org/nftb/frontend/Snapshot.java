package org.nftb.frontend;

/**
 * What an estimator reads: one CPI after its front end, {@link SnapshotShape} values interleaved re/im.
 * Created once per worker and reused (no allocation per CPI). Not thread-safe.
 */
public final class Snapshot {
    private final SnapshotShape shape;
    private final float[] data;

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
}
