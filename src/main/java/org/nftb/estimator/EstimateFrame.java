package org.nftb.estimator;

/**
 * An estimator's output for one CPI: K ≥ 0 targets, preallocated up to the estimator's maximum and reused every
 * CPI (no allocation). The estimator calls {@link #clear()} then {@link #addTarget()} per target found. Not
 * thread-safe: one per worker slot.
 */
public final class EstimateFrame {
    private final TargetEstimate[] targets;
    private int count;

    /**
     * @param maxTargets      most targets the estimator reports per CPI
     * @param diagnosticCount estimator-specific numbers per target
     */
    public EstimateFrame(int maxTargets, int diagnosticCount) {
        if (maxTargets < 1) {
            throw new IllegalArgumentException("maxTargets must be >= 1, got " + maxTargets);
        }
        this.targets = new TargetEstimate[maxTargets];
        for (int i = 0; i < maxTargets; i++) {
            targets[i] = new TargetEstimate(diagnosticCount);
        }
    }

    /** Forgets every target. */
    public void clear() {
        count = 0;
    }

    /** The next target slot, cleared. */
    public TargetEstimate addTarget() {
        if (count == targets.length) {
            throw new IllegalStateException("more than " + targets.length + " targets in one CPI");
        }
        TargetEstimate t = targets[count++];
        t.clear();
        return t;
    }

    /** Drops the last target added (e.g. an estimator's candidate it rejected). */
    public void removeLast() {
        if (count > 0) {
            count--;
        }
    }

    public int targetCount() {
        return count;
    }

    public TargetEstimate target(int k) {
        if (k < 0 || k >= count) {
            throw new IndexOutOfBoundsException("target " + k + " of " + count);
        }
        return targets[k];
    }

    public int capacity() {
        return targets.length;
    }

    /** Copies {@code other}'s targets into this frame (same capacity and diagnostic count). */
    public void copyFrom(EstimateFrame other) {
        count = other.count;
        for (int k = 0; k < count; k++) {
            targets[k].copyFrom(other.targets[k]);
        }
    }
}
