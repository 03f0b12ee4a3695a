package org.nftb.bench;

import com.sun.management.OperatingSystemMXBean;
import org.nftb.benchkit.MachineLoad;
import org.nftb.calibration.CalibrationSelection;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.config.FaultPlan;
import org.nftb.config.FaultsReader;
import org.nftb.config.PipelineConfig;
import org.nftb.config.ReplayConfig;
import org.nftb.config.RunConfig;
import org.nftb.device.RadioDevice;
import org.nftb.device.RxBuffer;
import org.nftb.device.StreamStart;
import org.nftb.device.fault.FaultInjectingDevice;
import org.nftb.device.replay.Capture;
import org.nftb.device.replay.ReplayDevice;
import org.nftb.device.sim.SimulatedArray;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.estimator.Estimators;
import org.nftb.montecarlo.Stats;
import org.nftb.output.HealthSnapshot;
import org.nftb.output.JsonLinesSink;
import org.nftb.output.RecordSink;
import org.nftb.pipeline.Pipeline;
import org.nftb.record.Recorder;
import org.nftb.record.RecordingSpec;
import org.nftb.run.Configs;
import org.nftb.run.RunAssembly;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What fault injection adds to replay time ({@code nftb bench faults --overhead-cpis N}): a capture of N CPIs of a
 * configuration is recorded once, then replayed through the whole pipeline (max pace, lossless) with and without
 * {@link FaultInjectingDevice}, the order alternating round by round, and the ratio of the two times taken per round.
 * The SPEC touches every sample of every channel (a phase turn and a gain on all channels, clipping far above the
 * signal, a faint tone) without changing what the pipeline does with a CPI: both replays must estimate every CPI,
 * none rejected, or the comparison would time different work.
 */
final class FaultsOverhead {
    private final Path dir;
    private final int cpis;
    private final int rounds;

    FaultsOverhead(Path dir, int cpis, int rounds) {
        this.dir = dir;
        this.cpis = cpis;
        this.rounds = rounds;
    }

    void run(Path config) throws Exception {
        String yaml = Files.readString(config).replace("realTime: true", "realTime: false");
        RunConfig base = Configs.parse(config.toString(), yaml);
        Path cap = dir.resolve("cap");
        try (SimulatedArray sim = new SimulatedArray(base)) {
            Recorder rec = Recorder.start(cap, RecordingSpec.cf32(base, yaml, base.source(),
                    CalibrationSelection.select(base, null)).withMode(PipelineConfig.RingMode.LOSSLESS), sim);
            RxBuffer b = new RxBuffer(base.rxArray().count(), base.samplesPerCpi());
            sim.startStreaming(StreamStart.NOW);
            for (int q = 0; q < cpis; q++) {
                sim.receive(b, 1_000_000_000L);
                rec.accept(b);
            }
            rec.stop();
        }
        Capture capture = Capture.open(cap);
        ReplayConfig max = new ReplayConfig(cap.toString(), ReplayConfig.Pace.MAX, false, 0, Double.POSITIVE_INFINITY);
        RunConfig cfg = base.withRadio(base.radio().asReplay(max))
                .withPipeline(base.pipeline().withRingMode(PipelineConfig.RingMode.LOSSLESS));
        EstimatorSetup setup = Estimators.of(cfg.estimator()).setup(cfg);
        String spec = "[{kind: phase, at: 0 s, channels: all, size: 90 deg}, {kind: gain, at: 0 s, channels: all, "
                + "size: 1 dB}, {kind: clip, at: 0 s, channels: all, size: 1e6}, {kind: tone, at: 0 s, size: -60 dB, "
                + "frequency: " + cfg.radio().sampleRateHz() / 8 + " Hz}]";
        FaultPlan plan = FaultsReader.parseSpec(spec, cfg.rxArray().count(), cfg.radio().sampleRateHz());
        double[][] plain = new double[2][rounds];
        double[][] injected = new double[2][rounds];
        double[][] ratio = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                boolean inject = (k == 0) == (r % 2 == 0);
                double[] s = replay(capture, cfg, max, setup, inject ? plan : FaultPlan.NONE);
                for (int m = 0; m < 2; m++) {
                    (inject ? injected : plain)[m][r] = s[m];
                }
            }
            for (int m = 0; m < 2; m++) {
                ratio[m][r] = injected[m][r] / plain[m][r];
            }
            System.out.printf(Locale.ROOT, "round %d: replay %.3f s (process CPU %.3f s), with injection %.3f s (CPU "
                    + "%.3f s): ratio %.4f (CPU %.4f)%n", r + 1, plain[0][r], plain[1][r], injected[0][r],
                    injected[1][r], ratio[0][r], ratio[1][r]);
        }
        System.out.printf(Locale.ROOT, "injection overhead on replay time (%s, %d CPIs, %d rounds, order alternating): "
                        + "wall-time ratio median %.4f (min %.4f, max %.4f), process-CPU ratio median %.4f (min %.4f, "
                        + "max %.4f); replay median %.3f s; %s; spec %s%n", cfg.name(), cpis, rounds,
                Stats.median(ratio[0]), Stats.quantile(ratio[0], 0), Stats.quantile(ratio[0], 1),
                Stats.median(ratio[1]), Stats.quantile(ratio[1], 0), Stats.quantile(ratio[1], 1),
                Stats.median(plain[0]), MachineLoad.now(), spec);
    }

    /** Wall-clock and process CPU seconds for one whole replay (pipeline run), every CPI estimated. */
    private double[] replay(Capture capture, RunConfig cfg, ReplayConfig max, EstimatorSetup setup, FaultPlan plan)
            throws Exception {
        ReplayDevice replay = ReplayDevice.open(capture, cfg, max);
        try (RadioDevice d = plan.isEmpty() ? replay : FaultInjectingDevice.wrap(replay, plan, cfg);
             RecordSink sink = new JsonLinesSink(OutputStream.nullOutputStream(), "null", false)) {
            Pipeline p = new Pipeline(cfg, d, new CalibrationState(capture.calibration()), setup, sink, null,
                    Long.MAX_VALUE);
            long t0 = System.nanoTime();
            double cpu0 = processCpuS();
            HealthSnapshot h = p.run(RunAssembly.runInfo(cfg, d, setup, capture.calibration())).health();
            double[] s = {(System.nanoTime() - t0) / 1e9, processCpuS() - cpu0};
            if (h.cpisProcessed() != cpis || h.cpisRejected() != 0) {
                throw new IllegalStateException("the replay did not estimate every CPI (" + h + "); the overhead "
                        + "would compare different work");
            }
            return s;
        }
    }

    /** CPU time of the whole process (every thread), s; NaN where the JVM does not say. */
    private static double processCpuS() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean s
                ? s.getProcessCpuTime() / 1e9 : Double.NaN;
    }
}
