package org.nftb.calibration;

import org.nftb.calibration.table.CalibrationState;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.calibration.table.ChainWeights;
import org.nftb.config.RunConfig;
import org.nftb.estimator.EstimateFrame;
import org.nftb.model.CpiTiming;
import org.nftb.model.TargetState;
import org.nftb.output.RecordSink;
import org.nftb.stream.CpiFrame;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * A reference calibration measured on the live stream, on request (the dashboard's calibrate button): over the next
 * {@code cpis} CPIs the per-element residual of the calibrated samples against a reference target whose state is
 * known — the simulator's truth, or a position and velocity the operator gives — is measured
 * ({@link ElementResiduals}, the W step of Weiss–Friedlander with the target parameters known rather than estimated),
 * composed with the table in force ({@code w_new = w_inForce · ē_observable}) and offered to the
 * {@link CalibrationState}, which puts it in force at the next CPI boundary, as the drift watch's self-calibration
 * does; a {@code calibration} record says from which CPI. What one target cannot show (a common phase, phase ramps
 * along ∂L/∂x and ∂L/∂y, the mean amplitude) is left as it is ({@link ElementResiduals#residual}).
 *
 * <p>{@link #written} is a {@link org.nftb.pipeline.CpiListener} (the emitter's thread, in sequence order); it
 * allocates nothing while measuring. A measurement restarts when the table in force changes under it.
 */
public final class ReferenceCalibration {
    /** The reference target's state at a stream time, or null when unknown at that time. */
    public interface Reference {
        TargetState at(long stateTimeNanos);
    }

    /**
     * @param version        the version offered (in force from the next CPI boundary)
     * @param cpis           CPIs measured
     * @param rmsPhaseDeg    rms phase of the correction applied over the elements
     * @param rmsAmplitudeDb rms amplitude of the correction
     * @param table          the new table, described
     */
    public record Result(long version, int cpis, double rmsPhaseDeg, double rmsAmplitudeDb, String table) {
    }

    private static final class Job {
        final int cpis;
        final Reference reference;
        final CompletableFuture<Result> done = new CompletableFuture<>();
        long version = -1;

        Job(int cpis, Reference reference) {
            this.cpis = cpis;
            this.reference = reference;
        }
    }

    private final CalibrationState state;
    private final ElementResiduals residuals;
    private final int samplesPerSymbol;
    private final long stateOffsetNanos;
    private volatile Job job;

    public ReferenceCalibration(RunConfig config, CalibrationState state) {
        this.state = state;
        this.residuals = new ElementResiduals(config.rxArray(), config.wavelengthM(), config.cpiSymbols(),
                config.symbolPeriodS());
        this.samplesPerSymbol = config.samplesPerSymbol();
        this.stateOffsetNanos = CpiTiming.centreOffsetNanos(config.cpiSymbols(), config.symbolPeriodS());
    }

    /**
     * Starts a measurement over the next {@code cpis} CPIs; the future completes when the table is offered.
     *
     * @throws IllegalStateException when one is already running
     */
    public synchronized CompletableFuture<Result> request(int cpis, Reference reference) {
        if (cpis < 2) {
            throw new IllegalArgumentException("a reference calibration needs at least 2 CPIs, got " + cpis);
        }
        if (job != null) {
            throw new IllegalStateException("a reference calibration is already running");
        }
        Job j = new Job(cpis, reference);
        job = j;
        return j.done;
    }

    /** Ends a measurement still running (the run ended): its future fails with {@code why}. */
    public synchronized void cancel(String why) {
        Job j = job;
        job = null;
        if (j != null) {
            j.done.completeExceptionally(new IllegalStateException(why));
        }
    }

    /** Sees one CPI written by the pipeline. */
    public void written(CpiFrame frame, EstimateFrame reported, RecordSink sink) {
        Job j = job;
        if (j == null) {
            return;
        }
        if (frame.calibrationVersion() != j.version) {
            residuals.reset();
            j.version = frame.calibrationVersion();
        }
        TargetState t = j.reference.at(frame.timeNanos() + stateOffsetNanos);
        if (t == null || !residuals.add(frame.data(), 0, samplesPerSymbol, t.xM(), t.yM(), t.vxMps(), t.vyMps())) {
            return;
        }
        if (residuals.count() < j.cpis) {
            return;
        }
        double[] obs = residuals.residual(residuals.mean());
        int n = obs.length / 2;
        double phase2 = 0;
        double amp2 = 0;
        for (int i = 0; i < n; i++) {
            double p = Math.toDegrees(Math.atan2(obs[2 * i + 1], obs[2 * i]));
            double a = 20 * Math.log10(Math.hypot(obs[2 * i], obs[2 * i + 1]));
            phase2 += p * p / n;
            amp2 += a * a / n;
        }
        CalibrationTable inForce = state.table(j.version);
        CalibrationTable next = new CalibrationTable(inForce.arrayId(), inForce.centerFrequencyHz(), Instant.now(),
                "reference (dashboard)", ChainWeights.of(inForce.responseW()).times(obs).w(), "dashboard");
        long version = state.offer(next);
        synchronized (this) {
            if (job == j) {
                job = null;
            }
        }
        residuals.reset();
        j.done.complete(new Result(version, j.cpis, Math.sqrt(phase2), Math.sqrt(amp2), next.describe()));
    }
}
