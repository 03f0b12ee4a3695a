package org.nftb.cli;

import org.nftb.calibration.CalibrationSelection;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.calibration.table.CalibrationTables;
import org.nftb.config.Backend;
import org.nftb.config.FaultPlan;
import org.nftb.config.FaultsReader;
import org.nftb.config.RunConfig;
import org.nftb.device.RadioDevice;
import org.nftb.device.RecordedDrops;
import org.nftb.device.backend.RadioDevices;
import org.nftb.device.fault.FaultInjectingDevice;
import org.nftb.device.replay.Capture;
import org.nftb.device.replay.ReplayDevice;
import org.nftb.record.Recorder;
import org.nftb.record.RecordingDevice;
import org.nftb.record.RecordingTap;
import org.nftb.calibration.DriftWatch;
import org.nftb.calibration.ReferenceCalibration;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.estimator.Estimators;
import org.nftb.dashboard.Dashboard;
import org.nftb.output.FanOutSink;
import org.nftb.output.JsonLinesSink;
import org.nftb.output.OutputException;
import org.nftb.output.RecordSink;
import org.nftb.output.Console;
import org.nftb.output.RunSummary;
import org.nftb.output.StatusLine;
import org.nftb.output.SummarySink;
import org.nftb.pipeline.Pipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.nftb.run.CalibrationHooks;
import org.nftb.run.RunAssembly;
import org.nftb.run.Configs;
import org.nftb.run.UsageException;

