package org.nftb.bench;

import org.nftb.calibration.CalibrationSelection;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.config.ConfigLoader;
import org.nftb.config.PipelineConfig;
import org.nftb.config.ReplayConfig;
import org.nftb.config.RunConfig;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;
import org.nftb.device.StreamStart;
import org.nftb.device.replay.Capture;
import org.nftb.device.replay.CaptureSamples;
import org.nftb.device.replay.ReplayDevice;
import org.nftb.device.sim.SimulatedArray;
import org.nftb.dsp.Fft;
import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.Estimator;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.estimator.Estimators;
import org.nftb.frontend.FrontEnd;
import org.nftb.frontend.Snapshot;
import org.nftb.montecarlo.Stats;
import org.nftb.output.JsonLinesSink;
import org.nftb.output.RecordSink;
import org.nftb.pipeline.Pipeline;
import org.nftb.record.Recorder;
import org.nftb.record.RecordingSpec;
import org.nftb.stream.CpiFrame;
import org.nftb.stream.CpiLayout;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.nftb.run.Configs;

/**
 * The replay half of {@code nftb bench record}: the default scenario (seed 001, 256 channels) recorded once, then per
 * round, side by side: reading alone (the replay device at max pace, nothing else), the estimator alone (the
 * workers' front end + estimator on CPIs already in memory) and the whole replay pipeline at max pace, lossless. The
 * replay is limited by the estimator when the pipeline's rate is close to the estimator's and reading is far faster.
 */
final class ReplayThroughput {
    private final Path dir;
    private final int cpis;
    private final int rounds;

    ReplayThroughput(Path dir, int cpis, int rounds) {
        this.dir = dir;
        this.cpis = cpis;
        this.rounds = rounds;
    }

    /**
     * Medians over the rounds, CPIs per second, and the median per-round share of the estimator's own rate the
     * pipeline reaches.
     */
    record Result(double readCpisPerS, double estimatorCpisPerS, double pipelineCpisPerS, double share) {
        /** Reading is an order of magnitude faster and the pipeline keeps most of the estimator's rate. */
        boolean estimatorBound() {
            return readCpisPerS >= 10 * pipelineCpisPerS && share >= 0.75;
        }
    }

