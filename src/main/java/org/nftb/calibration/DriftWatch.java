package org.nftb.calibration;

import org.nftb.config.CalibrationConfig;
import org.nftb.config.RunConfig;
import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.TargetEstimate;
import org.nftb.output.CalibrationWatchRecord;
import org.nftb.output.RecordSink;
import org.nftb.stream.CpiFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.calibration.table.ChainWeights;

/**
 * The drift watch: while a run streams, measures the residual per-element error under the calibration table in force
 * and reports it every {@code everyCpis} CPIs as a {@code calibrationWatch} record, warning (naming the elements)
 * when an element's residual exceeds the configured bound. The pipeline calls {@link #written} for every CPI it
 * writes out, in sequence order (a {@link org.nftb.pipeline.CpiListener}); nothing else in the pipeline changes.
 *
 * <p>Each CPI with exactly one consistent target adds its calibrated samples and the target's estimate to an
 * {@link ElementResiduals} (the W step of Weiss–Friedlander self-calibration, with the estimator's answer as the
 * target parameters). Every {@code everyCpis} CPIs the observable part of the mean error is reported per element,
 * with its standard error from the spread between the CPIs. An element is named when its residual exceeds the
 * bound by more than {@value #Z} standard errors: without drift the residual is a table error well inside the bound,
 * and noise alone would have to exceed the bound by five standard errors (probability below 10⁻⁶ per element and
 * window) to raise a false alarm. A change of table (a new version) starts a new window.
 *
 * <p>With {@code selfCalibrate} the watch also offers the table in force corrected by the measured residual after
 * every window whose rms residual exceeds {@value #SELF_CALIBRATE_MARGIN} times its rms standard error (a
 * correction that is mostly signal, not noise): online blind calibration, one Weiss–Friedlander alternation per
 * window (the estimator re-estimates on the new table, the watch re-measures). It settles at the noise of one window
 * (about {@code 57.3°/√(2·K·M·SNR)} rms, K = {@code everyCpis}) plus the unobservable ramps of
 * {@link ElementResiduals}.
 *
 * <p>{@link #written} allocates nothing except when it writes a report. Called by one thread at a time.
 */
public final class DriftWatch {
    /** Standard errors by which a residual must exceed the bound to be reported. */
    public static final double Z = 5;
    /** Self-calibration offers a table when the rms residual exceeds its own rms standard error this many times. */
    public static final double SELF_CALIBRATE_MARGIN = 2;
    private static final Logger LOG = LoggerFactory.getLogger(DriftWatch.class);

    private final CalibrationConfig.Watch settings;
    private final CalibrationState state;
    private final ElementResiduals residuals;
    private final int samplesPerSymbol;
    private final int channels;
    private final double[] phaseDeg;
    private final double[] amplitudeDb;
    private final double[] phaseStdDeg;
    private final CalibrationWatchRecord record = new CalibrationWatchRecord();
    private long windowVersion = -1;
    private int skipped;
    private long reports;
    private long alarms;

    public DriftWatch(RunConfig config, CalibrationConfig.Watch settings, CalibrationState state) {
        this.settings = settings;
        this.state = state;
        this.residuals = new ElementResiduals(config.rxArray(), config.wavelengthM(), config.cpiSymbols(),
                config.symbolPeriodS());
        this.samplesPerSymbol = config.samplesPerSymbol();
        this.channels = config.rxArray().count();
        this.phaseDeg = new double[channels];
        this.amplitudeDb = new double[channels];
        this.phaseStdDeg = new double[channels];
    }

    /** Sees one CPI written by the pipeline (see {@link org.nftb.pipeline.CpiListener}). */
    public void written(CpiFrame frame, EstimateFrame reported, RecordSink sink) {
        if (frame.calibrationVersion() != windowVersion) {
            residuals.reset();
            skipped = 0;
            windowVersion = frame.calibrationVersion();
        }
        if (reported.targetCount() != 1) {
            skipped++;
            return;
        }
        TargetEstimate t = reported.target(0);
        if (!residuals.add(frame.data(), 0, samplesPerSymbol, t.xM(), t.yM(), t.vxMps(), t.vyMps())) {
            skipped++;
            return;
        }
        if (residuals.count() >= settings.everyCpis()) {
            report(frame.sequence(), sink);
            residuals.reset();
            skipped = 0;
        }
    }

    /** Reports written so far. */
    public long reports() {
        return reports;
    }

    /** Reports that named at least one element. */
    public long alarms() {
        return alarms;
    }

    private void report(long sequence, RecordSink sink) {
        double[] mean = residuals.mean();
        double[] se = residuals.standardError();
        double[] obs = residuals.residual(mean);
        double phase2 = 0;
        double amp2 = 0;
        double boundDeg = Math.toDegrees(settings.phaseBoundRad());
        List<Integer> exceeded = new ArrayList<>();
        double std2 = 0;
        for (int n = 0; n < channels; n++) {
            phaseDeg[n] = Math.toDegrees(Math.atan2(obs[2 * n + 1], obs[2 * n]));
            amplitudeDb[n] = 20 * Math.log10(Math.hypot(obs[2 * n], obs[2 * n + 1]));
            double rel = se[n] / (Math.sqrt(2) * Math.hypot(mean[2 * n], mean[2 * n + 1]));
            phaseStdDeg[n] = Math.toDegrees(rel);
            double ampStd = 20 / Math.log(10) * rel;
            std2 += phaseStdDeg[n] * phaseStdDeg[n] / channels;
            phase2 += phaseDeg[n] * phaseDeg[n] / channels;
            amp2 += amplitudeDb[n] * amplitudeDb[n] / channels;
            if (Math.abs(phaseDeg[n]) - Z * phaseStdDeg[n] > boundDeg
                    || Math.abs(amplitudeDb[n]) - Z * ampStd > settings.amplitudeBoundDb()) {
                exceeded.add(n);
            }
        }
        long offered = 0;
        if (settings.selfCalibrate() && Math.sqrt(phase2) > SELF_CALIBRATE_MARGIN * Math.sqrt(std2)) {
            CalibrationTable inForce = state.table(windowVersion);
            double[] w = ChainWeights.of(inForce.responseW()).times(obs).w();
            String method = inForce.method().endsWith("(self-calibrated)") ? inForce.method()
                    : inForce.method() + " (self-calibrated)";
            offered = state.offer(new CalibrationTable(inForce.arrayId(), inForce.centerFrequencyHz(),
                    Instant.now(), method, w, "drift watch"));
        }
        reports++;
        if (!exceeded.isEmpty()) {
            alarms++;
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < Math.min(exceeded.size(), 8); i++) {
                int n = exceeded.get(i);
                s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%d (%.1f deg, %.2f dB)", n,
                        phaseDeg[n], amplitudeDb[n]));
            }
            LOG.warn("calibration drift up to CPI {}: {} element(s) beyond {} deg / {} dB: {}{}", sequence,
                    exceeded.size(), String.format(Locale.ROOT, "%.1f", boundDeg), settings.amplitudeBoundDb(), s,
                    exceeded.size() > 8 ? ", ..." : "");
        }
        sink.calibrationWatch(record.set(sequence, windowVersion, residuals.count(), skipped, Math.sqrt(phase2),
                Math.sqrt(amp2), boundDeg, settings.amplitudeBoundDb(), phaseDeg, amplitudeDb, phaseStdDeg,
                exceeded, offered));
    }
}
