package org.nftb.bench;

import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.TargetEstimate;
import org.nftb.model.PolarState;
import org.nftb.output.EstimateRecord;
import org.nftb.output.HealthSnapshot;
import org.nftb.output.RecordSink;

import java.util.TreeMap;

/**
 * A sink that scores each CPI of a run against the truth, for {@code nftb bench faults}: per CPI whether it was
 * flagged (rejected, a fault, an inconsistent target), whether every true target has a consistent estimate within
 * {@value #WITHIN} √CRB in angle and range, and whether a consistent target lies beyond {@value #WRONG} √CRB of every
 * truth (wrong and unflagged). The √CRB is each estimate's own covariance (for dftmusic the CRB at the estimate,
 * seed 001's exact model). A CPI that never arrives (a gap) is flagged by its absence: {@link #outcome} says MISSING.
 * One thread at a time, as every sink.
 */
final class FaultScore implements RecordSink {
    /** Accuracy: within this many √CRB in angle and range. */
    static final double WITHIN = 3;
    /** Gross error: beyond this many √CRB in angle or range from every true target. */
    static final double WRONG = 5;

    /** What one CPI ended as; its letter in the bench's outcome strings. */
    enum Outcome {
        MISSING('-'), FLAGGED('F'), WITHIN('.'), OUTSIDE('o'), WRONG_UNFLAGGED('X');

        private final char letter;

        Outcome(char letter) {
            this.letter = letter;
        }

        char letter() {
            return letter;
        }
    }

    private final TreeMap<Long, Outcome> outcomes = new TreeMap<>();
    private long written;

    Outcome outcome(long sequence) {
        return outcomes.getOrDefault(sequence, Outcome.MISSING);
    }

    long lastSequence() {
        return outcomes.isEmpty() ? -1 : outcomes.lastKey();
    }

    @Override
    public void estimate(EstimateRecord r) {
        written++;
        EstimateFrame f = r.targets();
        boolean flagged = false;
        boolean wrong = false;
        for (int k = 0; k < f.targetCount(); k++) {
            TargetEstimate t = f.target(k);
            if (!t.consistent()) {
                flagged = true;
            } else if (r.truth() != null && nearest(t, r) > WRONG) {
                wrong = true;
            }
        }
        boolean allWithin = r.truth() != null && !r.truth().isEmpty();
        for (int j = 0; r.truth() != null && j < r.truth().size(); j++) {
            PolarState p = r.truthPolar(j);
            double best = Double.POSITIVE_INFINITY;
            for (int k = 0; k < f.targetCount(); k++) {
                if (f.target(k).consistent()) {
                    best = Math.min(best, distance(f.target(k), p));
                }
            }
            allWithin &= best <= WITHIN;
        }
        Outcome o = wrong ? Outcome.WRONG_UNFLAGGED : flagged ? Outcome.FLAGGED
                : allWithin ? Outcome.WITHIN : Outcome.OUTSIDE;
        outcomes.merge(r.sequence(), o, FaultScore::worse);
    }

    /** Normalized distance to the nearest truth. */
    private static double nearest(TargetEstimate t, EstimateRecord r) {
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < r.truth().size(); j++) {
            best = Math.min(best, distance(t, r.truthPolar(j)));
        }
        return best;
    }

    /** max(|Δθ|/σθ, |Δr|/σr), σ from the estimate's covariance; infinite without one. */
    static double distance(TargetEstimate t, PolarState truth) {
        if (!t.hasCovariance()) {
            return Double.POSITIVE_INFINITY;
        }
        double sa = Math.sqrt(t.polarCovariance(0, 0));
        double sr = Math.sqrt(t.polarCovariance(1, 1));
        return Math.max(Math.abs(t.angleRad() - truth.angleRad()) / sa, Math.abs(t.rangeM() - truth.rangeM()) / sr);
    }

    private static Outcome worse(Outcome a, Outcome b) {
        return a == Outcome.WRONG_UNFLAGGED || b == Outcome.WRONG_UNFLAGGED ? Outcome.WRONG_UNFLAGGED
                : a == Outcome.FLAGGED || b == Outcome.FLAGGED ? Outcome.FLAGGED : b;
    }

    @Override
    public void fault(long sequence, String what, String where) {
        written++;
        if (sequence >= 0) {
            outcomes.merge(sequence, Outcome.FLAGGED, FaultScore::worse);
        }
    }

    @Override public void start(RunInfo info) { written++; }
    @Override public void calibration(long sequence, long version, String table) { written++; }
    @Override public void health(HealthSnapshot health) { written++; }
    @Override public long recordsWritten() { return written; }
    @Override public void close() { }
}
