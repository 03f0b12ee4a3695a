package org.nftb.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.nftb.benchkit.MachineLoad;
import org.nftb.calibration.CalibrationSelection;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.config.FaultPlan;
import org.nftb.config.FaultsReader;
import org.nftb.config.PipelineConfig;
import org.nftb.config.RunConfig;
import org.nftb.device.backend.RadioDevices;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.estimator.Estimators;
import org.nftb.output.RecordSink;
import org.nftb.pipeline.Pipeline;
import org.nftb.run.Configs;
import org.nftb.run.RunAssembly;
import org.nftb.run.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code nftb bench faults}: for each fault kind and three sizes, on each configuration (default: seed 001's and seed
 * 003's simulated scenes), a run of the simulated array with that fault injected ({@code scene.faults}) from CPI
 * {@value #FAULT_CPI} for {@value #FAULT_CPIS} CPIs (gaps: their own length), scored CPI by CPI against the truth by
 * {@link FaultScore}: detected (a CPI of the window rejected, flagged or missing) and after how many CPIs, the
 * fraction of the window's CPIs within 3 √CRB, the fraction flagged, the CPIs of the whole run that are wrong and
 * unflagged (a consistent target beyond 5 √CRB of every truth), and the CPIs after the fault until a CPI ends as it
 * does in the same run without the fault (same seed and noise; -1: not within the run). The PNG shows per kind and
 * size the share of the window's CPIs within 3 √CRB or flagged. Writes {@code faults.csv} and {@code faults.png}.
 * With {@code --overhead-cpis N} it measures instead what injection adds to replay time: a capture of N CPIs of the
 * first configuration is replayed with and without an {@code --inject} SPEC that touches every sample, alternating
 * the order round by round, and the ratio of the two times is reported per round (median and spread).
 */
@Command(name = "faults", mixinStandardHelpOptions = true,
        description = "Fault by fault: detection, CPIs to detect, accuracy, flagged and wrong-unflagged fractions, "
                + "recovery; faults.csv and faults.png.")
public final class FaultsBench implements Callable<Integer> {
    static final int FAULT_CPI = 8;
    static final int FAULT_CPIS = 6;
    static final int AFTER_CPIS = 8;

    @Option(names = "--config", paramLabel = "FILE", description = "hw-config(s) of the simulated array (default: "
            + "hw-config/seed001-sim.yaml and hw-config/seed003-sim.yaml)")
    List<Path> configs;

    @Option(names = "--kinds", split = ",", description = "fault kinds to run (default: all)")
    List<String> kinds;

    @Option(names = "--out", paramLabel = "DIR", description = "where faults.csv and faults.png go (default ${DEFAULT-VALUE})")
    Path out = Path.of("bench-out/faults");

    @Option(names = "--overhead-cpis", paramLabel = "N", description = "measure the injection overhead on replay time "
            + "with a capture of N CPIs instead of the matrix")
    Integer overheadCpis;

    @Option(names = "--rounds", description = "rounds of the overhead measurement (default ${DEFAULT-VALUE})")
    int rounds = 5;

    /** One case: a fault kind at one size. */
    record Case(String kind, String size, String yaml) {
    }

    /** One scored case. */
    record Row(String config, String estimator, Case c, int windowCpis, boolean detected, int cpisToDetect,
               double withinFraction, double flaggedFraction, int wrongUnflagged, int scored, int recoveryCpis,
               String outcomes, double power) {
    }

    @Override
    public Integer call() throws Exception {
        List<Path> files = configs == null ? List.of(Path.of("hw-config/seed001-sim.yaml"),
                Path.of("hw-config/seed003-sim.yaml")) : configs;
        Files.createDirectories(out);
        System.out.printf(Locale.ROOT, "faults bench: %s; load %s%n", files, MachineLoad.now());
        if (overheadCpis != null) {
            if (overheadCpis < 1 || rounds < 1) {
                throw new UsageException("--overhead-cpis and --rounds must be >= 1");
            }
            new FaultsOverhead(Files.createTempDirectory("nftb-faults-overhead"), overheadCpis, rounds)
                    .run(files.get(0));
            return 0;
        }
        List<Row> rows = new ArrayList<>();
        for (Path f : files) {
            RunConfig base = Configs.load(f);
            EstimatorSetup setup = Estimators.of(base.estimator()).setup(base);
            FaultScore baseline = new FaultScore();
            Row none = run(base, setup, new Case("none", "-", null), f.getFileName().toString(), baseline, baseline);
            print(none);
            rows.add(none);
            for (Case c : cases(base, Math.sqrt(none.power()))) {
                if (kinds == null || kinds.contains(c.kind())) {
                    Row r = run(base, setup, c, f.getFileName().toString(), new FaultScore(), baseline);
                    print(r);
                    rows.add(r);
                }
            }
        }
        writeCsv(out.resolve("faults.csv"), rows);
        writePng(out.resolve("faults.png"), rows);
        long wrong = rows.stream().mapToLong(Row::wrongUnflagged).sum();
        System.out.printf(Locale.ROOT, "wrong and unflagged CPIs in the whole matrix: %d; wrote %s and %s%n", wrong,
                out.resolve("faults.csv"), out.resolve("faults.png"));
        return 0;
    }

    private static void print(Row r) {
        System.out.printf(Locale.ROOT, "%-18s %-8s %-22s window %2d CPIs: detected %-3s after %2d, within 3√CRB %.2f, "
                        + "flagged %.2f, wrong-unflagged %d/%d, recovery %d CPIs  %s%n", r.config(), r.c().kind(),
                r.c().size(), r.windowCpis(), r.detected() ? "yes" : "no", r.cpisToDetect(), r.withinFraction(),
                r.flaggedFraction(), r.wrongUnflagged(), r.scored(), r.recoveryCpis(), r.outcomes());
    }

    /**
     * The cases for {@code cfg}: no fault, then every kind at three sizes (subsets: the first eighth of channels;
     * clipping levels relative to {@code rms}, the RMS amplitude of a sample in the run without a fault).
     */
    static List<Case> cases(RunConfig cfg, double rms) {
        int n = cfg.rxArray().count();
        double fs = cfg.radio().sampleRateHz();
        double cpiS = cfg.samplesPerCpi() / fs;
        String at = fmt(FAULT_CPI * cpiS) + " s";
        String window = fmt(FAULT_CPIS * cpiS) + " s";
        String subset = channels(Math.max(1, n / 8));
        List<Case> out = new ArrayList<>();
        for (double cpis : new double[] {0.25, 1, 4}) {
            for (String k : new String[] {"loss", "timeout", "late"}) {
                out.add(new Case(k, fmt(cpis) + " CPI", "{kind: " + k + ", at: " + at + ", for: " + fmt(cpis * cpiS)
                        + " s}"));
            }
        }
        for (int s : new int[] {1, 4, 16}) {
            out.add(new Case("slip", s + " samples on " + n / 8 + " ch", "{kind: slip, at: " + at + ", for: "
                    + window + ", channels: " + subset + ", size: " + s + "}"));
        }
        for (int deg : new int[] {45, 90, 180}) {
            out.add(new Case("phase", deg + " deg on " + n / 8 + " ch", "{kind: phase, at: " + at + ", for: "
                    + window + ", channels: " + subset + ", size: " + deg + " deg}"));
        }
        for (int db : new int[] {-6, 6, 20}) {
            out.add(new Case("gain", db + " dB on " + n / 8 + " ch", "{kind: gain, at: " + at + ", for: " + window
                    + ", channels: " + subset + ", size: " + db + " dB}"));
        }
        out.add(new Case("dead", "zeros on 1 ch", "{kind: dead, at: " + at + ", for: " + window
                + ", channels: [0]}"));
        out.add(new Case("dead", "zeros on " + n / 8 + " ch", "{kind: dead, at: " + at + ", for: " + window
                + ", channels: " + subset + "}"));
        out.add(new Case("dead", "noise on " + n / 8 + " ch", "{kind: dead, at: " + at + ", for: " + window
                + ", channels: " + subset + ", mode: noise}"));
        for (double x : new double[] {2, 1, 0.5}) {
            out.add(new Case("clip", fmt(x) + " rms, all ch", "{kind: clip, at: " + at + ", for: " + window
                    + ", channels: all, size: " + fmt(x * rms / Math.sqrt(2)) + "}"));
        }
        out.add(new Case("nan", "1 sample, 1 ch", "{kind: nan, at: " + at + ", for: " + fmt(1 / fs)
                + " s, channels: [0]}"));
        out.add(new Case("nan", "1 CPI, all ch", "{kind: nan, at: " + at + ", for: " + fmt(cpiS)
                + " s, channels: all}"));
        out.add(new Case("nan", "inf, 1 sample, 1 ch", "{kind: nan, at: " + at + ", for: " + fmt(1 / fs)
                + " s, channels: [0], mode: inf}"));
        for (int ppm : new int[] {10, 100, 1000}) {
            double forS = Math.min(FAULT_CPIS * cpiS, FaultsReader.MAX_DELAY_SAMPLES / (ppm * 1e-6 * fs));
            out.add(new Case("clock", ppm + " ppm", "{kind: clock, at: " + at + ", for: " + fmt(forS)
                    + " s, channels: all, size: " + ppm + "}"));
        }
        for (int db : new int[] {-10, 10, 30}) {
            out.add(new Case("tone", db + " dB", "{kind: tone, at: " + at + ", for: " + window + ", size: " + db
                    + " dB, frequency: " + fmt(fs / 8) + " Hz, angle: -30 deg}"));
        }
        return out;
    }

    private static String channels(int count) {
        StringBuilder b = new StringBuilder("[");
        for (int c = 0; c < count; c++) {
            b.append(c == 0 ? "" : ", ").append(c);
        }
        return b.append(']').toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.9g", v).replaceAll("\\.?0+$", "");
    }

    /**
     * Runs one case into {@code score} and scores it; recovery is counted against {@code baseline}, the same run
     * without a fault (same seed, so every CPI the fault did not touch ends the same way).
     */
    static Row run(RunConfig base, EstimatorSetup setup, Case c, String name, FaultScore score, FaultScore baseline)
            throws InterruptedException {
        FaultPlan plan = c.yaml() == null ? FaultPlan.NONE : FaultsReader.parseSpec("[" + c.yaml() + "]",
                base.rxArray().count(), base.radio().sampleRateHz());
        RunConfig cfg = base.withScene(base.scene().withRealTime(false).withFaults(plan))
                .withPipeline(base.pipeline().withRingMode(PipelineConfig.RingMode.LOSSLESS));
        int total = FAULT_CPI + FAULT_CPIS + AFTER_CPIS;
        double power;
        try (PowerTap device = new PowerTap(RadioDevices.open(cfg))) {
            Pipeline p = new Pipeline(cfg, device, new CalibrationState(CalibrationSelection.select(cfg, null)),
                    setup, score, null, total);
            p.setInjectedFaults(plan);
            p.run(RunAssembly.runInfo(cfg, device, setup, CalibrationSelection.select(cfg, null)));
            power = device.meanPower();
        }
        long spc = cfg.samplesPerCpi();
        double fs = cfg.radio().sampleRateHz();
        long first = FAULT_CPI;
        long last = FAULT_CPI + FAULT_CPIS - 1;
        if (!plan.isEmpty()) {
            FaultPlan.Fault f = plan.faults().get(0);
            first = f.startSample(fs) / spc;
            last = (f.endSample(fs) - 1) / spc;
        }
        int window = (int) (last - first + 1);
        int within = 0;
        int flagged = 0;
        int toDetect = -1;
        for (long k = first; k <= last; k++) {
            FaultScore.Outcome o = score.outcome(k);
            within += o == FaultScore.Outcome.WITHIN ? 1 : 0;
            boolean flag = o == FaultScore.Outcome.FLAGGED || o == FaultScore.Outcome.MISSING;
            flagged += flag ? 1 : 0;
            if (flag && toDetect < 0) {
                toDetect = (int) (k - first + 1);
            }
        }
        int wrong = 0;
        int scored = 0;
        for (long k = 0; k <= score.lastSequence(); k++) {
            FaultScore.Outcome o = score.outcome(k);
            wrong += o == FaultScore.Outcome.WRONG_UNFLAGGED ? 1 : 0;
            scored += o == FaultScore.Outcome.MISSING ? 0 : 1;
        }
        int recovery = -1;
        for (long k = last + 1; k <= score.lastSequence(); k++) {
            FaultScore.Outcome o = score.outcome(k);
            if (o == baseline.outcome(k) && o != FaultScore.Outcome.MISSING && o != FaultScore.Outcome.FLAGGED) {
                recovery = (int) (k - last - 1);
                break;
            }
        }
        StringBuilder letters = new StringBuilder();
        for (long k = 0; k <= score.lastSequence(); k++) {
            letters.append(k == first ? "[" : "").append(score.outcome(k).letter()).append(k == last ? "]" : "");
        }
        return new Row(name, setup.type(), c, window, toDetect > 0, toDetect, (double) within / window,
                (double) flagged / window, wrong, scored, recovery, letters.toString(), power);
    }

    private static void writeCsv(Path file, List<Row> rows) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            w.println("config,estimator,kind,size,window_cpis,detected,cpis_to_detect,within_3sqrtcrb,flagged,"
                    + "wrong_unflagged_cpis,scored_cpis,recovery_cpis,outcomes,spec");
            for (Row r : rows) {
                w.printf(Locale.ROOT, "%s,%s,%s,%s,%d,%b,%d,%.4f,%.4f,%d,%d,%d,%s,\"%s\"%n", r.config(),
                        r.estimator(), r.c().kind(), r.c().size(), r.windowCpis(), r.detected(), r.cpisToDetect(),
                        r.withinFraction(), r.flaggedFraction(), r.wrongUnflagged(), r.scored(), r.recoveryCpis(),
                        r.outcomes(),
                        r.c().yaml() == null ? "" : r.c().yaml().replace("\"", "'"));
            }
        }
    }

    /**
     * Heat map: rows = kinds, columns = (configuration, size index); value = the fraction of the fault window's CPIs
     * that are safe: within 3 √CRB or flagged (rejected, missing, an inconsistent target); 1 = nothing slipped through.
     */
    private static void writePng(Path file, List<Row> rows) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> kindsSeen = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        for (Row r : rows) {
            if (!kindsSeen.contains(r.c().kind())) {
                kindsSeen.add(r.c().kind());
            }
        }
        List<String> cfgs = rows.stream().map(Row::config).distinct().toList();
        for (String c : cfgs) {
            for (int s = 1; s <= 3; s++) {
                columns.add(c.replace("-sim.yaml", "") + " size " + s);
            }
        }
        List<Number[]> cells = new ArrayList<>();
        for (String c : cfgs) {
            for (int k = 0; k < kindsSeen.size(); k++) {
                String kind = kindsSeen.get(k);
                List<Row> of = rows.stream().filter(r -> r.config().equals(c) && r.c().kind().equals(kind)).toList();
                for (int s = 0; s < of.size() && s < 3; s++) {
                    Row r = of.get(s);
                    double safe = Math.min(1, r.withinFraction() + r.flaggedFraction());
                    cells.add(new Number[] {cfgs.indexOf(c) * 3 + s, k, Math.round(100 * safe) / 100.0});
                }
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(1100).height(620)
                .title("Faults: share of the fault window's CPIs within 3 sqrt(CRB) or flagged (sizes: faults.csv)")
                .build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(1);
        chart.addSeries("within 3 sqrt(CRB) or flagged", columns, kindsSeen, cells);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
