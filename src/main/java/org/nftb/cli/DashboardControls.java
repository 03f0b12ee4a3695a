package org.nftb.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nftb.calibration.ReferenceCalibration;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.config.Quantity;
import org.nftb.config.RunConfig;
import org.nftb.dashboard.Controls;
import org.nftb.device.CommandTime;
import org.nftb.device.GroundTruthSource;
import org.nftb.device.RadioDevice;
import org.nftb.device.TxInterlock;
import org.nftb.device.TxRefusedException;
import org.nftb.model.TargetState;
import org.nftb.output.ControlRecord;
import org.nftb.pipeline.Pipeline;
import org.nftb.record.Recorder;
import org.nftb.record.RecordingSpec;
import org.nftb.record.RecordingTap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The actions of {@code nftb run --dashboard-controls}, on the run's own parts: recording through the
 * {@link RecordingTap} the device is wrapped in, the {@link ReferenceCalibration} the pipeline feeds, retuning the
 * device after the {@link TxInterlock} allowed the values (refused before any call reaches the radio otherwise),
 * and stopping the pipeline. Every outcome says what happened; the dashboard writes it as a {@code control} record.
 */
final class DashboardControls implements Controls {
    /** Recordings started from the page go under this directory (relative to the working directory). */
    static final Path CAPTURES = Path.of("captures");
    static final int DEFAULT_CALIBRATION_CPIS = 64;
    private static final int MAX_CALIBRATION_CPIS = 4096;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunConfig cfg;
    private final Path captures;
    private final RecordingTap tap;
    private final Function<CalibrationState, RecordingSpec> spec;
    private final CalibrationState calibration;
    private final ReferenceCalibration reference;
    private final TxInterlock interlock;
    private final Map<Long, Long> appliedAt = new ConcurrentHashMap<>();
    private volatile Pipeline pipeline;
    private volatile boolean ended;

    /**
     * @param spec     the recording spec of a capture started now (its hw-config text, the table in force)
     * @param alsoTell told of every table that takes effect as well (a {@code --record} capture), or null
     * @param captures where recordings started from the page go
     */
    DashboardControls(RunConfig cfg, RecordingTap tap, Function<CalibrationState, RecordingSpec> spec,
                      CalibrationState calibration, CalibrationState.Applied alsoTell, Path captures) {
        this.cfg = cfg;
        this.captures = captures;
        this.tap = tap;
        this.spec = spec;
        this.calibration = calibration;
        this.reference = new ReferenceCalibration(cfg, calibration);
        this.interlock = new TxInterlock(cfg.radio().txLimits(), cfg.source());
        calibration.setOnApplied((table, firstSampleIndex) -> {
            appliedAt.put(table.version(), firstSampleIndex / cfg.samplesPerCpi());
            tap.calibrationApplied(table, firstSampleIndex);
            if (alsoTell != null) {
                alsoTell.applied(table, firstSampleIndex);
            }
        });
    }

    /** The reference calibration the pipeline must feed (a CPI listener). */
    ReferenceCalibration reference() {
        return reference;
    }

    /** The run is assembled: actions may reach it. */
    void bind(Pipeline p) {
        this.pipeline = p;
    }

    /** The run ended: every later request is refused; a calibration still measuring fails. */
    void end() {
        ended = true;
        reference.cancel("the run ended before the calibration completed");
    }

    /** Whether the run has ended (control records are no longer written). */
    boolean ended() {
        return ended;
    }

    @Override
    public Outcome act(String action, Map<String, String> p) {
        if (ended || pipeline == null) {
            return refused(ended ? "the run has ended" : "the run has not started yet");
        }
        return switch (action) {
            case RECORD_START -> startRecording(p.get("name"));
            case RECORD_STOP -> stopRecording();
            case CALIBRATE -> calibrate(p);
            case RETUNE -> retune(p.get("frequency"), p.get("gain"));
            case STOP -> {
                pipeline.stop();
                yield new Outcome(ControlRecord.DONE, "the run stops: CPIs in flight are finished, then the final "
                        + "health record and the summary", -1);
            }
            default -> refused("unknown action " + action);
        };
    }

    private Outcome startRecording(String name) {
        String n = name == null || name.isBlank() ? "dashboard-" + LocalDateTime.now().format(STAMP) : name.trim();
        if (!n.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            return refused("a recording name is letters, digits, '.', '_' and '-' (at most 64), not '" + n + "'");
        }
        Path dir = captures.resolve(n);
        if (Files.exists(dir)) {
            return refused(dir + " exists; choose another name (nothing is overwritten)");
        }
        try {
            tap.start(dir, spec.apply(calibration));
        } catch (IllegalStateException e) {
            return refused(e.getMessage());
        } catch (RuntimeException e) {
            return new Outcome(ControlRecord.FAILED, "cannot record: " + e.getMessage(), -1);
        }
        return new Outcome(ControlRecord.DONE, "recording into " + dir + " from the next CPI boundary (replay it "
                + "with nftb replay " + dir + ")", -1);
    }

    private Outcome stopRecording() {
        Path dir = tap.directory();
        Recorder.Result r = tap.stop();
        if (r == null) {
            return refused("nothing is being recorded");
        }
        if (r.failure() != null) {
            return new Outcome(ControlRecord.FAILED, "the recording into " + dir + " failed: " + r.failure(), -1);
        }
        return new Outcome(ControlRecord.DONE, String.format(Locale.ROOT, "capture %s finalised: %d samples per "
                        + "channel (%.3f s), %d not recorded", dir, r.samplesWritten(),
                r.samplesWritten() / cfg.radio().sampleRateHz(), r.samplesDropped()), -1);
    }

