package org.nftb.cli;

import org.nftb.calibration.CalibrationSelection;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.config.Backend;
import org.nftb.config.ConfigLoader;
import org.nftb.config.RunConfig;
import org.nftb.device.DeviceException;
import org.nftb.device.RadioDevice;
import org.nftb.device.backend.RadioDevices;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;
import org.nftb.device.StreamStart;
import org.nftb.output.OutputException;
import org.nftb.record.Recorder;
import org.nftb.record.RecordingDevice;
import org.nftb.record.RecordingSpec;
import org.nftb.sigmf.Datatype;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nftb.run.Configs;
import org.nftb.run.UsageException;

/**
 * {@code nftb record}: the configured radio's receive stream as a SigMF capture (docs/record-replay.md),
 * without estimating. Also the tap behind {@code nftb run --record} ({@link #tap}).
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Record the radio's multi-channel IQ as a SigMF capture (a Collection, one recording per channel).")
public final class RecordCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RecordCommand.class);

    @Option(names = "--config", paramLabel = "FILE",
            description = "hw-config YAML (default: the embedded seed-001 scenario on the simulated array)")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "new (or empty) capture directory")
    Path out;

    @Option(names = "--cpis", paramLabel = "N", description = "stop after N CPIs of samples per channel")
    Long cpis;

    @Option(names = "--seconds", paramLabel = "S", description = "stop after S seconds of signal")
    Double seconds;

    @Option(names = "--calibration", paramLabel = "FILE",
            description = "calibration table in force, embedded in the capture (overrides calibration.table)")
    Path calibration;

    @Option(names = "--datatype", paramLabel = "TYPE", defaultValue = "cf32_le",
            description = "cf32_le (default, exact) or ci16_le (half the size; quantised)")
    String datatype;

    @Option(names = "--full-scale", paramLabel = "X", description = "ci16_le: amplitude stored as int16 full scale "
            + "(default 1 for radios, 16 for the simulator, whose noise has unit power)")
    Float fullScale;

    @Option(names = "--no-sha512", description = "leave out core:sha512 of the data files (saves about 1.5 ns of "
            + "CPU per byte; the integrity of the samples can then not be checked on read)")
    boolean noSha512;

    @Override
    public Integer call() throws Exception {
        if (cpis != null && seconds != null) {
            throw new UsageException("give --cpis or --seconds, not both");
        }
        if ((cpis != null && cpis < 1) || (seconds != null && !(seconds > 0))) {
            throw new UsageException("--cpis must be >= 1 and --seconds > 0");
        }
        RunConfig cfg = config == null ? Configs.loadDefault() : Configs.load(config);
        CalibrationTable table = CalibrationSelection.select(cfg, calibration);
        RecordingSpec spec = spec(cfg, config, null, table);
        long limit = cpis != null ? cpis * cfg.samplesPerCpi()
                : seconds != null ? Math.round(seconds * cfg.radio().sampleRateHz()) : Long.MAX_VALUE;
        try (RadioDevice device = RadioDevices.open(cfg)) {
            Recorder recorder = Recorder.start(out, spec, device);
            LOG.info("recording {} into {} ({})", device.description(), out, spec.datatype());
            return loop(cfg, device, recorder, limit);
        }
    }

    private int loop(RunConfig cfg, RadioDevice device, Recorder recorder, long limit) throws InterruptedException {
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(cfg.pipeline().receiveTimeoutNanos() / 1_000_000 + 5_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nftb-record-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        RxBuffer buffer = new RxBuffer(device.channelCount(), cfg.samplesPerCpi());
        long t0 = System.nanoTime();
        long nextStatus = t0 + 1_000_000_000L;
        long received = 0;
        String deviceFailure = null;
        Recorder.Result result;
        try {
            device.startStreaming(StreamStart.NOW);
            while (!stop.get() && received < limit && recorder.failure() == null) {
                device.receive(buffer, cfg.pipeline().receiveTimeoutNanos());
                if (buffer.samples() > limit - received) {
                    buffer.set((int) (limit - received), buffer.firstSampleIndex(), buffer.timeNanos(),
                            buffer.status(), buffer.detail());
                }
                received += buffer.samples();
                recorder.accept(buffer);
                if (buffer.status() == RxStatus.END_OF_STREAM) {
                    break;
                }
                if (System.nanoTime() >= nextStatus) {
                    status(recorder, t0, cfg, false);
                    nextStatus += 1_000_000_000L;
                }
            }
        } catch (DeviceException e) {
            deviceFailure = e.getMessage();
        } finally {
            try {
                device.stopStreaming();
            } catch (RuntimeException ignored) {
                // the device failed; what was recorded is finalised below
            }
            result = recorder.stop();
            status(recorder, t0, cfg, true);
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook waits for us
            }
        }
        if (result.notFinalised() != null) {
            throw new OutputException(result.notFinalised(), null);
        }
        if (result.failure() != null) {
            throw new OutputException(result.failure() + "; the capture in " + out + " holds the "
                    + result.samplesWritten() + " samples per channel written before (finalised)", null);
        }
        if (deviceFailure != null) {
            System.err.println("nftb: the radio failed: " + deviceFailure + " (the capture in " + out + " holds the "
                    + result.samplesWritten() + " samples per channel received before, finalised)");
            return 3;
        }
        return 0;
    }

    private static void status(Recorder recorder, long t0, RunConfig cfg, boolean last) {
        Recorder.Progress p = recorder.progress();
        System.err.printf(Locale.ROOT, "record %s%6.1f s | %d samples per channel written (%.3f s of signal), %d not "
                        + "recorded | %.1f MB%s%n", last ? "final " : "", (System.nanoTime() - t0) / 1e9,
                p.samplesWritten(), p.samplesWritten() / cfg.radio().sampleRateHz(), p.samplesDropped(),
                p.bytesWritten() / 1e6, p.failure() == null ? "" : " | FAILED: " + p.failure());
        System.err.flush();
    }

    private RecordingSpec spec(RunConfig cfg, Path configFile, String configText, CalibrationTable table) {
        Datatype type;
        try {
            type = Datatype.parse(datatype);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--datatype: " + e.getMessage());
        }
        if (!type.equals(Datatype.CF32_LE) && !type.equals(Datatype.CI16_LE)) {
            throw new UsageException("--datatype: nftb records cf32_le or ci16_le, not " + datatype);
        }
        float scale = fullScale != null ? fullScale
                : type.equals(Datatype.CF32_LE) ? 1f : cfg.radio().backend() == Backend.SIM ? 16f : 1f;
        if (!(scale > 0) || Float.isInfinite(scale)) {
            throw new UsageException("--full-scale must be > 0, got " + fullScale);
        }
        return specOf(cfg, configFile, configText, table).withDatatype(type, scale).withSha512(!noSha512);
    }

    /** The default (cf32) recording of a run on {@code cfg}: its hw-config text from {@code configText}, or read. */
    static RecordingSpec specOf(RunConfig cfg, Path configFile, String configText, CalibrationTable table) {
        String text = configText != null ? configText : readConfigText(configFile);
        return RecordingSpec.cf32(cfg, text, cfg.source(), table);
    }

    /**
     * {@code device} recorded into {@code dir} (the tap of {@code nftb run --record}); the device is closed if the
     * recording cannot start.
     */
    static RadioDevice tap(RadioDevice device, Path dir, RunConfig cfg, Path configFile, String configText,
                           CalibrationTable table) {
        try {
            Recorder recorder = Recorder.start(dir, specOf(cfg, configFile, configText, table), device);
            LOG.info("recording the receive stream into {}", dir);
            return RecordingDevice.wrap(device, recorder);
        } catch (RuntimeException e) {
            device.close();
            throw e;
        }
    }

    private static String readConfigText(Path configFile) {
        try {
            if (configFile != null) {
                return Files.readString(configFile, StandardCharsets.UTF_8);
            }
            try (InputStream in = ConfigLoader.class.getResourceAsStream(ConfigLoader.DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new OutputException("the embedded default configuration is missing from the build", null);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new OutputException("cannot read " + configFile + " to embed it in the capture: " + e.getMessage(), e);
        }
    }
}
