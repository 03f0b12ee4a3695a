package org.nftb.bench;

import org.nftb.calibration.CalibrationSelection;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.config.PipelineConfig;
import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.device.RadioDevice;
import org.nftb.device.backend.RadioDevices;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.estimator.Estimators;
import org.nftb.montecarlo.Stats;
import org.nftb.output.HealthSnapshot;
import org.nftb.output.JsonLinesSink;
import org.nftb.output.RecordSink;
import org.nftb.pipeline.Pipeline;
import org.nftb.run.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nftb.run.Configs;

/**
 * {@code nftb bench pipeline}: the whole live pipeline (simulated radio in real time → calibration → ring → front
 * end → estimator → JSON records to a null stream) with 1 and with 2 processing workers, alternated round by round
 * in one run so the ratio holds when the machine's speed drifts; then the same configuration in lossless mode,
 * flat out, where nothing may be dropped. Reports the drop fraction (CPIs dropped because the ring was full, over
 * CPIs completed by the radio) and the latency per CPI.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "Live drop fraction and latency with 1 vs 2 workers, and lossless mode, on a configuration.")
public final class PipelineBench implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "hw-config (default: the embedded seed-001 scenario)")
    Path config;

    @Option(names = "--seconds", description = "length of one live round, s (default ${DEFAULT-VALUE})")
    double seconds = 10;

    @Option(names = "--rounds", description = "rounds per worker count (default ${DEFAULT-VALUE})")
    int rounds = 3;

    @Option(names = "--lossless-cpis", description = "CPIs of the lossless flat-out run (default ${DEFAULT-VALUE})")
    int losslessCpis = 2000;

    @Override
    public Integer call() throws Exception {
        if (!(seconds > 0) || rounds < 1 || losslessCpis < 1) {
            throw new UsageException("--seconds, --rounds and --lossless-cpis must be positive");
        }
        RunConfig base = config == null ? Configs.loadDefault() : Configs.load(config);
        EstimatorSetup setup = Estimators.of(base.estimator()).setup(base);
        int[] workerCounts = {1, 2};
        double[][] drop = new double[2][rounds];
        double[][] latency = new double[2][rounds];
        long cpisPerRound = Math.round(seconds * base.symbolRateHz() / base.cpiSymbols());
        System.out.printf(Locale.ROOT, "pipeline bench: %s; live rounds of %d CPIs (%.1f s of stream each, plus "
                + "start-up and warm-up) with 1 and 2 workers, alternating, %d rounds; %d processors%n", base.name(),
                cpisPerRound, seconds, rounds, Runtime.getRuntime().availableProcessors());
        for (int r = 0; r < rounds; r++) {
            for (int w = 0; w < 2; w++) {
                RunConfig cfg = base.withPipeline(base.pipeline().withWorkers(workerCounts[w])
                        .withRingMode(PipelineConfig.RingMode.LIVE));
                long t0 = System.nanoTime();
                HealthSnapshot h = run(cfg, setup, cpisPerRound);
                double wallS = (System.nanoTime() - t0) / 1e9;
                long completed = h.cpisPublished() + h.cpisDroppedRingFull();
                drop[w][r] = (double) h.cpisDroppedRingFull() / completed;
                latency[w][r] = h.latencyMedianNanos() / 1e6;
                System.out.printf(Locale.ROOT, "round %d, %d worker(s): %d CPIs from the radio (%.1f s of stream; "
                                + "the round took %.1f s with start-up and warm-up), %d dropped (%.2f %%), latency median %.2f ms%n", r + 1,
                        workerCounts[w], completed, seconds, wallS, h.cpisDroppedRingFull(), 100 * drop[w][r],
                        latency[w][r]);
            }
        }
        for (int w = 0; w < 2; w++) {
            System.out.printf(Locale.ROOT, "live, %d worker(s): drop fraction median %.2f %% (min %.2f, max %.2f); "
                            + "latency median %.2f ms (min %.2f, max %.2f)%n", workerCounts[w],
                    100 * Stats.median(drop[w]), 100 * Stats.quantile(drop[w], 0), 100 * Stats.quantile(drop[w], 1),
                    Stats.median(latency[w]), Stats.quantile(latency[w], 0), Stats.quantile(latency[w], 1));
        }
        SceneConfig s = base.scene();
        RunConfig flatOut = base.withScene(new SceneConfig(s.seed(), s.motion(), false, s.targets(),
                s.calibrationErrors())).withPipeline(base.pipeline().withRingMode(PipelineConfig.RingMode.LOSSLESS));
        long t0 = System.nanoTime();
        HealthSnapshot h = run(flatOut, setup, losslessCpis);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "lossless, flat out, %d worker(s): %d CPIs processed, %d dropped, %.0f CPIs/s%n",
                flatOut.pipeline().workers(), h.cpisProcessed(), h.cpisDroppedRingFull() + h.cpisDroppedGap(),
                h.cpisProcessed() / elapsed);
        return h.cpisDroppedRingFull() == 0 ? 0 : 1;
    }

    private static HealthSnapshot run(RunConfig cfg, EstimatorSetup setup, long cpis) throws InterruptedException {
        try (RadioDevice device = RadioDevices.open(cfg);
             RecordSink sink = new JsonLinesSink(OutputStream.nullOutputStream(), "null", false)) {
            Pipeline p = new Pipeline(cfg, device, new CalibrationState(CalibrationSelection.select(cfg, null)), setup,
                    sink, null, cpis);
            return p.run(new RecordSink.RunInfo(cfg.source(), cfg.name(), device.description(), setup.type(),
                    setup.newFrontEnd().name(), setup.diagnosticNames(), "identity", cfg.pipeline().workers(),
                    cfg.pipeline().ringMode().name(), cfg.pipeline().ringSlots(), cfg.radio().txLimits().describe(),
                    List.of())).health();
        }
    }
}