    Result run() throws Exception {
        String yaml;
        try (InputStream in = ConfigLoader.class.getResourceAsStream(ConfigLoader.DEFAULT_RESOURCE)) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("realTime: true", "realTime: false");
        }
        RunConfig base = Configs.parse("default scenario (unpaced)", yaml);
        Path cap = dir.resolve("replay-capture");
        RecordBench.delete(cap);
        int k = base.samplesPerCpi();
        try (SimulatedArray sim = new SimulatedArray(base)) {
            RecordingSpec spec = RecordingSpec.cf32(base, yaml, base.source(),
                    CalibrationSelection.select(base, null))
                    .withMode(PipelineConfig.RingMode.LOSSLESS);
            Recorder rec = Recorder.start(cap, spec, sim);
            RxBuffer b = new RxBuffer(base.rxArray().count(), k);
            sim.startStreaming(StreamStart.NOW);
            for (int q = 0; q < cpis; q++) {
                sim.receive(b, 1_000_000_000L);
                rec.accept(b);
            }
            rec.stop();
        }
        long t0 = System.nanoTime();
        Capture capture = Capture.open(cap);
        double openS = (System.nanoTime() - t0) / 1e9;
        ReplayConfig max = new ReplayConfig(cap.toString(), ReplayConfig.Pace.MAX, false, 0, Double.POSITIVE_INFINITY);
        RunConfig cfg = base.withRadio(base.radio().asReplay(max))
                .withPipeline(base.pipeline().withRingMode(PipelineConfig.RingMode.LOSSLESS));
        EstimatorSetup setup = Estimators.of(cfg.estimator()).setup(cfg);
        CpiFrame[] frames = frames(capture, cfg);
        int workers = cfg.pipeline().workers();
        System.out.printf(Locale.ROOT, "replay: default scenario, %d CPIs (%d channels x %d samples, %.1f MB) recorded; "
                        + "opening it (schema checks, SHA-512 of every file) took %.2f s; %d worker(s)%n", cpis,
                cfg.rxArray().count(), k, cpis * (double) k * cfg.rxArray().count() * 8 / 1e6, openS, workers);
        double[] read = new double[rounds];
        double[] est = new double[rounds];
        double[] pipe = new double[rounds];
        double[] share = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            for (int side = 0; side < 3; side++) {   // the order turns round by round
                switch ((side + r) % 3) {
                    case 0 -> read[r] = readOnly(capture, cfg, max);
                    case 1 -> est[r] = estimatorOnly(setup, frames, workers);
                    default -> pipe[r] = pipeline(capture, cfg, max, setup);
                }
            }
            share[r] = pipe[r] / est[r];
            System.out.printf(Locale.ROOT, "round %d: reading alone %.0f CPIs/s, estimator alone %.0f CPIs/s, replay "
                    + "pipeline %.0f CPIs/s (%.0f %% of the estimator alone)%n", r + 1, read[r], est[r], pipe[r],
                    100 * share[r]);
        }
        Result res = new Result(Stats.median(read), Stats.median(est), Stats.median(pipe), Stats.median(share));
        System.out.printf(Locale.ROOT, "reading alone     : median %.0f CPIs/s (min %.0f, max %.0f) = %.0f MB/s%n",
                res.readCpisPerS(), Stats.quantile(read, 0), Stats.quantile(read, 1),
                res.readCpisPerS() * k * cfg.rxArray().count() * 8 / 1e6);
        System.out.printf(Locale.ROOT, "estimator alone   : median %.0f CPIs/s (min %.0f, max %.0f)%n",
                res.estimatorCpisPerS(), Stats.quantile(est, 0), Stats.quantile(est, 1));
        System.out.printf(Locale.ROOT, "replay pipeline   : median %.0f CPIs/s (min %.0f, max %.0f); per round %.0f %% "
                        + "of the estimator alone (median; min %.0f %%, max %.0f %%); reading alone %.0fx faster than "
                        + "the pipeline: %s%n", res.pipelineCpisPerS(), Stats.quantile(pipe, 0), Stats.quantile(pipe, 1),
                100 * res.share(), 100 * Stats.quantile(share, 0), 100 * Stats.quantile(share, 1),
                res.readCpisPerS() / res.pipelineCpisPerS(), res.estimatorBound() ? "limited by the estimator"
                        : "NOT limited by the estimator");
        RecordBench.delete(cap);
        return res;
    }

    private double readOnly(Capture capture, RunConfig cfg, ReplayConfig max) {
        try (ReplayDevice d = ReplayDevice.open(capture, cfg, max)) {
            RxBuffer b = new RxBuffer(d.channelCount(), cfg.samplesPerCpi());
            d.startStreaming(StreamStart.NOW);
            long t0 = System.nanoTime();
            long n = 0;
            do {
                d.receive(b, 1_000_000_000L);
                n += b.samples();
            } while (b.status() != RxStatus.END_OF_STREAM);
            return n / (double) cfg.samplesPerCpi() / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** The first CPIs of the capture as frames (identity calibration: raw = calibrated). */
    private CpiFrame[] frames(Capture capture, RunConfig cfg) {
        int k = cfg.samplesPerCpi();
        int channels = cfg.rxArray().count();
        CpiFrame[] frames = new CpiFrame[Math.min(cpis, 64)];
        RxBuffer b = new RxBuffer(channels, k);
        try (CaptureSamples s = new CaptureSamples(capture)) {
            for (int q = 0; q < frames.length; q++) {
                frames[q] = new CpiFrame(new CpiLayout(channels, cfg.cpiSymbols(), cfg.samplesPerSymbol()));
                s.read((long) q * k, k, b);
                for (int c = 0; c < channels; c++) {
                    System.arraycopy(b.channel(c), 0, frames[q].data(), 2 * c * k, 2 * k);
                }
            }
        }
        return frames;
    }

    private double estimatorOnly(EstimatorSetup setup, CpiFrame[] frames, int workers) throws InterruptedException {
        Fft.singleThreaded();
        Thread[] threads = new Thread[workers];
        long t0 = System.nanoTime();
        for (int w = 0; w < workers; w++) {
            int id = w;
            threads[w] = new Thread(() -> {
                FrontEnd fe = setup.newFrontEnd();
                Snapshot snap = new Snapshot(fe.outputShape());
                Estimator est = setup.newEstimator();
                EstimateFrame out = setup.newFrame();
                for (int q = id; q < cpis; q += workers) {
                    fe.process(frames[q % frames.length], snap);
                    est.estimate(snap, out);
                }
            }, "bench-estimator-" + w);
            threads[w].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return cpis / ((System.nanoTime() - t0) / 1e9);
    }

    private double pipeline(Capture capture, RunConfig cfg, ReplayConfig max, EstimatorSetup setup) throws Exception {
        try (ReplayDevice d = ReplayDevice.open(capture, cfg, max);
             RecordSink sink = new JsonLinesSink(OutputStream.nullOutputStream(), "null", false)) {
            Pipeline p = new Pipeline(cfg, d, new CalibrationState(capture.calibration()), setup, sink, null,
                    Long.MAX_VALUE);
            long t0 = System.nanoTime();
            var h = p.run(new RecordSink.RunInfo(cfg.source(), cfg.name(), d.description(), setup.type(),
                    setup.newFrontEnd().name(), setup.diagnosticNames(), "embedded", cfg.pipeline().workers(),
                    "lossless", cfg.pipeline().ringSlots(), "disabled", List.of())).health();
            if (h.cpisProcessed() + h.cpisRejected() != cpis) {
                throw new IllegalStateException("the replay lost CPIs: " + h);
            }
            return cpis / ((System.nanoTime() - t0) / 1e9);
        }
    }
}
