package org.nftb.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.calibration.table.ChainWeights;
import org.nftb.calibration.EstimatorImpact;
import org.nftb.calibration.WeightsComparison;
import org.nftb.run.UsageException;
import org.nftb.config.RunConfig;
import org.nftb.estimator.Estimators;
import org.nftb.methods.dftmusic.DftMusicSetup;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PolarState;
import org.nftb.model.SpaceTimeSignal;
import org.nftb.benchkit.ProgressReport;
import org.nftb.montecarlo.MonteCarloRunner;
import org.nftb.montecarlo.Results;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import javax.imageio.ImageIO;
import org.nftb.benchkit.NmsePlot;
import org.nftb.run.Configs;

/**
 * {@code nftb bench calibration}: every calibration method against the simulated seed-001 array with known W, over
 * SNR, and what calibration buys the DFT+MUSIC estimator (seed 001 Figs. 3-6 with the measured table against the
 * true W); the drift watch's detection latency and false alarms; k·90° jumps after restarts. CSV + PNG, and a check
 * of the bars (exit 1 when one is missed).
 */
@Command(name = "calibration", mixinStandardHelpOptions = true,
        description = "Calibration methods against the simulated seed-001 array with known W: residuals over SNR, "
                + "DFT+MUSIC NMSE after calibration, drift watch, restart jumps; CSV + PNG.")
