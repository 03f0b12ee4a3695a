package org.nftb.run;

import org.nftb.calibration.table.CalibrationTable;
import org.nftb.config.PipelineConfig;
import org.nftb.config.RunConfig;
import org.nftb.device.RadioDevice;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.estimator.TransmitPlan;
import org.nftb.output.RecordSink;
import org.nftb.pipeline.Pipeline;
import org.nftb.sequential.SequentialStages;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Puts a run together from its parts (configuration, device, estimator set-up, calibration, sinks), for the
 * {@code nftb} commands and for benchmarks that run the pipeline as an operator would; the commands themselves only
 * parse options.
 */
public final class RunAssembly {
    private RunAssembly() {
    }

    /** The {@code start} record's facts. */
    public static RecordSink.RunInfo runInfo(RunConfig cfg, RadioDevice device, EstimatorSetup setup,
                                             CalibrationTable table) {
        PipelineConfig p = cfg.pipeline();
        return new RecordSink.RunInfo(cfg.source(), cfg.name(), device.description(), setup.type(),
                setup.newFrontEnd().name(), setup.diagnosticNames(), table.describe(), p.workers(),
                p.ringMode().name().toLowerCase(Locale.ROOT), p.ringSlots(), device.canTransmit()
                ? cfg.radio().txLimits().describe() : "disabled: the device plays a recording",
                cfg.warnings(), cfg.sequential() == null ? null : cfg.sequential().describe());
    }

    /** Gives {@code pipeline} the configuration's sequential stage ({@code sequential:}), if it names one. */
    public static void installSequentialStage(Pipeline pipeline, RunConfig cfg, EstimatorSetup setup,
                                              RadioDevice device) {
        if (cfg.sequential() != null) {
            TransmitPlan plan = device.canTransmit() ? setup.transmitPlan() : null;
            pipeline.setSequentialStage(SequentialStages.of(cfg.sequential()).newStage(cfg, plan));
        }
    }

    /**
     * Runs {@code pipeline} to its end with a JVM shutdown hook that stops it on Ctrl-C or SIGTERM and waits
     * (bounded: a radio stuck in receive must not keep the JVM from exiting) until its final records are out.
     */
    public static Pipeline.RunResult runToEnd(Pipeline pipeline, RunConfig cfg, RecordSink.RunInfo info)
            throws InterruptedException {
        return runToEnd(pipeline, cfg, info, r -> {
        });
    }

    /**
     * {@link #runToEnd(Pipeline, RunConfig, RecordSink.RunInfo)}, then {@code ending} with the result — still
     * before the shutdown hook lets the JVM exit, so that a run stopped with Ctrl-C also gets its last records (the
     * summary) out.
     */
    public static Pipeline.RunResult runToEnd(Pipeline pipeline, RunConfig cfg, RecordSink.RunInfo info,
                                              Consumer<Pipeline.RunResult> ending) throws InterruptedException {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            pipeline.stop();
            try {
                finished.await(cfg.pipeline().receiveTimeoutNanos() / 1_000_000 + 5_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nftb-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Pipeline.RunResult result = pipeline.run(info);
            ending.accept(result);
            return result;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // JVM already shutting down (Ctrl-C): the hook is running and waits for us
            }
        }
    }
}
