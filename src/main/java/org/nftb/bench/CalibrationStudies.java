package org.nftb.bench;

import org.nftb.calibration.CalibrationMethods;
import org.nftb.calibration.CalibrationRig;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.calibration.table.ChainWeights;
import org.nftb.calibration.GeometryFit;
import org.nftb.calibration.InjectedFit;
import org.nftb.calibration.JumpResolver;
import org.nftb.calibration.Measurement;
import org.nftb.calibration.Progress;
import org.nftb.calibration.StartCheck;
import org.nftb.calibration.WeightsComparison;
import org.nftb.run.CalibrationHooks;
import org.nftb.config.CalibrationConfig;
import org.nftb.config.ConfigLoader;
import org.nftb.config.PipelineConfig;
import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.device.RadioDevice;
import org.nftb.device.backend.RadioDevices;
import org.nftb.device.TxBurst;
import org.nftb.device.sim.SimulatedArray;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.model.ArrayErrors;
import org.nftb.model.ElementArray;
import org.nftb.model.TargetState;
import org.nftb.output.CalibrationWatchRecord;
import org.nftb.output.EstimateRecord;
import org.nftb.output.HealthSnapshot;
import org.nftb.output.RecordSink;
import org.nftb.pipeline.Pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nftb.run.Configs;

/**
 * The measurements behind {@code nftb bench calibration}, each on the seed-001 array (N = 256, M = 32, W with
 * phases U[0, π/36] and amplitudes U[0, 1] dB from the configuration's seed) through the simulated array: the
 * methods run exactly as {@code nftb calibrate} runs them ({@link CalibrationMethods} on a {@link CalibrationRig}).
 */
final class CalibrationStudies {
    /** The condition of the reference sweep's rows. */
    static final String REFERENCE_SWEEP = "pilot at the target's position";
    /** The condition of the blind sweep's rows. */
    static final String BLIND_SWEEP = "seed 001's target (frozen, moving)";

    private final RunConfig base;
    private final double[] truth;
    private final double gainDb;

    CalibrationStudies(RunConfig base) {
        this.base = base.withScene(base.scene().withRealTime(false));
        SceneConfig.CalibrationErrors e = base.scene().calibrationErrors();
        this.truth = ArrayErrors.draw(base.rxArray().count(), e.phaseMaxRad(), e.amplitudeMaxDb(), e.seed());
        this.gainDb = 10 * Math.log10((double) base.rxArray().count() * base.cpiSymbols());
    }

    double[] truth() {
        return truth;
    }

    RunConfig base() {
        return base;
    }

    /** The scene's target, stationary, at processed SNR {@code snrDb} (its position is where pilots go). */
    RunConfig withTarget(double snrDb, boolean still, long seed) {
        SceneConfig.Target t = base.scene().targets().get(0);
        TargetState s = still ? new TargetState(t.initial().xM(), t.initial().yM(), 0, 0) : t.initial();
        return base.withScene(base.scene().withSeed(seed).withTargets(List.of(new SceneConfig.Target(s,
                snrDb - gainDb))));
    }

    /** One method's result against the true W. */
    record Row(String method, String condition, double snrDb, long cpis, double rmsPhaseDeg, double rmsAmplitudeDb,
               double statedPhaseDeg, double statedAmplitudeDb, double seconds) {
    }

    static CalibrationMethods.Options options(double[] sources, Integer cpis, double phaseDeg, double ampDb,
                                              double txGainDb, EstimatorSetup setup) {
        return new CalibrationMethods.Options(sources, cpis, Math.toRadians(phaseDeg), ampDb, 2_000_000,
                txGainDb, 0, setup);
    }

    private Row row(String method, String condition, double snr, Measurement m, double[] w, long t0) {
        WeightsComparison c = WeightsComparison.of(m.rx().w(), w);
        return new Row(method, condition, snr, m.cpis(), c.rmsPhaseDeg(), c.rmsAmplitudeDb(), m.rx().rmsPhaseStdDeg(),
                m.rx().rmsAmplitudeStdDb(), (System.nanoTime() - t0) / 1e9);
    }

