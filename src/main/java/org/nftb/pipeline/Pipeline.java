package org.nftb.pipeline;

import org.nftb.calibration.table.CalibrationState;
import org.nftb.config.FaultPlan;
import org.nftb.config.PipelineConfig;
import org.nftb.config.RunConfig;
import org.nftb.device.DeviceException;
import org.nftb.device.GroundTruthSource;
import org.nftb.device.RadioDevice;
import org.nftb.device.RecordedDrops;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;
import org.nftb.device.StreamStart;
import org.nftb.estimator.TransmitPlan;
import org.nftb.dsp.Fft;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.model.CpiTiming;
import org.nftb.output.HealthSnapshot;
import org.nftb.output.OutputException;
import org.nftb.output.RecordSink;
import org.nftb.output.StatusLine;
import org.nftb.sequential.SequentialStage;
import org.nftb.stream.BlockingWaitStrategy;
import org.nftb.stream.CpiAssembler;
import org.nftb.stream.CpiLayout;
import org.nftb.stream.CpiRing;
import org.nftb.stream.DropObserver;
import org.nftb.stream.ParkingWaitStrategy;
import org.nftb.stream.StreamCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The live pipeline: a radio thread (receive → calibrate → assemble CPIs into the ring) and
 * {@code pipeline.workers} processing threads (each: take a CPI → {@link CpiProcessor} → {@link InOrderEmitter}),
 * with records leaving in sequence order. It owns the threads; the device, estimator and sink do not.
 *
 * <p>Ring modes ({@link PipelineConfig.RingMode}): live drops whole CPIs when processing falls a ring behind
 * (counted); lossless makes the radio thread wait for a free slot.
 *
 * <p>Stop conditions: {@code maxCpis} CPIs consumed, {@link #stop()} (Ctrl-C), a device fault, an output failure,
 * {@code pipeline.maxConsecutiveRejects} rejected CPIs in a row (a failed run: nothing usable is coming), or the end
 * of the stream. On every stop the radio stops; CPIs already published are still processed (nothing
 * assembled is lost) unless the CPI limit was reached or the output failed, in which case they are counted as
 * unprocessed at stop. A final health record is written and the device is left for the caller to close.
 */
public final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    private static final long TAKE_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long STATUS_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long LOG_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Most noise CPIs the first worker runs before streaming, and the wall time it may spend. */
    static final int WARM_UP_CPIS = 60;
    static final long WARM_UP_BUDGET_MS = 1500;

    private final RunConfig config;
    private final RadioDevice device;
    private final EstimatorSetup setup;
    private FaultPlan injected = FaultPlan.NONE;
    private final RecordSink sink;
    private final StatusLine status;
    private final CpiRing ring;
    private final CpiAssembler assembler;
    private final InOrderEmitter emitter;
    private final StreamCounters counters = new StreamCounters();
    private final RateLimitedLog faultLog = new RateLimitedLog(LOG, LOG_PERIOD_NANOS);
    private final CountDownLatch radioDone = new CountDownLatch(1);
    private final int workers;

    private volatile boolean stopRequested;
    private volatile String deviceFailure;
    private StartHook startHook;
    private volatile RuntimeException outputFailure;
    private volatile String streamFailure;
    private Illumination illumination;

    /**
     * @param calibration the versioned calibration in force (swappable while running)
     * @param setup       the estimator's set-up (each worker makes its own front end and estimator from it)
     * @param maxCpis     stop after this many CPIs consumed; {@code Long.MAX_VALUE} runs until {@link #stop()}
     * @param status      the stderr status line, or null for none
     */
    public Pipeline(RunConfig config, RadioDevice device, CalibrationState calibration, EstimatorSetup setup,
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
        Fft.singleThreaded();   // the pipeline owns the threads; FFT kernels run on the worker that calls them
        this.config = config;
        this.device = device;
        this.setup = setup;
        this.sink = sink;
        this.status = status;
        PipelineConfig p = config.pipeline();
        this.workers = p.workers();
        CpiLayout layout = new CpiLayout(config.rxArray().count(), config.cpiSymbols(), config.samplesPerSymbol());
        this.ring = new CpiRing(p.ringSlots(), layout,
                p.waitStrategy() == PipelineConfig.WaitStrategyKind.PARKING ? new ParkingWaitStrategy()
                        : new BlockingWaitStrategy());
        this.assembler = new CpiAssembler(ring, calibration, layout, config.radio().sampleRateHz(), p.ringMode(),
                counters, () -> stopRequested);
        long stateOffsetNanos = CpiTiming.centreOffsetNanos(config.cpiSymbols(), config.symbolPeriodS());
        this.emitter = new InOrderEmitter(ring, setup, sink, device instanceof GroundTruthSource g ? g : null,
                calibration, stateOffsetNanos, 1e9 * config.samplesPerCpi() / config.radio().sampleRateHz(),
                config.rxArray().referenceXM(), config.rxArray().referenceYM(),
                maxCpis, p.maxConsecutiveRejects(), faultLog);
        emitter.channelCheck(new ChannelConsistency(config.rxArray().count()));
    }

    /**
     * Turns the per-CPI channel-consistency check ({@link ChannelConsistency}: dead channels, phase jumps on part of
     * the array, one channel's power stepping against the others) off or on (on by default; before {@link #run}).
     */
    public void setChannelCheck(boolean on) {
        emitter.channelCheck(on ? new ChannelConsistency(config.rxArray().count()) : null);
    }

    /**
     * Runs right after the stream starts and before any CPI is assembled, on the thread that called {@link #run}
     * (the calibration start check). An exception from it ends the run before the first CPI: streaming stops, a
     * {@code fault} record says why and the exception propagates.
     */
    public interface StartHook {
        void afterStart(RadioDevice device);
    }

    /** Sets the hook run after the stream starts (before {@link #run}). */
    public void setStartHook(StartHook hook) {
        this.startHook = hook;
    }

    /** Sets the listener that sees every CPI written, in sequence order (before {@link #run}). */
    public void setCpiListener(CpiListener listener) {
        emitter.listener(listener);
    }

    /**
     * Sets the sequential stage (a tracker, SLAM) that sees every CPI's result and every gap in sequence order and
     * writes its own records to the run's sink (before {@link #run}).
     */
    public void setSequentialStage(SequentialStage stage) {
        emitter.stage(stage);
    }

    /**
     * A replay: drops again the CPIs the recorded run dropped ring-full, so that the records after the in-order
     * emitter (a sequential stage's above all) are the recorded run's (before {@link #run}).
     */
    public void replayDrops(RecordedDrops drops) {
        assembler.replayDrops(drops);
    }

    /** Tells {@code observer} of every whole CPI dropped before the ring (a recorder notes them; before {@link #run}). */
    public void observeDrops(DropObserver observer) {
        assembler.observeDrops(observer);
    }

    /**
     * Says which faults the device injects into the stream ({@code nftb replay --inject}, {@code scene.faults}): one
     * {@code inject} record each right after the {@code start} record (before {@link #run}).
     */
    public void setInjectedFaults(FaultPlan plan) {
        this.injected = plan;
    }

    /** Asks the run to stop; {@link #run()} returns after draining. Safe from any thread (e.g. a shutdown hook). */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Writes records outside the CPI flow (an operator's {@code control} record) with the sink lock held, so that
     * sinks still see one thread at a time. Safe from any thread; the caller must not write after {@link #run}
     * returned and the sinks were closed.
     */
    public void withSink(Consumer<RecordSink> write) {
        emitter.locked(() -> write.accept(sink));
    }

    /** The stream counters (live). */
    public StreamCounters counters() {
        return counters;
    }

    /** Runs until a stop condition; the calling thread supervises (health, status line) while workers process. */
    public RunResult run(RecordSink.RunInfo info) throws InterruptedException {
        sink.start(info);
        for (FaultPlan.Fault f : injected.faults()) {
            sink.inject(injected, f, config.radio().sampleRateHz());
        }
        long startNanos = System.nanoTime();
        CountDownLatch workersDone = new CountDownLatch(workers);
        List<Thread> threads = new ArrayList<>();
        List<CpiProcessor> processors = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            CpiProcessor processor = new CpiProcessor(setup);
            processors.add(processor);
            Thread t = new Thread(() -> workLoop(processor, workersDone), "nftb-worker-" + w);
            t.setDaemon(true);
            threads.add(t);
        }
        Thread radio = new Thread(this::radioLoop, "nftb-radio");
        radio.setDaemon(true);
        warmUp(processors);
        startStream();
        if (startHook != null) {
            try {
                startHook.afterStart(device);
            } catch (RuntimeException e) {
                device.stopStreaming();
                emitter.locked(() -> sink.fault(-1, "start check: " + e.getMessage(), device.description()));
                throw e;
            }
        }
        threads.forEach(Thread::start);
        radio.start();
        try {
            while (!workersDone.await(STATUS_PERIOD_NANOS, TimeUnit.NANOSECONDS)) {
                if (emitter.limitReached() || outputFailure != null || emitter.rejectLimitReached()) {
                    stopRequested = true;
                }
                if (outputFailure == null) {
                    report(startNanos, false);
                }
            }
        } finally {
            stopRequested = true;
            long waitMs = config.pipeline().receiveTimeoutNanos() / 1_000_000 + 2_000;
            if (!radioDone.await(waitMs, TimeUnit.MILLISECONDS)) {
                LOG.warn("radio thread still inside receive after {} ms; stopping the stream under it", waitMs);
            }
            device.stopStreaming();
            if (!workersDone.await(waitMs, TimeUnit.MILLISECONDS)) {
                LOG.warn("processing workers still busy after {} ms", waitMs);
            }
        }
        if (outputFailure != null) {
            throw outputFailure;
        }
        String failure = deviceFailure;
        if (failure != null) {
            emitter.locked(() -> sink.fault(-1, "device failure: " + deviceFailure, device.description()));
        } else if (emitter.rejectLimitReached()) {
            failure = emitter.rejectLimitReason();
            String reason = failure;
            emitter.locked(() -> sink.fault(-1, reason, device.description()));
        }
        emitter.locked(emitter::endStage);
        HealthSnapshot last = report(startNanos, true);
        return new RunResult(last, failure);
    }

    /**
     * Warm-up before streaming ({@link CpiProcessor#warmUp}): the first worker runs up to {@value #WARM_UP_CPIS} noise
     * CPIs within {@value #WARM_UP_BUDGET_MS} ms (compiled code is shared by all workers), every other one a single
     * CPI (its own buffers). Measured on the default scenario: without it, a run's first second dropped a few CPIs
     * while the JIT compiled the estimator. Drops after it are counted as always; the log says what it cost.
     */
    private void warmUp(List<CpiProcessor> processors) {
        long t0 = System.nanoTime();
        CpiLayout layout = new CpiLayout(config.rxArray().count(), config.cpiSymbols(), config.samplesPerSymbol());
        int cpis = 0;
        for (int w = 0; w < processors.size(); w++) {
            cpis += processors.get(w).warmUp(layout, setup.newFrame(), w == 0 ? WARM_UP_CPIS : 1,
                    WARM_UP_BUDGET_MS * 1_000_000L);
        }
        LOG.info("warm-up: {} CPIs of noise through the front end and estimator before streaming, {} ms", cpis,
                (System.nanoTime() - t0) / 1_000_000);
    }

    private void workLoop(CpiProcessor processor, CountDownLatch workersDone) {
        try {
            while (outputFailure == null) {
                long seq = ring.take(TAKE_TIMEOUT_NANOS);
                if (seq < 0) {
                    if (radioDone.getCount() == 0 && ring.releasedCount() >= ring.publishedCount()) {
                        break;   // the radio stopped and every published CPI is written out
                    }
                    continue;
                }
                if (!emitter.limitReached() && !emitter.rejectLimitReached()) {
                    processor.process(ring.frame(seq), emitter.resultFor(seq));
                }
                emitter.complete(seq);
                if (emitter.limitReached() || emitter.rejectLimitReached()) {
                    stopRequested = true;
                }
            }
        } catch (OutputException e) {
            outputFailure = e;
            stopRequested = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            outputFailure = new IllegalStateException("processing worker failed: " + e, e);
            stopRequested = true;
        } finally {
            workersDone.countDown();
        }
    }

    private HealthSnapshot report(long startNanos, boolean isFinal) {
        Map<String, Long> faults = new LinkedHashMap<>();
        for (RxStatus s : RxStatus.values()) {
            long n = counters.statusCount(s);
            if (s != RxStatus.OK && s != RxStatus.END_OF_STREAM && n > 0) {   // the end of a stream is no fault
                faults.put(s.name(), n);
            }
        }
        HealthSnapshot[] out = new HealthSnapshot[1];
        emitter.locked(() -> {
            long published = counters.cpisPublished();
            long unprocessed = isFinal ? published - emitter.processed() - emitter.rejected()
                    + counters.cpisNotPublishedAtStop() : 0;
            HealthSnapshot h = new HealthSnapshot((System.nanoTime() - startNanos) / 1e9,
                    counters.samplesReceived(), published, emitter.processed(), emitter.rejected(),
                    emitter.unresolved(), counters.cpisDroppedRingFull(), counters.cpisDroppedGap(),
                    counters.cpisDroppedAsRecorded(), unprocessed,
                    sink.recordsWritten(), faults, emitter.latencyQuantile(0.5), emitter.latencyQuantile(0.99),
                    isFinal);
            sink.health(h);
            if (status != null) {
                status.print(h, emitter.lastTarget());
            }
            out[0] = h;
        });
        return out[0];
    }

    /**
     * Starts the stream: now, or — when the estimator transmits every CPI and the device can — timed one transmit
     * lead ahead, so that the device time of stream sample 0, the origin of every burst's time, is known.
     */
    private void startStream() {
        TransmitPlan plan = setup.transmitPlan();
        if (plan != null && !device.canTransmit()) {
            LOG.info("{} cannot transmit: the estimator's per-CPI transmission is not sent (a recording already "
                    + "holds the echoes of what was sent when it was made)", device.description());
        }
        if (plan == null || !device.canTransmit()) {
            device.startStreaming(StreamStart.NOW);
            return;
        }
        long lead = config.pipeline().transmitLeadNanos();
        long stream0 = device.deviceTimeNanos() + lead;
        illumination = new Illumination(device, plan, config.carrierFrequencyHz(), config.radio().sampleRateHz(),
                config.samplesPerCpi(), stream0, lead, config.pipeline().receiveTimeoutNanos());
        device.startStreaming(StreamStart.at(stream0));
    }

    private void radioLoop() {
        long timeout = config.pipeline().receiveTimeoutNanos();
        try {
            RxBuffer buffer = new RxBuffer(device.channelCount(), config.samplesPerCpi());
            Illumination light = illumination;
            long next = 0;   // stream index of the next sample to receive, as far as known
            if (light != null) {
                long first = 0;
                if (startHook != null) {
                    // a start check may have received already: the device clock bounds the position from above
                    double rate = config.radio().sampleRateHz();
                    next = (long) Math.max(0, Math.ceil((device.deviceTimeNanos() - light.startNanos(0)) * rate
                            / 1e9));
                    first = next + light.leadSamples();
                }
                first = light.begin(first);
                assembler.startAt(first);
                LOG.info("transmitting the estimator's waveform every CPI as timed bursts from CPI {} (device time "
                        + "{} s; {} ms lead)", first / config.samplesPerCpi(), light.startNanos(first
                        / config.samplesPerCpi()) / 1e9, config.pipeline().transmitLeadNanos() / 1e6);
            }
            while (!stopRequested) {
                if (light != null) {
                    light.sendDue(next);   // every CPI starting within the lead (+1 CPI) of the stream position
                }
                device.receive(buffer, timeout);
                if (buffer.samples() > 0) {
                    next = buffer.firstSampleIndex() + buffer.samples();
                }
                assembler.accept(buffer);
                RxStatus s = buffer.status();
                if (s == RxStatus.END_OF_STREAM) {
                    LOG.info("{}: end of stream", device.description());
                    break;
                }
                if (s != RxStatus.OK && s != RxStatus.TIMEOUT) {
                    faultLog.warn("rx " + s, device.description() + ": receive reported " + s + " "
                            + buffer.detail(), null);
                }
            }
        } catch (DeviceException e) {
            deviceFailure = e.getMessage();
            LOG.error("radio stopped: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (OutOfMemoryError e) {
            deviceFailure = "out of memory in the radio thread (" + e.getMessage() + "): the configuration's buffers "
                    + "need more heap than the JVM has (NFTB_JAVA_OPTS=-Xmx…)";
            LOG.error("radio stopped: {}", deviceFailure);
        } catch (RuntimeException | Error e) {
            deviceFailure = "internal error in the radio thread: " + e;
            LOG.error("radio thread failed", e);
        } finally {
            assembler.close();
            stopRequested = true;
            radioDone.countDown();
        }
    }

    /**
     * Outcome of a run.
     *
     * @param health        final health
     * @param deviceFailure why the input failed (the radio's error, or every CPI rejected), else null
     */
    public record RunResult(HealthSnapshot health, String deviceFailure) {
        public boolean failed() {
            return deviceFailure != null;
        }
    }
}
