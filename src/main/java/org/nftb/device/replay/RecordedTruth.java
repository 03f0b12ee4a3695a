package org.nftb.device.replay;

import org.nftb.model.TargetState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ground truth a capture recorded ({@code nftb:truth} annotations, one per target and CPI, each the state at
 * the CPI's state time). {@link #at} answers the pipeline's question "the truth at stream time t": at a recorded state
 * time exactly the recorded states (so a replay's {@code truth} equals the live run's bit for bit); between them the
 * latest recorded states, moved on with their velocity for {@code motion: linear} and held for {@code frozen} (the
 * simulator's two motion models).
 */
public final class RecordedTruth {
    private final TreeMap<Long, TargetState[]> byTime;
    private final boolean linear;
    private final int targets;

    private RecordedTruth(TreeMap<Long, TargetState[]> byTime, boolean linear, int targets) {
        this.byTime = byTime;
        this.linear = linear;
        this.targets = targets;
    }

    /** Targets in the recording. */
    public int targets() {
        return targets;
    }

    /** Recorded state times. */
    public int points() {
        return byTime.size();
    }

    /** The recorded states at the first recorded state time, or an empty list. */
    public List<TargetState> first() {
        return byTime.isEmpty() ? List.of() : list(byTime.firstEntry().getValue());
    }

    /** The truth at stream time {@code t} (see the class comment); empty when nothing was recorded. */
    public List<TargetState> at(long t) {
        Map.Entry<Long, TargetState[]> e = byTime.floorEntry(t);
        if (e == null) {
            e = byTime.ceilingEntry(t);
        }
        if (e == null) {
            return List.of();
        }
        if (e.getKey() == t || !linear) {
            return list(e.getValue());
        }
        double dt = (t - e.getKey()) / 1e9;
        List<TargetState> out = new ArrayList<>(e.getValue().length);
        for (TargetState s : e.getValue()) {
            if (s != null) {
                out.add(s.advancedBy(dt));
            }
        }
        return List.copyOf(out);
    }

    private static List<TargetState> list(TargetState[] states) {
        List<TargetState> out = new ArrayList<>(states.length);
        for (TargetState s : states) {
            if (s != null) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    /** Collects truth annotations as a recording is read. */
    static final class Builder {
        private final TreeMap<Long, TargetState[]> byTime = new TreeMap<>();
        private int targets;

        void add(long stateTimeNanos, int target, TargetState state) {
            if (target < 0 || target > 10_000) {
                throw new IllegalArgumentException("target index " + target + " outside 0..10000");
            }
            TargetState[] at = byTime.get(stateTimeNanos);
            if (at == null || at.length <= target) {
                at = at == null ? new TargetState[target + 1] : Arrays.copyOf(at, target + 1);
                byTime.put(stateTimeNanos, at);
            }
            at[target] = state;
            targets = Math.max(targets, target + 1);
        }

        boolean isEmpty() {
            return byTime.isEmpty();
        }

        RecordedTruth build(boolean linear) {
            return new RecordedTruth(byTime, linear, targets);
        }
    }
}