    private Outcome calibrate(Map<String, String> p) {
        int cpis;
        ReferenceCalibration.Reference ref;
        String against;
        try {
            cpis = p.containsKey("cpis") ? Integer.parseInt(p.get("cpis").trim()) : DEFAULT_CALIBRATION_CPIS;
            if (cpis < 2 || cpis > MAX_CALIBRATION_CPIS) {
                return refused("cpis must be 2.." + MAX_CALIBRATION_CPIS + ", got " + cpis);
            }
            if (p.containsKey("x") || p.containsKey("y")) {
                double x = Quantity.LENGTH.parse(p.getOrDefault("x", ""));
                double y = Quantity.LENGTH.parse(p.getOrDefault("y", ""));
                double vx = p.containsKey("vx") ? Quantity.VELOCITY.parse(p.get("vx")) : 0;
                double vy = p.containsKey("vy") ? Quantity.VELOCITY.parse(p.get("vy")) : 0;
                TargetState s = new TargetState(x, y, vx, vy);
                ref = t -> s;
                against = String.format(Locale.ROOT, "the reference at (%.4f, %.4f) m moving (%.3f, %.3f) m/s", x, y,
                        vx, vy);
            } else if (tap instanceof GroundTruthSource truth) {
                ref = t -> {
                    List<TargetState> all = truth.truthAt(t);
                    return all.size() == 1 ? all.get(0) : null;
                };
                against = "the simulated target's true state";
            } else {
                return refused("give the reference's position x, y (and velocity vx, vy if it moves): this device "
                        + "does not know the truth");
            }
        } catch (IllegalArgumentException e) {
            return refused(e.getMessage());
        }
        ReferenceCalibration.Result r;
        try {
            long waitMs = (long) (20_000 + 4e3 * cpis * cfg.cpiSymbols() / cfg.symbolRateHz());
            r = reference.request(cpis, ref).get(waitMs, TimeUnit.MILLISECONDS);
        } catch (IllegalStateException e) {
            return refused(e.getMessage());
        } catch (TimeoutException e) {
            reference.cancel("timed out");
            return new Outcome(ControlRecord.FAILED, "no " + cpis + " usable CPIs arrived in time (is the reference "
                    + "in view? a scene of one target?)", -1);
        } catch (ExecutionException e) {
            return new Outcome(ControlRecord.FAILED, e.getCause().getMessage(), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(ControlRecord.FAILED, "interrupted", -1);
        }
        long from = awaitApplied(r.version());
        return new Outcome(ControlRecord.DONE, String.format(Locale.ROOT, "reference calibration over %d CPIs against "
                        + "%s: correction %.3f deg / %.3f dB rms; table version %d in force from CPI %s: %s", r.cpis(),
                against, r.rmsPhaseDeg(), r.rmsAmplitudeDb(), r.version(), from < 0 ? "(not yet applied)" : from,
                r.table()), from);
    }

    /** The CPI from which {@code version} is in force (waits up to 5 s for the next CPI boundary), or -1. */
    private long awaitApplied(long version) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline && !ended) {
            Long seq = appliedAt.get(version);
            if (seq != null) {
                return seq;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return appliedAt.getOrDefault(version, -1L);
    }

    private Outcome retune(String frequency, String gain) {
        double hz;
        double db;
        try {
            hz = frequency == null || frequency.isBlank() ? tap.rxFrequencyHz(0) : Quantity.FREQUENCY.parse(frequency);
            db = gain == null || gain.isBlank() ? tap.rxGainDb(0) : Quantity.DECIBEL.parse(gain);
        } catch (IllegalArgumentException e) {
            return refused(e.getMessage());
        }
        try {
            interlock.check(hz, db, cfg.radio().sampleRateHz());
        } catch (TxRefusedException e) {
            return refused("refused by the interlock before the radio: " + e.getMessage().replace("TX refused: ", "")
                    + " (the limits: " + cfg.radio().txLimits().describe() + ")");
        }
        try {
            tap.setRxFrequency(hz, RadioDevice.ALL_CHANNELS, CommandTime.NOW);
            tap.setRxGain(db, RadioDevice.ALL_CHANNELS, CommandTime.NOW);
        } catch (RuntimeException e) {
            return new Outcome(ControlRecord.FAILED, "the radio refused: " + e.getMessage(), -1);
        }
        return new Outcome(ControlRecord.DONE, String.format(Locale.ROOT, "retune to %.6f GHz, gain %.1f dB sent to "
                        + "the radio (within %s); the estimator keeps the configured carrier %.6f GHz", hz / 1e9, db,
                cfg.radio().txLimits().describe(), cfg.carrierFrequencyHz() / 1e9), -1);
    }

    private static Outcome refused(String why) {
        return new Outcome(ControlRecord.REFUSED, why, -1);
    }

    @Override
    public String stateJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("recording", tap.directory() == null ? null : tap.directory().toString());
        Recorder.Progress pr = tap.progress();
        o.put("recordedSeconds", pr == null ? 0 : pr.samplesWritten() / cfg.radio().sampleRateHz());
        o.put("frequencyHz", tap.rxFrequencyHz(0));
        o.put("gainDb", tap.rxGainDb(0));
        o.put("limits", cfg.radio().txLimits().describe());
        o.put("truthKnown", tap instanceof GroundTruthSource);
        o.put("ended", ended);
        return o.toString();
    }
}
