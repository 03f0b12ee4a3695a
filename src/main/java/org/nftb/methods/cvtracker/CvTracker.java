package org.nftb.methods.cvtracker;

import org.ejml.dense.fixed.CommonOps_DDF4;
import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.TargetEstimate;
import org.nftb.sequential.SequentialStage;
import org.nftb.sequential.StageOutput;

/**
 * A constant-velocity tracker for several targets over per-CPI estimates in the Cartesian frame, as a sequential
 * stage: each CPI's estimates update the tracks they fall near, with each estimate's own Cartesian covariance as its
 * measurement noise ({@link CvFilter}). Every call writes one {@code track} record ({@link TrackRecord}).
 *
 * <p>Per estimated CPI, in this order:
 * <ol>
 *   <li>every track is predicted to the CPI's state time, across any gap before it; a track not updated for longer
 *       than {@code maxCoast} (misses and gaps alike) ends ({@code coasted});</li>
 *   <li>each estimate with a usable covariance (finite, positive definite; the velocity block may be unknown: a
 *       position-only estimate) is gated against each track: the normalized innovation squared
 *       {@code d² = yᵀ S⁻¹ y} must lie within the chi-square quantile of {@code gateProbability} for the estimate's
 *       dimension;</li>
 *   <li>association is greedy global nearest neighbour on the gated pairs, by {@code d² + ln det S} (the negative
 *       log-likelihood up to a constant), smallest first, ties to the older track and the earlier estimate;</li>
 *   <li>associated tracks are updated; a track that got no estimate misses: a tentative track ends
 *       ({@code unconfirmed}), a confirmed one ends after more than {@code maxMisses} misses in a row
 *       ({@code missed}); a tentative track is confirmed at its {@code confirmUpdates}-th update;</li>
 *   <li>every estimate left over starts a tentative track (or is counted in {@code notStarted} when
 *       {@code maxTracks} are live).</li>
 * </ol>
 * A gap (CPIs dropped or rejected) updates nothing and counts no miss: the tracks are predicted to the gap's state
 * time and its record says which CPIs are missing and why. The end of the run ends every track ({@code runEnded}).
 *
 * <p>Kernel: no threads, locks or logging; nothing allocated per CPI (tracks come from a pool made once; the
 * estimate holders once, at the first CPI, sized to the estimator's frame). Deterministic: the same calls give the
 * same records, bit for bit.
 */
public final class CvTracker implements SequentialStage {
    static final String ENDED_COASTED = "coasted";
    static final String ENDED_UNCONFIRMED = "unconfirmed";
    static final String ENDED_MISSED = "missed";
    static final String ENDED_TIME_REVERSED = "timeReversed";
    static final String ENDED_RUN = "runEnded";
    /** Largest asymmetry of an estimate's covariance taken as rounding, relative to its diagonal. */
    static final double SYMMETRY_TOLERANCE = 1e-9;

    final CvTrackerConfig config;
    private final CvFilter filter;
    private final double gate2;
    private final double gate4;
    private final double initialVelocityVariance;
    final Track[] live;
    int liveCount;
    private final Track[] free;
    private int freeCount;
    private CvFilter.Measurement[] measurements = new CvFilter.Measurement[0];
    private double[] cost = new double[0];
    private boolean[] measurementTaken = new boolean[0];
    private final boolean[] trackTaken;
    int measurementCount;
    private final TrackRecord record;
    private long nextId = 1;
    private boolean seen;
    private long currentSequence;
    private long lastSequence;
    private long lastTimeNanos;

    public CvTracker(CvTrackerConfig config) {
        this.config = config;
        this.filter = new CvFilter(config.accelerationNoiseM2PerS3());
        this.gate2 = config.gate(2);
        this.gate4 = config.gate(4);
        this.initialVelocityVariance = config.initialVelocityStdMps() * config.initialVelocityStdMps();
        this.live = new Track[config.maxTracks()];
        this.free = new Track[config.maxTracks()];
        for (int i = 0; i < free.length; i++) {
            free[i] = new Track();
        }
        this.freeCount = free.length;
        this.trackTaken = new boolean[config.maxTracks()];
        this.record = new TrackRecord(this);
    }