    /** The reference method at processed SNR {@code snr}, CPIs chosen for 0.2° / 0.02 dB; returns the row and W. */
    Row reference(double snr, long seed, ChainWeights[] table) {
        return reference(snr, seed, 0.2, REFERENCE_SWEEP, table);
    }

    /** The reference method at processed SNR {@code snr}, CPIs chosen for {@code phaseDeg} and 0.02 dB. */
    Row reference(double snr, long seed, double phaseDeg, String condition, ChainWeights[] table) {
        RunConfig cfg = withTarget(snr, true, seed);
        TargetState p = cfg.scene().targets().get(0).initial();
        long t0 = System.nanoTime();
        try (CalibrationRig rig = CalibrationRig.open(cfg, Progress.NONE)) {
            Measurement m = CalibrationMethods.of("reference", options(new double[] {p.xM(), p.yM()}, null, phaseDeg,
                    0.02, 0, null)).measure(rig);
            table[0] = m.rx();
            return row("reference", condition, snr, m, truth, t0);
        }
    }

    /** The blind method on the scene's (frozen, moving) target at processed SNR {@code snr}, CPIs for 0.8°. */
    Row blind(double snr, long seed, EstimatorSetup setup) {
        RunConfig cfg = withTarget(snr, false, seed);
        long t0 = System.nanoTime();
        try (CalibrationRig rig = CalibrationRig.open(cfg, Progress.NONE)) {
            Measurement m = CalibrationMethods.of("blind", options(null, null, 0.8, 0.2, 0, setup)).measure(rig);
            return row("blind", BLIND_SWEEP, snr, m, truth, t0);
        }
    }

    /**
     * Several pilot positions against one: (a) the pilots are where the operator thinks give or take 0.5 mm (drawn),
     * one pilot against four jointly; (b) a wall reflects every pilot
     * (an image source 30 dB down behind x = −1.5 m), one pilot against four jointly.
     */
    List<Row> positions(double snr, long seed) {
        RunConfig cfg = withTarget(snr, true, seed);
        double[] nominal = {1.816, 6.778, 0.6, 5.0, -1.0, 6.0, 2.5, 4.5};
        SplittableRandom rng = new SplittableRandom(seed);
        double[] off = nominal.clone();
        for (int i = 0; i < off.length; i++) {
            off[i] += (rng.nextDouble() - 0.5) * 1e-3;
        }
        double amp = snr - gainDb;
        List<Row> rows = new ArrayList<>();
        String[] names = {"reference", "positions", "reference", "positions"};
        double[][] sources = {{nominal[0], nominal[1]}, nominal, {nominal[0], nominal[1]}, nominal};
        String[] what = {"1 pilot, placed within 0.5 mm of where it is said to be",
                "4 pilots jointly, each within 0.5 mm", "1 pilot, wall echo 30 dB down",
                "4 pilots jointly, wall echo 30 dB down"};
        for (int v = 0; v < names.length; v++) {
            boolean wall = v >= 2;
            double[] actual = wall ? nominal : off;
            CalibrationRig.Placement place = (current, x, y, index, total) -> {
                double ax = actual[2 * index];
                double ay = actual[2 * index + 1];
                List<SceneConfig.Target> t = new ArrayList<>();
                t.add(new SceneConfig.Target(new TargetState(ax, ay, 0, 0), amp));
                if (wall) {
                    t.add(new SceneConfig.Target(new TargetState(-ax - 3.0, ay, 0, 0), amp - 30));
                }
                return RadioDevices.open(cfg.withScene(cfg.scene().withTargets(t)));
            };
            long t0 = System.nanoTime();
            try (CalibrationRig rig = new CalibrationRig(cfg, new SimulatedArray(cfg), place, Progress.NONE)) {
                Measurement m = CalibrationMethods.of(names[v], options(sources[v], 400, 0.2, 0.02, 0, null))
                        .measure(rig);
                rows.add(row(names[v], what[v] + String.format(Locale.ROOT,
                        "; sensitivity %.2f deg/mm", m.quality().get("positionSensitivityDegPerMm")), snr, m, truth,
                        t0));
            }
        }
        return rows;
    }

