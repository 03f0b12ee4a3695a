package org.nftb.jobs;

import org.nftb.calibration.table.CalibrationApplier;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.config.RunConfig;
import org.nftb.device.RxBuffer;
import org.nftb.device.replay.Capture;
import org.nftb.device.replay.CaptureSamples;
import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.Estimator;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.estimator.Estimators;
import org.nftb.estimator.TargetEstimate;
import org.nftb.frontend.FrontEnd;
import org.nftb.frontend.Snapshot;
import org.nftb.sigmf.CaptureException;
import org.nftb.stream.CpiFrame;
import org.nftb.stream.CpiLayout;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Re-processing of captures as a job any runner can run: the estimator set-up and the calibration built once
 * (a serializable value, shipped once per worker), and {@link Worker#process} turning CPIs {@code [first, end)} of
 * one capture into {@link CpiRow}s. CPIs are addressed by (capture, sequence) and computed from that capture's
 * samples alone, so a row does not depend on which worker, task or attempt computed it, nor on how the captures
 * were cut into ranges. Samples are read by positional reads of the CPI's own range (never a whole capture).
 * The same calibrate → front end → estimate path as the live pipeline's workers.
 */
public final class ReprocessJob implements Serializable {
    private static final long serialVersionUID = 1L;

    private final EstimatorSetup setup;
    private final int channels;
    private final int pulses;
    private final int samplesPerPulse;
    // the calibration table's fields (the record itself is not Serializable)
    private final String arrayId;
    private final double centerFrequencyHz;
    private final long createdEpochS;
    private final String method;
    private final double[] responseW;
    private final String calibrationSource;

    private ReprocessJob(EstimatorSetup setup, RunConfig cfg, CalibrationTable table) {
        this.setup = setup;
        this.channels = cfg.rxArray().count();
        this.pulses = cfg.cpiSymbols();
        this.samplesPerPulse = cfg.samplesPerSymbol();
        this.arrayId = table.arrayId();
        this.centerFrequencyHz = table.centerFrequencyHz();
        this.createdEpochS = table.createdUtc().getEpochSecond();
        this.method = table.method();
        this.responseW = table.responseW().clone();
        this.calibrationSource = table.source();
    }

    /** Builds the estimator's set-up for {@code cfg} once, with calibration {@code table} applied to every CPI. */
    public static ReprocessJob prepare(RunConfig cfg, CalibrationTable table) {
        if (table.elements() != cfg.rxArray().count()) {
            throw new IllegalArgumentException("calibration table has " + table.elements() + " elements, the array "
                    + cfg.rxArray().count());
        }
        return new ReprocessJob(Estimators.of(cfg.estimator()).setup(cfg), cfg, table);
    }

    public EstimatorSetup setup() { return setup; }

    /** Most targets a row holds. */
    public int maxTargets() { return setup.maxTargets(); }

    public int samplesPerCpi() { return pulses * samplesPerPulse; }

    /** The calibration in force, as one line (stored beside the results). */
    public String calibrationIdentity() { return calibrationTable().describe(); }

    public CalibrationTable calibrationTable() {
        return new CalibrationTable(arrayId, centerFrequencyHz, Instant.ofEpochSecond(createdEpochS), method,
                responseW.clone(), calibrationSource);
    }

    /**
     * Complete CPIs in {@code capture} (opened and checked: a corrupt capture fails here with a
     * {@link CaptureException} naming its file).
     */
    public long cpiCount(Path capture) {
        Capture cap = Capture.open(capture);
        checkChannels(cap);
        return cap.sampleCount() / samplesPerCpi();
    }

    private void checkChannels(Capture cap) {
        if (cap.channelCount() != channels) {
            throw new CaptureException(cap.source().toString(), "", "has " + cap.channelCount() + " channels, the "
                    + "configuration's array " + channels + "; give --config describing the array it was recorded with");
        }
    }

    /** A worker (front end, estimator, buffers): one per thread or task, never shared. */
    public Worker newWorker() {
        return new Worker();
    }

    /** One worker's state. Not thread-safe. */
    public final class Worker {
        private final FrontEnd frontEnd = setup.newFrontEnd();
        private final Snapshot snapshot = new Snapshot(frontEnd.outputShape());
        private final Estimator estimator = setup.newEstimator();
        private final EstimateFrame estimate = setup.newFrame();
        private final CalibrationApplier applier = new CalibrationApplier(calibrationTable());
        private final CpiFrame frame = new CpiFrame(new CpiLayout(channels, pulses, samplesPerPulse));
        private final RxBuffer raw = new RxBuffer(channels, samplesPerCpi());

        /**
         * Processes CPIs {@code [first, end)} of {@code capture}, handing each row to {@code sink} in sequence
         * order.
         *
         * @throws CaptureException when the capture cannot be opened or read (naming the file)
         */
        public void process(String capture, long first, long end, Consumer<CpiRow> sink) {
            Capture cap = Capture.open(Path.of(capture));
            checkChannels(cap);
            long available = cap.sampleCount() / samplesPerCpi();
            if (first < 0 || end > available || first > end) {
                throw new CaptureException(capture, "", "holds CPIs [0, " + available + "), asked for [" + first
                        + ", " + end + ")");
            }
            int n = samplesPerCpi();
            try (CaptureSamples samples = new CaptureSamples(cap)) {
                for (long seq = first; seq < end; seq++) {
                    long s0 = seq * n;
                    samples.read(s0, n, raw);
                    float[] out = frame.data();
                    for (int c = 0; c < channels; c++) {
                        applier.apply(c, raw.channel(c), 0, out, 2 * c * n, n);
                    }
                    frame.stamp(seq, 0, s0, 0);
                    sink.accept(estimate(capture, seq, s0));
                }
            }
        }

        private CpiRow estimate(String capture, long seq, long s0) {
            int k = maxTargets();
            double[] values = new double[4 * k];
            boolean[] consistent = new boolean[k];
            Arrays.fill(values, Double.NaN);
            int bad = frame.firstNonFinite();
            if (bad >= 0) {
                return new CpiRow(capture, seq, s0, CpiRow.REJECTED, "non-finite sample (NaN or Inf) at channel "
                        + bad / samplesPerCpi() + ", sample " + bad % samplesPerCpi(), 0, values, consistent);
            }
            try {
                frontEnd.process(frame, snapshot);
                estimator.estimate(snapshot, estimate);
            } catch (IllegalArgumentException e) {
                return new CpiRow(capture, seq, s0, CpiRow.REJECTED, estimator.name() + " refused the CPI: "
                        + e.getMessage(), 0, values, consistent);
            }
            int targets = Math.min(k, estimate.targetCount());
            for (int t = 0; t < targets; t++) {
                TargetEstimate e = estimate.target(t);
                values[4 * t] = e.angleRad();
                values[4 * t + 1] = e.rangeM();
                values[4 * t + 2] = e.radialVelocityMps();
                values[4 * t + 3] = e.transverseVelocityMps();
                consistent[t] = e.consistent();
            }
            return new CpiRow(capture, seq, s0, CpiRow.OK, "", targets, values, consistent);
        }
    }
}