    @Override
    public void estimated(long sequence, long stateTimeNanos, EstimateFrame reported, int unresolved,
                          StageOutput out) {
        ensureCapacity(reported.capacity());
        currentSequence = sequence;
        record.beginUpdate(sequence, reported.targetCount(), unresolved);
        predictAll(stateTimeNanos);
        readEstimates(reported);
        associate();
        for (int t = 0; t < liveCount; t++) {
            Track track = live[t];
            if (track.measurement >= 0) {
                continue;
            }
            track.misses++;
            if (!track.confirmed) {
                end(t--, ENDED_UNCONFIRMED);
            } else if (track.misses > config.maxMisses()) {
                end(t--, ENDED_MISSED);
            }
        }
        for (int m = 0; m < measurementCount; m++) {
            if (!measurementTaken[m]) {
                startTrack(measurements[m], sequence, stateTimeNanos);
            }
        }
        remember(sequence, stateTimeNanos);
        record.totals.cpisEstimated++;
        out.write(sequence, stateTimeNanos, record);
    }

    @Override
    public void gap(long fromSequence, long toSequence, long stateTimeNanos, Gap cause, StageOutput out) {
        record.beginGap(fromSequence, toSequence, cause);
        predictAll(stateTimeNanos);
        remember(toSequence - 1, stateTimeNanos);
        if (cause == Gap.DROPPED) {
            record.totals.cpisDropped += toSequence - fromSequence;
        } else {
            record.totals.cpisRejected += toSequence - fromSequence;
        }
        out.write(fromSequence, stateTimeNanos, record);
    }

    @Override
    public void end(StageOutput out) {
        if (!seen) {
            return;
        }
        record.beginEnd(lastSequence);
        while (liveCount > 0) {
            end(0, ENDED_RUN);
        }
        out.write(lastSequence, lastTimeNanos, record);
    }

    private void remember(long sequence, long stateTimeNanos) {
        seen = true;
        lastSequence = sequence;
        lastTimeNanos = stateTimeNanos;
    }

    /** Predicts every track to {@code timeNanos}; ends those coasting too long or whose time would run backwards. */
    private void predictAll(long timeNanos) {
        for (int t = 0; t < liveCount; t++) {
            Track track = live[t];
            track.measurement = -1;
            track.nis = Double.NaN;
            if (timeNanos < track.timeNanos) {
                end(t--, ENDED_TIME_REVERSED);
                continue;
            }
            filter.predict(track.x, track.p, (timeNanos - track.timeNanos) / 1e9);
            track.timeNanos = timeNanos;
            if (timeNanos - track.lastUpdateNanos > config.maxCoastNanos()) {
                end(t--, ENDED_COASTED);
            }
        }
    }

    /** The reported targets with a usable covariance, as measurements (the others are counted unusable). */
    private void readEstimates(EstimateFrame reported) {
        measurementCount = 0;
        for (int i = 0; i < reported.targetCount(); i++) {
            CvFilter.Measurement m = measurements[measurementCount];
            if (read(reported.target(i), i, m)) {
                measurementTaken[measurementCount] = false;
                measurementCount++;
            } else {
                record.unusable++;
            }
        }
    }

