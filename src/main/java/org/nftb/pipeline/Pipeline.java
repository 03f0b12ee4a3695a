package org.nftb.pipeline;

import org.nftb.calibration.CalibrationApplier;
import org.nftb.config.PipelineConfig;
import org.nftb.config.RunConfig;
import org.nftb.device.DeviceException;
import org.nftb.device.GroundTruthSource;
import org.nftb.device.RadioDevice;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;
import org.nftb.device.StreamStart;
import org.nftb.estimate.Estimator;
import org.nftb.estimate.MotionEstimate;
import org.nftb.model.CpiTiming;
import org.nftb.model.PolarState;
import org.nftb.model.TargetState;
import org.nftb.output.HealthSnapshot;
import org.nftb.output.LatencyWindow;
import org.nftb.output.RecordSink;
import org.nftb.output.StatusLine;
import org.nftb.stream.BlockingWaitStrategy;
import org.nftb.stream.CpiAssembler;
import org.nftb.stream.CpiFrame;
import org.nftb.stream.CpiRing;
import org.nftb.stream.ParkingWaitStrategy;
import org.nftb.stream.StreamCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The live pipeline: a radio thread (receive → calibrate → assemble CPIs into the ring) and a processing thread
 * (validate → estimate → records). It owns the threads; the device, estimator and sink do not.
 *
 * <p>Stop conditions: {@code maxCpis} CPIs processed, {@link #stop()} (Ctrl-C), a device fault, or an output
 * failure. On every stop the radio stops, CPIs already published are still processed (nothing assembled is
 * lost), a final health record is written, and the device is left for the caller to close.
 */
public final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    private static final long TAKE_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long STATUS_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RunConfig config;
    private final RadioDevice device;
    private final Estimator estimator;
    private final RecordSink sink;
    private final StatusLine status;
    private final long maxCpis;
    private final CpiRing ring;
    private final CpiAssembler assembler;
    private final StreamCounters counters = new StreamCounters();
    private final LatencyWindow latencies = new LatencyWindow(1024);
    private final MotionEstimate estimate = new MotionEstimate();
    private final CountDownLatch radioDone = new CountDownLatch(1);

    private volatile boolean stopRequested;
    private volatile String deviceFailure;
    private long processed;
    private long rejected;
    private boolean haveEstimate;

    /**
     * @param maxCpis stop after this many processed CPIs; {@code Long.MAX_VALUE} runs until {@link #stop()}
     * @param status  the stderr status line, or null for none
     */
    public Pipeline(RunConfig config, RadioDevice device, CalibrationApplier calibration, Estimator estimator,
                    RecordSink sink, StatusLine status, long maxCpis) {
        if (Math.abs(device.sampleRateHz() - config.radio().sampleRateHz()) > 1e-6 * config.radio().sampleRateHz()) {
            throw new DeviceException(device.description() + " streams at " + device.sampleRateHz() + " Hz; "
                    + config.source() + " radio.sampleRate is " + config.radio().sampleRateHz()
                    + " Hz (CPI timing would be wrong)");
        }
        if (device.channelCount() != config.rxArray().count()) {
            throw new DeviceException(device.description() + " delivers " + device.channelCount()
                    + " channels; " + config.source() + " has " + config.rxArray().count() + " receive elements");
        }
        this.config = config;
        this.device = device;
        this.estimator = estimator;
        this.sink = sink;
        this.status = status;
        this.maxCpis = maxCpis;
        PipelineConfig p = config.pipeline();
        this.ring = new CpiRing(p.ringSlots(), config.rxArray().count(), config.cpiSymbols(),
                p.waitStrategy() == PipelineConfig.WaitStrategyKind.PARKING ? new ParkingWaitStrategy()
                        : new BlockingWaitStrategy());
        this.assembler = new CpiAssembler(ring, calibration, config.rxArray().count(), config.cpiSymbols(),
                config.samplesPerSymbol(), config.radio().sampleRateHz(), counters);
    }

    /** Asks the run to stop; {@link #run()} returns after draining. Safe from any thread (e.g. a shutdown hook). */
    public void stop() {
        stopRequested = true;
    }

    /** The stream counters (live). */
    public StreamCounters counters() {
        return counters;
    }

    /** Runs until a stop condition; processing happens on the calling thread. */
    public RunResult run(RecordSink.RunInfo info) throws InterruptedException {
        sink.start(info);
        long startNanos = System.nanoTime();
        Thread radio = new Thread(this::radioLoop, "nftb-radio");
        radio.setDaemon(true);
        device.startStreaming(StreamStart.NOW);
        radio.start();
        long nextStatus = startNanos + STATUS_PERIOD_NANOS;
        Optional<GroundTruthSource> truth = device instanceof GroundTruthSource g ? Optional.of(g) : Optional.empty();
        long stateOffsetNanos = (long) (CpiTiming.centreOffsetS(config.cpiSymbols(), config.symbolPeriodS()) * 1e9);
        try {
            while (true) {
                CpiFrame frame = ring.take(TAKE_TIMEOUT_NANOS);
                if (frame != null) {
                    try {
                        process(frame, truth, stateOffsetNanos);
                    } finally {
                        ring.release();
                    }
                    if (processed >= maxCpis) {
                        break;   // exactly maxCpis estimates; later CPIs were never asked for
                    }
                } else if (radioDone.getCount() == 0) {
                    break;  // radio stopped and the ring is drained
                }
                long now = System.nanoTime();
                if (now >= nextStatus) {
                    report(startNanos, false);
                    nextStatus = now + STATUS_PERIOD_NANOS;
                }
            }
        } finally {
            stopRequested = true;
            long waitMs = config.pipeline().receiveTimeoutNanos() / 1_000_000 + 2_000;
            if (!radioDone.await(waitMs, TimeUnit.MILLISECONDS)) {
                LOG.warn("radio thread still inside receive after {} ms; stopping the stream under it", waitMs);
            }
            device.stopStreaming();
        }
        if (deviceFailure != null) {
            sink.fault(-1, "device failure: " + deviceFailure, device.description());
        }
        HealthSnapshot last = report(startNanos, true);
        return new RunResult(last, deviceFailure);
    }

    private void process(CpiFrame frame, Optional<GroundTruthSource> truth, long stateOffsetNanos) {
        int bad = frame.firstNonFinite();
        if (bad >= 0) {
            rejected++;
            String where = "channel " + bad / frame.symbols() + ", symbol " + bad % frame.symbols()
                    + " of CPI " + frame.sequence();
            sink.fault(frame.sequence(), "non-finite sample (NaN or Inf) after calibration; CPI rejected", where);
            LOG.warn("CPI {} rejected: non-finite sample at {}", frame.sequence(), where);
            return;
        }
        long t0 = System.nanoTime();
        try {
            estimator.estimate(frame, estimate);
        } catch (RuntimeException e) {
            // one bad CPI must not end the run: record it and go on
            rejected++;
            sink.fault(frame.sequence(), "estimator refused the CPI: " + e, "CPI " + frame.sequence());
            LOG.warn("CPI {} rejected by the estimator", frame.sequence(), e);
            return;
        }
        long latency = System.nanoTime() - t0;
        if (!Double.isFinite(estimate.rangeM() + estimate.angleRad() + estimate.radialVelocityMps()
                + estimate.transverseVelocityMps())) {
            rejected++;
            sink.fault(frame.sequence(), "estimate is not finite; CPI rejected", "CPI " + frame.sequence());
            return;
        }
        latencies.add(latency);
        processed++;
        haveEstimate = true;
        PolarState truthPolar = null;
        if (truth.isPresent()) {
            List<TargetState> t = truth.get().truthAt(frame.timeNanos() + stateOffsetNanos);
            if (!t.isEmpty()) {
                truthPolar = t.get(0).toPolar(config.rxArray().referenceXM(), config.rxArray().referenceYM());
            }
        }
        sink.estimate(frame.sequence(), frame.timeNanos(), frame.timeNanos() + stateOffsetNanos, estimate,
                truthPolar, latency);
    }

    private HealthSnapshot report(long startNanos, boolean isFinal) {
        Map<String, Long> faults = new LinkedHashMap<>();
        for (RxStatus s : RxStatus.values()) {
            long n = counters.statusCount(s);
            if (s != RxStatus.OK && n > 0) {
                faults.put(s.name(), n);
            }
        }
        HealthSnapshot h = new HealthSnapshot((System.nanoTime() - startNanos) / 1e9, counters.samplesReceived(),
                counters.cpisPublished(), processed, rejected, counters.cpisDroppedRingFull(),
                counters.cpisDroppedGap(), faults, latencies.quantile(0.5), latencies.quantile(0.99), isFinal);
        sink.health(h);
        if (status != null) {
            status.print(h, haveEstimate ? estimate : null);
        }
        return h;
    }

    private void radioLoop() {
        RxBuffer buffer = new RxBuffer(device.channelCount(), config.samplesPerCpi());
        long timeout = config.pipeline().receiveTimeoutNanos();
        try {
            while (!stopRequested) {
                device.receive(buffer, timeout);
                assembler.accept(buffer);
                if (buffer.status() == RxStatus.END_OF_STREAM) {
                    LOG.info("{}: end of stream", device.description());
                    break;
                }
                if (buffer.status() != RxStatus.OK && buffer.status() != RxStatus.TIMEOUT) {
                    LOG.warn("{}: receive reported {} {}", device.description(), buffer.status(), buffer.detail());
                }
            }
        } catch (DeviceException e) {
            deviceFailure = e.getMessage();
            LOG.error("radio stopped: {}", e.getMessage());
        } catch (RuntimeException e) {
            deviceFailure = "unexpected " + e;
            LOG.error("radio thread failed", e);
        } finally {
            stopRequested = true;
            radioDone.countDown();
        }
    }

    /**
     * Outcome of a run.
     *
     * @param health        final health
     * @param deviceFailure the device's error when the radio failed, else null
     */
    public record RunResult(HealthSnapshot health, String deviceFailure) {
        public boolean failed() {
            return deviceFailure != null;
        }
    }
}