public final class CalibrationBench implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "hw-config (default: the seed-001 scenario)")
    Path config;

    @Option(names = "--snrs", split = ",", description = "processed SNRs of the reference and blind sweeps, dB "
            + "(default ${DEFAULT-VALUE})")
    List<Double> snrs = List.of(20.0, 30.0, 40.0, 50.0, 60.0);

    @Option(names = "--trials", description = "Monte Carlo trials per SNR of the NMSE study (default ${DEFAULT-VALUE})")
    int trials = 1000;

    @Option(names = "--threads", description = "threads of the NMSE Monte Carlo and the watch run (default "
            + "${DEFAULT-VALUE})")
    int threads = 2;

    @Option(names = "--table-snr", description = "processed SNR at which the table of the NMSE study is measured "
            + "(default ${DEFAULT-VALUE})")
    double tableSnrDb = 40;

    @Option(names = "--table-phase-accuracy", description = "rms phase accuracy, degrees, the table of the NMSE study "
            + "is measured to (default ${DEFAULT-VALUE}: an efficient estimator at 60 dB sees 0.12 deg as a bias of "
            + "half a CRB standard deviation in θ)")
    double tablePhaseDeg = 0.05;

    @Option(names = "--watch-cpis", description = "CPIs of the drift watch's false-alarm run (default ${DEFAULT-VALUE})")
    long watchCpis = 10_000;

    @Option(names = "--steps", description = "5-degree steps timed by the drift watch (default ${DEFAULT-VALUE})")
    int steps = 6;

    @Option(names = "--restarts", description = "restarts checked for k*90 deg jumps (default ${DEFAULT-VALUE})")
    int restarts = 10;

    @Option(names = "--parts", split = ",", description = "which studies: reference, blind, positions, inject, "
            + "geometry, transmit, nmse, watch, restart (default: all)")
    List<String> parts = List.of("reference", "blind", "positions", "inject", "geometry", "transmit", "nmse",
            "watch", "restart");

    @Option(names = "--seed", description = "seed (default ${DEFAULT-VALUE})")
    long seed = 2026;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default ${DEFAULT-VALUE})")
    Path out = Path.of("bench-out/calibration");

    private final List<String> problems = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (trials < 1 || threads < 1 || snrs.isEmpty()) {
            throw new UsageException("need --trials >= 1, --threads >= 1 and at least one --snrs value");
        }
        RunConfig cfg = config == null ? Configs.loadDefault() : Configs.load(config);
        if (cfg.scene() == null || cfg.scene().calibrationErrors() == null) {
            throw new UsageException(cfg.source() + ": the benchmark needs a scene with calibrationErrors (the known W)");
        }
        Files.createDirectories(out);
        CalibrationStudies st = new CalibrationStudies(cfg);
        DftMusicSetup setup = (DftMusicSetup) Estimators.of(cfg.estimator()).setup(cfg);
        System.out.printf(Locale.ROOT, "calibration benchmark on %s (N = %d, M = %d); figures from one run on this "
                + "machine%n", cfg.name(), cfg.rxArray().count(), cfg.cpiSymbols());
        List<CalibrationStudies.Row> rows = new ArrayList<>();
        ChainWeights table = null;
        for (double snr : parts.contains("reference") ? snrs : List.<Double>of()) {
            ChainWeights[] w = new ChainWeights[1];
            CalibrationStudies.Row r = st.reference(snr, seed, w);
            print(rows, r);
            bar(r.rmsPhaseDeg() <= 0.2 && r.rmsAmplitudeDb() <= 0.02, "reference at %.0f dB: %.3f deg, %.4f dB "
                    + "(bar 0.2 deg, 0.02 dB)", snr, r.rmsPhaseDeg(), r.rmsAmplitudeDb());
            if (table == null) {
                table = w[0];
            }
        }
        for (double snr : parts.contains("blind") ? snrs : List.<Double>of()) {
            CalibrationStudies.Row r = st.blind(snr, seed, setup);
            print(rows, r);
            bar(r.rmsPhaseDeg() <= 1, "blind at %.0f dB: %.3f deg (bar 1 deg)", snr, r.rmsPhaseDeg());
        }
        if (parts.contains("positions")) {
            st.positions(40, seed).forEach(r -> print(rows, r));
        }
        if (parts.contains("inject")) {
            for (double g : new double[] {0, 20}) {
                print(rows, st.injected(g, seed));
            }
        }
        if (parts.contains("geometry")) {
            print(rows, st.geometry(40, seed));
        }
        if (parts.contains("transmit")) {
            for (CalibrationStudies.Row r : st.transmit(-10, seed)) {
                print(rows, r);
            }
        }
        writeRows(out.resolve("calibration.csv"), rows);
        residualPlot(out.resolve("calibration.png"), rows);
        CalibrationTable applied = new CalibrationTable(cfg.rxArray().fingerprint(), cfg.carrierFrequencyHz(),
                Instant.now(), "reference", table == null ? st.truth() : table.w(), "bench");
        if (parts.contains("nmse")) {
            ChainWeights[] w = new ChainWeights[1];
            CalibrationStudies.Row r = st.reference(tableSnrDb, seed + 1, tablePhaseDeg, String.format(Locale.ROOT,
                    "the table of the NMSE study (%.2f deg asked)", tablePhaseDeg), w);
            print(rows, r);
            writeRows(out.resolve("calibration.csv"), rows);
            nmse(cfg, setup, st, w[0].w(), tableSnrDb);
        }
        if (parts.contains("watch")) {
            watch(st, applied, setup);
        }
        if (parts.contains("restart")) {
            long[] r = st.restarts(restarts, seed);
            System.out.printf(Locale.ROOT, "%nrestarts: %d restarts with quarter turns on every channel (injected "
                    + "start check): %d channel jumps, %d resolved before the first CPI; worst residual after "
                    + "correction %.3f deg%n", restarts, r[0], r[1], r[2] / 1000.0);
            bar(r[0] > 0 && r[0] == r[1], "restart jumps resolved: %.0f of %.0f", (double) r[1], (double) r[0]);
        }
        System.out.println(problems.isEmpty() ? "\nchecks: every bar met" : "\nchecks: FAILED: " + problems);
        System.out.println("wrote " + out.resolve("calibration.csv") + ", " + out.resolve("calibration.png")
                + (parts.contains("nmse") ? ", calibration-nmse.csv and calibration-nmse.png" : ""));
        return problems.isEmpty() ? 0 : 1;
    }

    private void bar(boolean ok, String format, double... values) {
        Object[] args = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            args[i] = values[i];
        }
        if (!ok) {
            problems.add(String.format(Locale.ROOT, format, args));
        }
    }

    private static void print(List<CalibrationStudies.Row> rows, CalibrationStudies.Row r) {
        if (rows.isEmpty()) {
            System.out.println("\n| method | condition | SNR dB | CPIs | rms phase deg | rms ampl dB | stated phase deg "
                    + "| stated ampl dB | s |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
        }
        rows.add(r);
        System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %d | %.3f | %.4f | %.3f | %.4f | %.1f |%n", r.method(),
                r.condition(), r.snrDb(), r.cpis(), r.rmsPhaseDeg(), r.rmsAmplitudeDb(), r.statedPhaseDeg(),
                r.statedAmplitudeDb(), r.seconds());
    }

    private static void writeRows(Path file, List<CalibrationStudies.Row> rows) throws Exception {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            w.println("method,condition,snr_db,cpis,rms_phase_deg,rms_amplitude_db,stated_phase_deg,"
                    + "stated_amplitude_db,seconds");
            for (CalibrationStudies.Row r : rows) {
                w.printf(Locale.ROOT, "%s,\"%s\",%.1f,%d,%.5f,%.6f,%.5f,%.6f,%.2f%n", r.method(), r.condition(),
                        r.snrDb(), r.cpis(), r.rmsPhaseDeg(), r.rmsAmplitudeDb(), r.statedPhaseDeg(),
                        r.statedAmplitudeDb(), r.seconds());
            }
        }
    }

    /** Residual phase and amplitude against processed SNR for the reference and blind sweeps (log scale). */
    private static void residualPlot(Path file, List<CalibrationStudies.Row> rows) throws Exception {
        System.setProperty("java.awt.headless", "true");
        XYChart[] charts = {new XYChartBuilder().width(640).height(420).title("rms phase residual")
                .xAxisTitle("processed SNR of the pilot / target per CPI (dB)").yAxisTitle("degrees").build(),
                new XYChartBuilder().width(640).height(420).title("rms amplitude residual")
                        .xAxisTitle("processed SNR of the pilot / target per CPI (dB)").yAxisTitle("dB").build()};
        for (String m : List.of("reference", "blind")) {
            List<CalibrationStudies.Row> rs = rows.stream().filter(r -> r.method().equals(m)
                    && (r.condition().equals(CalibrationStudies.REFERENCE_SWEEP)
                    || r.condition().equals(CalibrationStudies.BLIND_SWEEP))).toList();
            if (rs.isEmpty()) {
                continue;
            }
            double[] x = rs.stream().mapToDouble(CalibrationStudies.Row::snrDb).toArray();
            charts[0].addSeries(m, x, rs.stream().mapToDouble(CalibrationStudies.Row::rmsPhaseDeg).toArray());
            charts[1].addSeries(m, x, rs.stream().mapToDouble(CalibrationStudies.Row::rmsAmplitudeDb).toArray());
        }
        double[] edge = {20, 60};
        charts[0].addSeries("bar: reference 0.2 deg", edge, new double[] {0.2, 0.2});
        charts[0].addSeries("bar: blind 1 deg", edge, new double[] {1, 1});
        charts[1].addSeries("bar: reference 0.02 dB", edge, new double[] {0.02, 0.02});
        BufferedImage img = new BufferedImage(1280, 420, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        for (int i = 0; i < 2; i++) {
            if (charts[i].getSeriesMap().size() > 2 - i) {
                charts[i].getStyler().setYAxisLogarithmic(true);
            }
            g.drawImage(BitmapEncoder.getBufferedImage(charts[i]), 640 * i, 0, null);
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private void nmse(RunConfig cfg, DftMusicSetup setup, CalibrationStudies st, double[] tableW, double tableSnr)
            throws Exception {
        RunConfig b = st.base();
        int n = b.rxArray().count();
        int m = b.cpiSymbols();
        PolarState truth = b.scene().targets().get(0).initial().toPolar(b.rxArray().referenceXM(),
                b.rxArray().referenceYM());
        double[] path = new double[n];
        double[] rate = new double[n];
        new ElementRangeModel(b.rxArray(), b.wavelengthM()).paths(b.scene().targets().get(0).initial(), path, rate);
        double[] clean = new double[2 * n * m];
        SpaceTimeSignal.accumulate(path, rate, n, m, b.wavelengthM(), b.symbolPeriodS(), 1, 0, clean);
        double gain = 10 * Math.log10((double) n * m);
        double[] snr = new double[15];
        for (int i = 0; i < snr.length; i++) {
            snr[i] = -10 + 5 * i;
        }
        long t0 = System.nanoTime();
        // the paper's NMSE curves take an estimate from every trial: no detection gate (as FiguresStudy)
        DftMusicSetup always = setup.with(setup.config().withDetectionThresholdDb(Double.NEGATIVE_INFINITY));
        Results res = ProgressReport.trials("calibrated NMSE", new MonteCarloRunner(threads),
                new CalibratedNmseTrial(always, clean, truth, snr, gain, st.truth(), tableW), snr.length, trials, seed);
        System.out.printf(Locale.ROOT, "%nseed 001 Figs. 3-6 after calibration (table of the reference method at %.0f "
                        + "dB, last row above), %d trials per SNR, %.1f s of Monte Carlo on %d threads%n", tableSnr, trials,
                (System.nanoTime() - t0) / 1e9, threads);
        String[] names = {"perfect (true W)", "calibrated (measured W)", "uncalibrated (CE)"};
        double[][][] db = new double[snr.length][3][4];
        double[][] se = new double[snr.length][4];
        double worst = 0;
        double worstBeyondSampling = 0;
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("calibration-nmse.csv")))) {
            w.println("processed_snr_db,parameter,perfect_db,calibrated_db,uncalibrated_db,difference_se_db");
            for (int s = 0; s < snr.length; s++) {
                for (int q = 0; q < 4; q++) {
                    double x2 = truth.parameter(q) * truth.parameter(q);
                    for (int v = 0; v < 3; v++) {
                        db[s][v][q] = 10 * Math.log10(res.meanSquare(s, 4 * v + q) / x2);
                    }
                    se[s][q] = pairedStandardErrorDb(res.column(s, q), res.column(s, 4 + q));
                    double diff = Math.abs(db[s][1][q] - db[s][0][q]);
                    worst = Math.max(worst, diff);
                    worstBeyondSampling = Math.max(worstBeyondSampling, diff - 2 * se[s][q]);
                    w.printf(Locale.ROOT, "%.1f,%s,%.3f,%.3f,%.3f,%.3f%n", snr[s], PolarState.PARAMETER_NAMES[q],
                            db[s][0][q], db[s][1][q], db[s][2][q], se[s][q]);
                }
            }
        }
        List<Map.Entry<String, Map<String, double[]>>> panels = new ArrayList<>();
        for (int q = 0; q < 4; q++) {
            System.out.println("\nNMSE (dB) of " + PolarState.PARAMETER_NAMES[q]);
            System.out.println("| SNR dB | perfect | calibrated | difference ± 2 s.e. | uncalibrated |");
            System.out.println("|---|---|---|---|---|");
            Map<String, double[]> series = new LinkedHashMap<>();
            for (int v = 0; v < 3; v++) {
                double[] y = new double[snr.length];
                for (int s = 0; s < snr.length; s++) {
                    y[s] = db[s][v][q];
                }
                series.put(names[v], y);
            }
            for (int s = 0; s < snr.length; s++) {
                System.out.printf(Locale.ROOT, "| %.0f | %.1f | %.1f | %+.2f ± %.2f | %.1f |%n", snr[s], db[s][0][q],
                        db[s][1][q], db[s][1][q] - db[s][0][q], 2 * se[s][q], db[s][2][q]);
            }
            panels.add(new AbstractMap.SimpleEntry<>(PolarState.PARAMETER_NAMES[q], series));
        }
        NmsePlot.write(out.resolve("calibration-nmse.png"), "after calibration", snr, panels);
        System.out.printf(Locale.ROOT, "largest |calibrated - perfect| over the four parameters and %d SNRs: %.2f dB "
                + "(bar 0.5 dB); largest beyond two paired standard errors of the Monte Carlo: %.2f dB%n", snr.length,
                worst, Math.max(0, worstBeyondSampling));
        double worse = Double.NEGATIVE_INFINITY;
        for (double[][] point : db) {
            for (int q = 0; q < 4; q++) {
                worse = Math.max(worse, point[1][q] - point[0][q]);
            }
        }
        System.out.printf(Locale.ROOT, "largest excess of calibrated over perfect (calibrated worse): %+.2f dB%n", worse);
        // why calibrated can beat "perfect": the estimator's own bias at high SNR against the table's first-order bias
        int top = snr.length - 1;
        double[] delta = new double[n];
        WeightsComparison c = WeightsComparison.of(st.truth(), tableW);   // residual phase left by the table
        for (int e = 0; e < n; e++) {
            delta[e] = Math.toRadians(c.phaseDeg()[e]);
        }
        EstimatorImpact.Impact im = EstimatorImpact.of(new ElementRangeModel(b.rxArray(), b.wavelengthM()),
                b.rxArray().referenceXM(), b.rxArray().referenceYM(), m, b.symbolPeriodS(), truth,
                Math.pow(10, (snr[top] - gain) / 10), delta);
        for (int q = 0; q < 4; q++) {
            System.out.printf(Locale.ROOT, "at %.0f dB, %s: mean error perfect %+.3g, calibrated %+.3g (difference "
                            + "%+.3g; first-order bias of the table's residual %+.3g = %.2f CRB std)%n", snr[top],
                    PolarState.PARAMETER_NAMES[q], res.mean(top, q), res.mean(top, 4 + q),
                    res.mean(top, 4 + q) - res.mean(top, q), im.bias()[q], im.biasOverCrbStd()[q]);
        }
        bar(worst <= 0.5, "NMSE after calibration within %.2f dB of perfect calibration (bar 0.5 dB)", worst);
    }

    /**
     * Standard error, in dB, of {@code 10·log10(mean b²) − 10·log10(mean a²)} over paired trials (the same noise
     * draw in both): by the delta method, {@code (10/ln 10)·sd(b²/B − a²/A)/√T} with A, B the two means.
     */
    static double pairedStandardErrorDb(double[] a, double[] b) {
        int t = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < t; i++) {
            ma += a[i] * a[i] / t;
            mb += b[i] * b[i] / t;
        }
        double mean = 0;
        double sq = 0;
        for (int i = 0; i < t; i++) {
            double d = b[i] * b[i] / mb - a[i] * a[i] / ma;
            mean += d / t;
            sq += d * d / t;
        }
        return 10 / Math.log(10) * Math.sqrt(Math.max(0, sq - mean * mean) / Math.max(1, t - 1));
    }

    private void watch(CalibrationStudies st, CalibrationTable applied, DftMusicSetup setup) throws Exception {
        long t0 = System.nanoTime();
        List<long[]> quiet = st.watch(applied, watchCpis, -1, 0, setup, threads, seed);
        long fa = CalibrationStudies.alarms(quiet);
        System.out.printf(Locale.ROOT, "%ndrift watch (every 32 CPIs, bound 2 deg / 0.5 dB, 5 standard errors): "
                        + "%d CPIs without drift, %d reports, %d false alarms (%.0f s)%n", watchCpis, quiet.size(), fa,
                (System.nanoTime() - t0) / 1e9);
        bar(fa == 0, "drift watch false alarms over %.0f CPIs: %.0f (bar 0)", (double) watchCpis, (double) fa);
        SplittableRandom rng = new SplittableRandom(seed);
        long worst = 0;
        for (int i = 0; i < steps; i++) {
            int element = rng.nextInt(st.base().rxArray().count());
            long at = 40 + rng.nextInt(64);
            List<long[]> reps = st.watch(applied, at + 128, element, at, setup, threads, seed + i + 1);
            long detected = -1;
            boolean clean = true;
            for (long[] r : reps) {
                boolean named = false;
                for (int k = 1; k < r.length; k++) {
                    named |= r[k] == element;
                    clean &= r[k] == element && r[0] >= at;
                }
                if (named && detected < 0) {
                    detected = r[0];
                }
            }
            long latency = detected < 0 ? Long.MAX_VALUE : detected - at + 1;
            worst = Math.max(worst, latency);
            System.out.printf(Locale.ROOT, "  5 deg step on element %d at CPI %d: named after %s CPIs%s%n", element,
                    at, latency == Long.MAX_VALUE ? "never (within the run)" : String.valueOf(latency),
                    clean ? "" : " (other elements named too)");
            bar(clean, "drift watch named another element than the stepped one (%.0f)", element);
        }
        System.out.printf(Locale.ROOT, "worst detection latency: %d CPIs (stated: at most 2 x 32 = 64)%n", worst);
        bar(worst <= 64, "drift watch latency %.0f CPIs > 64", (double) worst);
    }
}