    /**
     * Fills {@code m} from {@code t}: true when its Cartesian covariance is known and positive definite (the whole
     * 4×4, or the position block with the velocity block unknown).
     */
    static boolean read(TargetEstimate t, int index, CvFilter.Measurement m) {
        if (!t.hasCovariance()) {
            return false;
        }
        m.index = index;
        m.positionOnly = Double.isNaN(t.cartesianCovariance(2, 2));
        m.z.setTo(t.xM(), t.yM(), t.vxMps(), t.vyMps());
        int n = m.positionOnly ? 2 : 4;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                m.r.set(i, j, i < n && j < n ? t.cartesianCovariance(i, j) : i == j ? 1 : 0);
            }
        }
        if (!Double.isFinite(m.z.a1) || !Double.isFinite(m.z.a2)
                || !m.positionOnly && (!Double.isFinite(m.z.a3) || !Double.isFinite(m.z.a4))) {
            return false;
        }
        return positiveDefinite(m, n);
    }

    /**
     * Whether the measured block of {@code m.r} is symmetric (up to the rounding of the estimator's {@code J Σ Jᵀ},
     * a relative 1e-9 of the diagonal) and positive definite; it is symmetrized in place (R's padding keeps it
     * block-diagonal).
     */
    private static boolean positiveDefinite(CvFilter.Measurement m, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double a = m.r.get(i, j);
                double b = m.r.get(j, i);
                if (!(Math.abs(a - b) <= SYMMETRY_TOLERANCE * Math.sqrt(Math.abs(m.r.get(i, i) * m.r.get(j, j))))) {
                    return false;
                }
                m.r.set(i, j, 0.5 * (a + b));
                m.r.set(j, i, 0.5 * (a + b));
            }
        }
        m.check.setTo(m.r);
        return CommonOps_DDF4.cholL(m.check);
    }

    /** Greedy global nearest neighbour on the gated pairs (see the class comment). */
    private void associate() {
        int tracks = liveCount;
        for (int m = 0; m < measurementCount; m++) {
            CvFilter.Measurement meas = measurements[m];
            double gate = meas.positionOnly ? gate2 : gate4;
            for (int t = 0; t < tracks; t++) {
                Track track = live[t];
                double d2 = filter.innovation(track.x, track.p, meas);
                cost[m * live.length + t] = d2 <= gate ? d2 + filter.logDetS() : Double.POSITIVE_INFINITY;
            }
        }
        for (int t = 0; t < tracks; t++) {
            trackTaken[t] = false;
        }
        while (true) {
            int bestM = -1;
            int bestT = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int t = 0; t < tracks; t++) {
                if (trackTaken[t]) {
                    continue;
                }
                for (int m = 0; m < measurementCount; m++) {
                    double c = cost[m * live.length + t];
                    if (!measurementTaken[m] && c < best) {
                        best = c;
                        bestM = m;
                        bestT = t;
                    }
                }
            }
            if (bestM < 0) {
                return;
            }
            trackTaken[bestT] = true;
            measurementTaken[bestM] = true;
            update(live[bestT], measurements[bestM]);
        }
    }

    private void update(Track track, CvFilter.Measurement m) {
        track.nis = filter.innovation(track.x, track.p, m);
        filter.update(track.x, track.p, m);
        track.measurement = m.index;
        track.updates++;
        track.misses = 0;
        track.lastUpdateNanos = track.timeNanos;
        track.lastUpdateSequence = currentSequence;
        if (!track.confirmed && track.updates >= config.confirmUpdates()) {
            track.confirmed = true;
            record.totals.tracksConfirmed++;
        }
        record.totals.updates++;
    }

    private void startTrack(CvFilter.Measurement m, long sequence, long timeNanos) {
        if (freeCount == 0) {
            record.notStarted++;
            return;
        }
        Track t = free[--freeCount];
        t.start(nextId++, m, sequence, timeNanos, initialVelocityVariance);
        if (config.confirmUpdates() == 1) {
            t.confirmed = true;
            record.totals.tracksConfirmed++;
        }
        live[liveCount++] = t;
        record.started++;
        record.totals.tracksStarted++;
    }

    /** Ends live track {@code index} (noted in this record's {@code ended}); later tracks move up one place. */
    private void end(int index, String reason) {
        Track t = live[index];
        record.ended(t, reason);
        System.arraycopy(live, index + 1, live, index, liveCount - index - 1);
        live[--liveCount] = null;
        free[freeCount++] = t;
    }

    /** Holders for up to {@code capacity} estimates per CPI (allocated once: the estimator's frame capacity). */
    private void ensureCapacity(int capacity) {
        if (measurements.length >= capacity) {
            return;
        }
        measurements = new CvFilter.Measurement[capacity];
        for (int i = 0; i < capacity; i++) {
            measurements[i] = new CvFilter.Measurement();
        }
        cost = new double[capacity * live.length];
        measurementTaken = new boolean[capacity];
    }
}