/** {@code nftb run}: the live pipeline on the configured radio (the simulated array by default). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the live pipeline: radio -> calibration -> CPI ring -> estimator -> JSON lines and the "
                + "live dashboard.",
        footer = {"", "Logging: NFTB_LOG_LEVEL=DEBUG|INFO|WARN sets nftb's log level; --log-file FILE keeps a copy. "
                + "Real radios: UHD prints its own log lines to the same terminal; quiet them with "
                + "UHD_LOG_CONSOLE_LEVEL=warning (or error) in the environment (UHD_LOG_LEVEL sets its file log)."})
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--config", paramLabel = "FILE",
            description = "hw-config YAML (default: the embedded seed-001 scenario on the simulated array)")
    Path config;

    @Option(names = "--cpis", paramLabel = "N", description = "stop after N CPIs consumed, estimated or rejected "
            + "(default: until Ctrl-C)")
    Long cpis;

    @Option(names = "--out", paramLabel = "FILE", description = "write JSON lines here (default: stdout; when stdout "
            + "is a terminal, a new file under runs/ whose name is printed)")
    Path out;

    @Option(names = "--overwrite", description = "replace an existing --out file (default: refuse, so that no "
            + "earlier run's records are lost)")
    boolean overwrite;

    @Option(names = "--calibration", paramLabel = "FILE",
            description = "calibration table to apply (overrides calibration.table in the config)")
    Path calibration;

    @Mixin
    DashboardOptions dashboard = new DashboardOptions();

    @Option(names = "--record", paramLabel = "DIR", description = "also record the radio's IQ as a SigMF capture in "
            + "DIR (as nftb record does; replay it with nftb replay DIR)")
    Path record;

    /** The hw-config text to embed when recording, when not read from {@link #config} (nftb replay's). */
    String configText;

    /** The capture the replay backend plays (nftb replay's, or radio.replay.capture), opened once; else null. */
    Capture replayed;

    /** A replay also estimates the CPIs the recorded run dropped (nftb replay --all-cpis). */
    boolean allCpis;

    @Option(names = "--dashboard-captures", paramLabel = "DIR", defaultValue = "captures",
            description = "where recordings started from the dashboard go (with --dashboard-controls; default "
                    + "${DEFAULT-VALUE}/ under the working directory)")
    Path dashboardCaptures;

    /** Wraps the opened radio before anything else sees it (tests count what reaches the radio); identity. */
    UnaryOperator<RadioDevice> wrapDevice = UnaryOperator.identity();

    /** The recorder of {@code --record}, found when the radio is opened; else null. */
    private Recorder recorder;

    /** Faults injected into the replayed stream (nftb replay --inject SPEC). */
    FaultPlan inject = FaultPlan.NONE;

    @Option(names = "--force-calibration", description = "apply a calibration table whose array identity or "
            + "frequency does not match this run (a corrupt table is still refused)")
    boolean forceCalibration;

    @Override
    public Integer call() throws Exception {
        RunConfig cfg = config == null ? Configs.loadDefault() : Configs.load(config);
        if (cfg.radio().backend() == Backend.REPLAY) {
            replayed = Capture.open(Path.of(cfg.radio().replay().capture()));
        }
        return execute(cfg);
    }

    /**
     * Runs the pipeline on {@code cfg}. The calibration: {@code --calibration}, else for a replay the table embedded
     * in the capture — whose recorded swaps are then replayed where they took effect — else the configuration's.
     */
    int execute(RunConfig cfg) throws Exception {
        for (String w : cfg.warnings()) {
            LOG.warn(w);
        }
        if (cpis != null && cpis < 1) {
            throw new UsageException("--cpis must be >= 1, got " + cpis);
        }
        boolean embedded = replayed != null && calibration == null && replayed.calibration() != null;
        CalibrationSelection.Selected selected = replayed == null || calibration != null && forceCalibration
                ? CalibrationSelection.select(cfg, calibration, forceCalibration)
                : new CalibrationSelection.Selected(replayCalibration(cfg, replayed, calibration), null);
        CalibrationTable table = selected.table();
        LOG.info("config: {} ({})", cfg.name(), cfg.source());
        LOG.info("calibration in force: {}", table.describe());
        EstimatorSetup setup = Estimators.of(cfg.estimator()).setup(cfg);
        CalibrationState calibrationState = new CalibrationState(table);
        ReplayDevice[] replay = new ReplayDevice[1];
        Function<RunConfig, RadioDevice> opener = replayed == null ? RadioDevices::open
                : c -> injected(replay[0] = ReplayDevice.open(replayed, c, c.radio().replay()), c);
        FaultPlan faults = replayed != null ? inject
                : cfg.radio().backend() == Backend.SIM ? cfg.scene().faults() : FaultPlan.NONE;
        Path records = out != null ? out : RunFiles.forTerminal(cfg);
        if (dashboard.controlsRequested() && replayed != null) {
            throw new UsageException("--dashboard-controls: a replay plays a recording (nothing to record, retune or "
                    + "calibrate live); its dashboard is view-only");
        }
        DashboardControls[] controls = new DashboardControls[1];
        try (RadioDevice device = openDevice(cfg, opener, table, calibrationState, controls);
             RecordSink lines = openSink(records);
             Dashboard board = dashboard.open(cfg, calibrationState, System.err, controls[0])) {
            LOG.info("device: {}", device.description());
            if (embedded) {
                replay[0].replayCalibration(calibrationState);
                LOG.info("using the calibration embedded in the capture, each recorded version from where it took "
                        + "effect");
            }
            if (out == null && records != null) {
                Console.line(System.err, "nftb: stdout is a terminal: records go to " + records + " (plot them with "
                        + "nftb report " + records + "; pipe the output or give --out to choose)");
            }
            SummarySink summary = new SummarySink(setup.estimatesVelocity());
            RecordSink sink = board == null ? new FanOutSink(lines, summary)
                    : new FanOutSink(lines, summary, board.sink());                          // closed as resources
            Pipeline pipeline = new Pipeline(cfg, device, calibrationState, board == null ? setup : board.watch(setup),
                    sink, new StatusLine(System.err, setup.estimatesVelocity()), cpis == null ? Long.MAX_VALUE : cpis);
            wireDrops(pipeline, replay[0]);
            pipeline.setInjectedFaults(faults);
            DriftWatch watch = CalibrationHooks.install(pipeline, cfg, selected.file(), calibrationState, setup);
            RunAssembly.installSequentialStage(pipeline, cfg, setup, device);
            DashboardControls actions = controls[0];
            if (actions != null) {
                bindControls(pipeline, board, actions, watch);
            }
            List<RunSummary.Output> outputs = outputs(records);
            Pipeline.RunResult result = RunAssembly.runToEnd(pipeline, cfg,
                    RunAssembly.runInfo(cfg, device, setup, table), r -> {
                        if (actions != null) {
                            pipeline.withSink(s -> actions.end());
                        }
                        RunSummary s = summary.summary(r.health(), outputs);
                        sink.summary(s);
                        Console.line(System.err, s.describe());
                    });
            if (result.failed()) {
                System.err.println("nftb: the input failed: " + result.deviceFailure()
                        + " (records up to the failure are complete" + (records != null ? " in " + records : "")
                        + ")");
                return 3;
            }
            return 0;
        }
    }

    /** {@code replay} with the faults of {@code --inject}, which must start within the part played. */
    private RadioDevice injected(ReplayDevice replay, RunConfig cfg) {
        if (inject.isEmpty()) {
            return replay;
        }
        if (!cfg.radio().replay().loop()) {
            try {
                FaultsReader.checkEnd(inject, replay.endStreamIndex() / replay.sampleRateHz(), "the part of "
                        + replayed.source() + " played");
            } catch (RuntimeException e) {
                replay.close();
                throw e;
            }
        }
        return FaultInjectingDevice.wrap(replay, inject, cfg);
    }

    /**
     * A replay's calibration: {@code named}, else the capture's embedded table, else (foreign captures) the
     * configuration's; checked to fit the array.
     */
    static CalibrationTable replayCalibration(RunConfig cfg, Capture cap, Path named) {
        CalibrationTable table;
        if (named != null) {
            table = CalibrationTables.load(named, "--calibration");
        } else if (cap.calibration() != null) {
            table = cap.calibration();
        } else {
            return CalibrationSelection.select(cfg, null);
        }
        CalibrationTables.checkFits(table, cfg.rxArray().count(), cfg.carrierFrequencyHz());
        return table;
    }

    /**
     * The radio: opened, recorded with {@code --record}, and with {@code --dashboard-controls} wrapped in a
     * {@link RecordingTap} whose {@link DashboardControls} land in {@code controls[0]}.
     */
    private RadioDevice openDevice(RunConfig cfg, Function<RunConfig, RadioDevice> opener, CalibrationTable table,
                                   CalibrationState state, DashboardControls[] controls) {
        RadioDevice device = record == null ? wrapDevice.apply(opener.apply(cfg))
                : RecordCommand.tap(wrapDevice.apply(opener.apply(cfg)), record, cfg, config, configText, table);
        recorder = device instanceof RecordingDevice recording ? recording.recorder() : null;
        CalibrationState.Applied recorded = recorder == null ? null : recorder::calibrationApplied;
        state.setOnApplied(recorded);
        if (!dashboard.controlsRequested()) {
            return device;
        }
        RecordingTap tap = RecordingTap.wrap(device, cfg.samplesPerCpi());
        controls[0] = new DashboardControls(cfg, tap, st -> RecordCommand.specOf(cfg, config, configText,
                st.current().table()), state, recorded, dashboardCaptures == null ? DashboardControls.CAPTURES
                : dashboardCaptures);
        return tap;
    }

    /**
     * The recording of {@code --record} notes the CPIs this run drops (ring full; also when the dashboard's recording
     * tap wraps it), and a replay drops again those its recorded run dropped unless {@code --all-cpis}.
     */
    private void wireDrops(Pipeline pipeline, ReplayDevice replay) {
        if (recorder != null) {
            pipeline.observeDrops(recorder::cpiDropped);
        }
        RecordedDrops drops = replay == null || allCpis ? null : replay.recordedDrops();
        if (drops != null) {
            pipeline.replayDrops(drops);
            LOG.info("the capture notes CPIs its run dropped (ring full): they are dropped again, so that the "
                    + "records are that run's (nftb replay --all-cpis estimates them)");
        }
    }

    /** Feeds the controls' reference calibration (next to the drift watch) and lets the dashboard act. */
    private static void bindControls(Pipeline pipeline, Dashboard board, DashboardControls actions, DriftWatch watch) {
        ReferenceCalibration reference = actions.reference();
        pipeline.setCpiListener((frame, reported, s) -> {
            if (watch != null) {
                watch.written(frame, reported, s);
            }
            reference.written(frame, reported, s);
        });
        board.controlRecords(rec -> pipeline.withSink(s -> {
            if (!actions.ended()) {
                s.control(rec);
            }
        }));
        actions.bind(pipeline);
    }

    /** Where this run's outputs go, for the summary. */
    private List<RunSummary.Output> outputs(Path records) {
        List<RunSummary.Output> o = new ArrayList<>();
        o.add(new RunSummary.Output("records", records == null ? "stdout" : records.toString()));
        if (record != null) {
            o.add(new RunSummary.Output("capture", record.toString()));
        }
        String log = LogFile.Name.current;
        if (log != null) {
            o.add(new RunSummary.Output("log", log));
        }
        return o;
    }

    private RecordSink openSink(Path out) {
        if (out == null) {
            return new JsonLinesSink(System.out, "stdout", false);
        }
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (Files.isRegularFile(out) && !overwrite) {
                throw new OutputException(out + " exists; choose another --out or add --overwrite", null);
            }
            FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            return new JsonLinesSink(channel, out.toString());
        } catch (IOException e) {
            throw new OutputException("cannot open " + out + " for records: " + e.getMessage(), e);
        }
    }
}