    /** The injected reference with a per-channel delay of 0..8 samples (fractions too), TX gain {@code gainDb}. */
    Row injected(double txGainDb, long seed) {
        int n = base.rxArray().count();
        SplittableRandom rng = new SplittableRandom(seed);
        List<Double> delays = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            delays.add(Math.round(rng.nextDouble() * 8 * 100) / 100.0);
        }
        RunConfig cfg = base.withScene(base.scene().withSeed(seed).withTransmitPath(
                SceneConfig.TransmitPath.inject(0, delays)));
        long t0 = System.nanoTime();
        try (CalibrationRig rig = CalibrationRig.open(cfg, Progress.NONE)) {
            Measurement m = CalibrationMethods.of("inject", options(null, 128, 0.2, 0.02, txGainDb, null))
                    .measure(rig);
            double err = 0;
            for (int i = 0; i < n; i++) {
                double e = m.delaySamples()[i] - (delays.get(i) - delays.get(0));
                err += e * e / n;
            }
            return row("inject", String.format(Locale.ROOT, "TX gain %.0f dB, delays 0-8 samples "
                    + "(rms delay error %.4f samples)", txGainDb, Math.sqrt(err)), txGainDb, m, truth, t0);
        }
    }

    /** Element positions off by up to ±0.15 λ in x and y, six pilots 1.2-3 m away; returns the row and shape error. */
    Row geometry(double snr, long seed) {
        RunConfig nominal = withTarget(snr, true, seed);
        ElementArray a = nominal.rxArray();
        int n = a.count();
        double lambda = nominal.wavelengthM();
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = a.xM(i) + (rng.nextDouble() - 0.5) * 0.3 * lambda;
            y[i] = a.yM(i) + (rng.nextDouble() - 0.5) * 0.3 * lambda;
        }
        ElementArray real = new ElementArray(x, y, a.referenceXM(), a.referenceYM());
        RunConfig truthCfg = nominal.withArrays(real, real, true);
        double[] pilots = {-2.0, 1.2, -1.0, 2.5, 0.0, 1.5, 0.8, 3.0, 1.5, 1.6, 2.2, 1.0};
        long t0 = System.nanoTime();
        try (CalibrationRig rig = new CalibrationRig(nominal, new SimulatedArray(truthCfg),
                CalibrationRig.simPlacement(truthCfg), Progress.NONE)) {
            CalibrationMethods.Options o = new CalibrationMethods.Options(pilots, 100, Math.toRadians(0.2), 0.02,
                    100, 0, 0.5 * lambda, null);
            Measurement m = CalibrationMethods.of("geometry", o).measure(rig);
            double[] truthXy = new double[2 * n];
            for (int i = 0; i < n; i++) {
                truthXy[2 * i] = x[i];
                truthXy[2 * i + 1] = y[i];
            }
            double[] estX = new double[n];
            double[] estY = new double[n];
            for (int i = 0; i < n; i++) {
                estX[i] = m.positionsM()[2 * i];
                estY[i] = m.positionsM()[2 * i + 1];
            }
            // the true shape moved rigidly into the estimate's frame (the nominal array's): what is left is shape error
            double[] aligned = GeometryFit.alignTo(new ElementArray(estX, estY, 0, 0), truthXy);
            double s2 = 0;
            for (int i = 0; i < n; i++) {
                s2 += Math.pow(m.positionsM()[2 * i] - aligned[2 * i], 2) + Math.pow(m.positionsM()[2 * i + 1]
                        - aligned[2 * i + 1], 2);
            }
            WeightsComparison c = WeightsComparison.of(m.rx().w(), truth);
            return new Row("geometry", String.format(Locale.ROOT, "element positions off by up to 0.15 "
                    + "lambda, 6 pilots; rms shape error after: %.4f lambda (W phase carries the rigid offset)",
                    Math.sqrt(s2 / n) / lambda), snr, m.cpis(), c.rmsPhaseDeg(), c.rmsAmplitudeDb(),
                    m.rx().rmsPhaseStdDeg(), m.rx().rmsAmplitudeStdDb(), (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Transmit chains: a 16-element Tx ULA 1 m beside the receive array, chain errors like W, a still reflector. */
    Row[] transmit(double reflectorSnrDb, long seed) {
        String yaml = seed001Text().replace("  tx: rx", "  tx:\n    ula: {count: 16, spacingWavelengths: "
                + "0.5, origin: [1 m, 0 m], orientation: 0 deg}").replace("realTime: true", "realTime: false")
                + "  transmitPath: reflect\n";
        RunConfig cfg = Configs.parse("seed001 with a separate transmit array", yaml);
        TargetState t = base.scene().targets().get(0).initial();
        cfg = cfg.withScene(cfg.scene().withSeed(seed).withTargets(List.of(new SceneConfig.Target(
                new TargetState(t.xM(), t.yM(), 0, 0), reflectorSnrDb))));
        double[] v = ArrayErrors.draw(16, Math.PI / 36, 1, seed + 1);
        long t0 = System.nanoTime();
        try (CalibrationRig rig = new CalibrationRig(cfg, new ImpairedDevice(new SimulatedArray(cfg), v, -1, 0, 0),
                (d, x, y, i, k) -> d, Progress.NONE)) {
            Measurement m = CalibrationMethods.of("transmit", options(new double[] {t.xM(), t.yM()}, 2048, 0.2,
                    0.02, 0, null)).measure(rig);
            double sec = (System.nanoTime() - t0) / 1e9;
            WeightsComparison crx = WeightsComparison.of(m.rx().w(), truth);
            WeightsComparison ctx = WeightsComparison.of(m.tx().w(), v);
            String cond = String.format(Locale.ROOT, "16 Tx chains, Walsh codes x 2048 periods, reflector "
                    + "echo %.0f dB per sample", reflectorSnrDb);
            return new Row[] {new Row("transmit (rx W)", cond, reflectorSnrDb, m.cpis(), crx.rmsPhaseDeg(),
                    crx.rmsAmplitudeDb(), m.rx().rmsPhaseStdDeg(), m.rx().rmsAmplitudeStdDb(), sec),
                    new Row("transmit (tx V)", cond, reflectorSnrDb, m.cpis(), ctx.rmsPhaseDeg(), ctx.rmsAmplitudeDb(),
                            m.tx().rmsPhaseStdDeg(), m.tx().rmsAmplitudeStdDb(), sec)};
        }
    }

    /**
     * The drift watch in a real pipeline run: {@code cpis} CPIs at the configuration's SNR with {@code table} in
     * force and, when {@code stepElement >= 0}, a 5° step on that element from CPI {@code stepCpi}. Returns the
     * reports' (last CPI, elements named) pairs.
     */
    List<long[]> watch(CalibrationTable table, long cpis, int stepElement, long stepCpi, EstimatorSetup setup,
                       int workers, long seed) throws InterruptedException {
        RunConfig cfg = base.withScene(base.scene().withSeed(seed)).withPipeline(new PipelineConfig(16,
                PipelineConfig.WaitStrategyKind.BLOCKING, 1_000_000_000L, workers, PipelineConfig.RingMode.LOSSLESS, 300,
                base.pipeline().transmitLeadNanos()))
                .withCalibration(new CalibrationConfig(null, null, new CalibrationConfig.Watch(32, Math.toRadians(2),
                        0.5, false)));
        List<long[]> reports = new ArrayList<>();
        RecordSink sink = new RecordSink() {
            private long written;

            @Override public void start(RunInfo info) { }
            @Override public void estimate(EstimateRecord record) { written++; }
            @Override public void calibration(long sequence, long version, String t) { }
            @Override public void health(HealthSnapshot health) { }
            @Override public void fault(long sequence, String what, String where) { }
            @Override public long recordsWritten() { return written; }
            @Override public void close() { }

            @Override
            public void calibrationWatch(CalibrationWatchRecord r) {
                long[] row = new long[1 + r.exceeded().size()];
                row[0] = r.sequence();
                for (int i = 0; i < r.exceeded().size(); i++) {
                    row[i + 1] = r.exceeded().get(i);
                }
                reports.add(row);
            }
        };
        RadioDevice device = stepElement < 0 ? new SimulatedArray(cfg) : new ImpairedDevice(new SimulatedArray(cfg),
                null, stepElement, stepCpi * cfg.samplesPerCpi(), Math.toRadians(5));
        try (device) {
            CalibrationState state = new CalibrationState(table);
            Pipeline p = new Pipeline(cfg, device, state, setup, sink, null, cpis);
            CalibrationHooks.install(p, cfg, null, state, setup);
            p.run(new RecordSink.RunInfo("bench", "bench", device.description(), setup.type(), "integrate-and-dump",
                    setup.diagnosticNames(), table.describe(), workers, "lossless", 16, "disabled", List.of()));
        }
        return reports;
    }

    /**
     * Restarts with TwinRX-like quarter turns on every channel: a table measured by injection in the first session,
     * then {@code restarts} restarts, each checked by the injected start check. Returns {channels that jumped, of
     * which resolved, worst residual after correction in millidegrees} summed over the restarts.
     */
    long[] restarts(int restarts, long seed) {
        RunConfig cfg = base.withScene(base.scene().withSeed(seed).withLoPhaseJumps(SceneConfig.LoPhaseJumps.QUARTER_TURNS)
                .withTransmitPath(SceneConfig.TransmitPath.inject(0,
                        Collections.nCopies(base.rxArray().count(), 0.0))));
        CalibrationConfig.StartCheck check = new CalibrationConfig.StartCheck(CalibrationConfig.CheckMethod.INJECT, 16,
                Math.toRadians(10), 20);
        long jumped = 0;
        long resolved = 0;
        double worst = 0;
        try (CalibrationRig rig = CalibrationRig.open(cfg, Progress.NONE)) {
            CalibrationTable table = new CalibrationTable("bench", cfg.carrierFrequencyHz(), Instant.now(), "inject",
                    inject(rig, cfg).w(), "session 1");
            for (int r = 0; r < restarts; r++) {
                rig.restart();
                CalibrationState state = new CalibrationState(table);
                StartCheck.Report rep = new StartCheck(cfg, check, null, null).run(rig.device(), state);
                ChainWeights fresh = inject(rig, cfg);
                JumpResolver.Resolution truthNow = JumpResolver.resolve(ChainWeights.ratio(fresh.w(), table.responseW()),
                        fresh.phaseStdRad(), Math.toRadians(10), false);
                jumped += truthNow.jumps().size();
                if (rep.resolution().resolved() && rep.resolution().jumps().equals(truthNow.jumps())) {
                    resolved += truthNow.jumps().size();
                }
                worst = Math.max(worst, WeightsComparison.of(fresh.w(), state.atCpiBoundary().table().responseW())
                        .maxPhaseDeg());
            }
        }
        return new long[] {jumped, resolved, Math.round(worst * 1000)};
    }

    private static ChainWeights inject(CalibrationRig rig, RunConfig cfg) {
        float[] chirp = InjectedFit.chirp(4096 + 96, InjectedFit.DEFAULT_BAND);
        return InjectedFit.fit(rig.capture(new TxBurst(new float[][] {chirp}, cfg.carrierFrequencyHz(), 20,
                cfg.radio().sampleRateHz(), -1), 4096, "inject"), 16).weights();
    }

    /** Watch false alarms: reports naming any element. */
    static long alarms(List<long[]> reports) {
        return reports.stream().filter(r -> r.length > 1).count();
    }

    /** The embedded seed-001 configuration's text. */
    static String seed001Text() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(ConfigLoader.DEFAULT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the embedded seed-001 configuration is missing from the build", e);
        }
    }
}
