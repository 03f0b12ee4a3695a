package org.nftb.cli;

import org.nftb.config.FaultsReader;
import org.nftb.config.PipelineConfig;
import org.nftb.config.Quantity;
import org.nftb.config.ReplayConfig;
import org.nftb.config.RunConfig;
import org.nftb.device.replay.Capture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nftb.run.Configs;
import org.nftb.run.UsageException;

/**
 * {@code nftb replay CAPTURE}: a recorded capture through the same calibration → CPI → estimator → output path as a
 * live run ({@link RunCommand}), optionally with faults injected ({@code --inject SPEC}), on the configuration embedded in the capture (or {@code --config} for captures
 * recorded by other tools), with the calibration embedded in it unless {@code --calibration} names another.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a SigMF capture through the live pipeline (calibration, CPIs, estimator, JSON lines).")
public final class ReplayCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CAPTURE",
            description = "capture directory, .sigmf-collection, .sigmf-meta or .sigmf archive")
    Path capture;

    @Option(names = "--pace", paramLabel = "PACE", defaultValue = "max",
            description = "max (default: as fast as the estimator goes, nothing dropped) or realtime (as recorded, "
                    + "with the configuration's ring mode)")
    String pace;

    @Option(names = "--loop", description = "start again at --from after --to")
    boolean loop;

    @Option(names = "--from", paramLabel = "T", description = "start this long after the first sample (e.g. 2.5 s)")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "stop this long after the first sample")
    String to;

    @Option(names = "--config", paramLabel = "FILE", description = "hw-config describing the array (required for "
            + "captures without an embedded nftb configuration)")
    Path config;

    @Option(names = "--calibration", paramLabel = "FILE", description = "calibration table to apply instead of the "
            + "one embedded in the capture")
    Path calibration;

    @Option(names = "--cpis", paramLabel = "N", description = "stop after N CPIs consumed")
    Long cpis;

    @Option(names = "--out", paramLabel = "FILE", description = "write JSON lines here (default: stdout; when stdout "
            + "is a terminal, a new file under runs/ whose name is printed)")
    Path out;

    @Option(names = "--overwrite", description = "replace an existing --out file")
    boolean overwrite;

    @Option(names = "--record", paramLabel = "DIR", description = "record what is replayed into a new capture")
    Path record;

    @Option(names = "--all-cpis", description = "also estimate the CPIs the recorded run dropped because its ring was "
            + "full (default: drop them again, so that the records, a sequential stage's included, are the recorded "
            + "run's)")
    boolean allCpis;

    @Mixin
    DashboardOptions dashboard = new DashboardOptions();

    @Option(names = "--inject", paramLabel = "SPEC", description = "inject faults into the replayed stream: a YAML "
            + "file or inline YAML listing them, e.g. '[{kind: phase, at: 0.5 s, channels: [3], size: 90 deg}]' "
            + "(kinds: loss, timeout, late, slip, phase, gain, dead, clip, nan, clock, tone; docs/faults.md)")
    String inject;

    @Override
    public Integer call() throws Exception {
        ReplayConfig.Pace p = switch (pace.toLowerCase(Locale.ROOT)) {
            case "max" -> ReplayConfig.Pace.MAX;
            case "realtime", "real-time" -> ReplayConfig.Pace.REALTIME;
            default -> throw new UsageException("--pace must be max or realtime, got '" + pace + "'");
        };
        double fromS = seconds("--from", from, 0);
        double toS = seconds("--to", to, Double.POSITIVE_INFINITY);
        if (!(toS > fromS)) {
            throw new UsageException("--to must be after --from");
        }
        Capture cap = Capture.open(capture);
        String text = cap.hwConfigText();
        RunConfig base;
        if (config != null) {
            base = Configs.load(config);
            text = null;
        } else if (text != null) {
            base = Configs.parse(cap.source() + " (embedded hw-config)", text);
        } else {
            throw new UsageException(cap.source() + " was not recorded by nftb and embeds no configuration; give "
                    + "--config FILE describing its array (elements, carrier, symbol rate, sample rate, estimator)");
        }
        ReplayConfig settings = new ReplayConfig(capture.toString(), p, loop, fromS, toS);
        RunConfig cfg = base.withRadio(base.radio().asReplay(settings));
        if (p == ReplayConfig.Pace.MAX) {
            cfg = cfg.withPipeline(cfg.pipeline().withRingMode(PipelineConfig.RingMode.LOSSLESS));
        }
        RunCommand run = new RunCommand();
        run.cpis = cpis;
        run.out = out;
        run.overwrite = overwrite;
        run.record = record;
        run.config = config;
        run.configText = text;
        run.calibration = calibration;
        run.replayed = cap;
        run.allCpis = allCpis;
        run.dashboard = dashboard;
        if (inject != null) {
            run.inject = FaultsReader.parseSpec(inject, cfg.rxArray().count(), cfg.radio().sampleRateHz());
        }
        return run.execute(cfg);
    }

    private static double seconds(String option, String text, double absent) {
        if (text == null) {
            return absent;
        }
        try {
            double v = Quantity.DURATION.parse(text);
            if (v < 0) {
                throw new UsageException(option + " must be >= 0 s, got " + text);
            }
            return v;
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }
}
