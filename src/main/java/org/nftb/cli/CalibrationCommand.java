package org.nftb.cli;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.nftb.calibration.table.CalibrationFile;
import org.nftb.calibration.table.CalibrationTables;
import org.nftb.calibration.table.ChainWeights;
import org.nftb.calibration.EstimatorImpact;
import org.nftb.calibration.WeightsComparison;
import org.nftb.config.RunConfig;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PolarState;
import org.nftb.output.OutputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import javax.imageio.ImageIO;
import org.nftb.run.Configs;
import org.nftb.run.UsageException;

/** {@code nftb calibration show | diff}: what a calibration file holds, and what changed between two. */
@Command(name = "calibration", mixinStandardHelpOptions = true, description = "Inspect calibration files.",
        subcommands = {CalibrationCommand.Show.class, CalibrationCommand.Diff.class, HelpCommand.class})
public final class CalibrationCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /**
     * A quality figure as an operator reads it: a whole number (a count: {@code cpis: 258}) without decimals, any
     * other to six significant digits.
     */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** {@code nftb calibration show FILE}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print a calibration file (identity, quality, per-element amplitude and phase with "
                    + "uncertainty) and draw it as a PNG.")
    public static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = "--png", paramLabel = "FILE", description = "plot (default: FILE with .png)")
        Path png;

        @Option(names = "--frequency", paramLabel = "HZ", description = "which measured carrier to show, Hz "
                + "(default: the first)")
        Double frequencyHz;

        @Override
        public Integer call() throws Exception {
            CalibrationFile f = CalibrationTables.read(file);
            CalibrationFile.FrequencyPoint p = frequencyHz == null ? f.points().get(0) : f.nearest(frequencyHz);
            PrintStream o = System.out;
            o.printf(Locale.ROOT, "%s: nftb-calibration/%d, method %s, created %s, %d element(s)%n", file,
                    f.formatVersion(), f.method(), f.createdUtc(), f.elements());
            o.printf(Locale.ROOT, "array %s; carriers %s (tolerance %.3f MHz)%n", f.arrayId(), f.frequencies(),
                    f.frequencyToleranceHz() / 1e6);
            if (f.identity() != null) {
                List<Integer> map = f.identity().channelMap();
                boolean straight = true;
                for (int i = 0; i < map.size(); i++) {
                    straight &= map.get(i) == i;
                }
                o.printf("identity: hw-config hash %s, devices %s, channel map %s%n", f.identity().hwConfigHash(),
                        f.identity().devices(), straight ? "element n on channel n" : map.toString());
            } else {
                o.println("identity: none (a version-1 table)");
            }
            o.println("reference: " + CalibrationTables.REFERENCE);
            f.quality().forEach((k, v) -> o.printf(Locale.ROOT, "quality %s: %s%n", k, number(v)));
            f.notes().forEach(n -> o.println("note: " + n));
            o.printf(Locale.ROOT, "%nat %.6f GHz%n", p.frequencyHz() / 1e9);
            table(o, "element", p.rx(), p.delaySamples(), f.positionsM());
            if (p.tx() != null) {
                o.println();
                table(o, "tx chain", p.tx(), null, null);
            }
            Path target = png != null ? png : Path.of(file.toString().replaceAll("\\.json$", "") + ".png");
            plot(target, file.getFileName() + " at " + String.format(Locale.ROOT, "%.6f GHz", p.frequencyHz() / 1e9),
                    p.rx(), p.tx());
            o.println("\nplot: " + target);
            return 0;
        }

        private static void table(PrintStream o, String what, ChainWeights w, double[] delays, double[] positions) {
            o.printf("%-8s %12s %10s %12s %10s%s%s%n", what, "ampl dB", "± dB", "phase deg", "± deg",
                    delays != null ? "   delay smp" : "", positions != null ? "        x m         y m" : "");
            for (int n = 0; n < w.chains(); n++) {
                o.printf(Locale.ROOT, "%-8d %12.4f %10.4f %12.3f %10.3f%s%s%n", n, w.amplitudeDb(n),
                        w.amplitudeStdDb()[n], Math.toDegrees(w.phaseRad(n)), Math.toDegrees(w.phaseStdRad()[n]),
                        delays != null ? String.format(Locale.ROOT, " %11.4f", delays[n]) : "",
                        positions != null ? String.format(Locale.ROOT, " %11.6f %11.6f", positions[2 * n],
                                positions[2 * n + 1]) : "");
            }
        }
    }

    /** {@code nftb calibration diff A B}. */
    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "What changed between two calibration files, per element, and whether it matters to the "
                    + "estimator (first-order bias against the CRB at the configuration's target and SNR).")
    public static final class Diff implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "A")
        Path a;

        @Parameters(index = "1", paramLabel = "B")
        Path b;

        @Option(names = "--config", paramLabel = "FILE", description = "hw-config whose first scene target and SNR "
                + "the impact is computed for (default: the embedded seed-001 scenario)")
        Path config;

        @Option(names = "--snr", paramLabel = "DB", description = "processed SNR (per-sample SNR + 10·log10(N·M)) to "
                + "judge at (default: the configuration's target)")
        Double snrDb;

        @Override
        public Integer call() throws Exception {
            CalibrationFile fa = CalibrationTables.read(a);
            CalibrationFile fb = CalibrationTables.read(b);
            if (fa.elements() != fb.elements()) {
                throw new UsageException(a + " has " + fa.elements() + " elements, " + b + " has " + fb.elements());
            }
            double f = fa.points().get(0).frequencyHz();
            ChainWeights wa = fa.nearest(f).rx();
            ChainWeights wb = fb.nearest(f).rx();
            WeightsComparison c = WeightsComparison.of(wb.w(), wa.w());
            PrintStream o = System.out;
            o.printf(Locale.ROOT, "%s (%s) -> %s (%s) at %.6f GHz%n", a, fa.method(), b, fb.method(), f / 1e9);
            o.printf(Locale.ROOT, "change, common factor removed: phase %.3f deg rms (max %.3f at element %d), "
                    + "amplitude %.4f dB rms (max %.4f)%n", c.rmsPhaseDeg(), c.maxPhaseDeg(), c.worstPhaseElement(),
                    c.rmsAmplitudeDb(), c.maxAmplitudeDb());
            List<Integer> significant = new ArrayList<>();
            o.printf("%-8s %12s %12s %12s%n", "element", "Δphase deg", "Δampl dB", "σ deg");
            for (int n = 0; n < c.elements(); n++) {
                double s = Math.toDegrees(Math.hypot(nan0(wa.phaseStdRad()[n]), nan0(wb.phaseStdRad()[n])));
                boolean sig = s > 0 ? Math.abs(c.phaseDeg()[n]) > 3 * s : Math.abs(c.phaseDeg()[n]) > 0.01;
                if (sig) {
                    significant.add(n);
                }
                o.printf(Locale.ROOT, "%-8d %12.3f %12.4f %12.3f%s%n", n, c.phaseDeg()[n], c.amplitudeDb()[n], s,
                        sig ? "  *" : "");
            }
            o.printf("elements that moved beyond 3 combined standard deviations (*): %d%s%n", significant.size(),
                    significant.size() <= 20 ? " " + significant : "");
            RunConfig cfg = config == null ? Configs.loadDefault() : Configs.load(config);
            if (cfg.rxArray().count() != c.elements() || cfg.scene() == null || cfg.scene().targets().isEmpty()) {
                o.println("impact on the estimator: not computed (the configuration has another array or no target)");
                return 0;
            }
            PolarState truth = cfg.scene().targets().get(0).initial().toPolar(cfg.rxArray().referenceXM(),
                    cfg.rxArray().referenceYM());
            double gain = 10 * Math.log10((double) c.elements() * cfg.cpiSymbols());
            double processed = snrDb != null ? snrDb : cfg.scene().targets().get(0).perSampleSnrDb() + gain;
            double[] delta = new double[c.elements()];
            for (int n = 0; n < delta.length; n++) {
                delta[n] = Math.toRadians(c.phaseDeg()[n]);
            }
            EstimatorImpact.Impact im = EstimatorImpact.of(new ElementRangeModel(cfg.rxArray(), cfg.wavelengthM()),
                    cfg.rxArray().referenceXM(), cfg.rxArray().referenceYM(), cfg.cpiSymbols(), cfg.symbolPeriodS(),
                    truth, Math.pow(10, (processed - gain) / 10), delta);
            o.printf(Locale.ROOT, "impact on the estimator (target of %s at processed SNR %.1f dB): bias / CRB std "
                            + "θ %.3f, r %.3f, v_r %.3f, v_θ %.3f; NMSE rise %.2f / %.2f / %.2f / %.2f dB%n", cfg.source(),
                    processed, im.biasOverCrbStd()[0], im.biasOverCrbStd()[1], im.biasOverCrbStd()[2],
                    im.biasOverCrbStd()[3], im.nmseRiseDb()[0], im.nmseRiseDb()[1], im.nmseRiseDb()[2],
                    im.nmseRiseDb()[3]);
            o.println(im.worstRiseDb() > 0.5 ? String.format(Locale.ROOT, "verdict: MATTERS (NMSE up to %.2f dB worse "
                    + "than the bound allows)", im.worstRiseDb()) : String.format(Locale.ROOT, "verdict: does not "
                    + "matter at this SNR (NMSE rise below 0.5 dB; %.3f dB at most)", im.worstRiseDb()));
            return 0;
        }

        private static double nan0(double v) {
            return Double.isFinite(v) ? v : 0;
        }
    }

    /** Amplitude and phase per element with ±1σ error bars (receive, and transmit when present), one PNG. */
    static void plot(Path file, String title, ChainWeights rx, ChainWeights tx) {
        System.setProperty("java.awt.headless", "true");
        List<XYChart> charts = new ArrayList<>();
        for (ChainWeights w : tx == null ? List.of(rx) : List.of(rx, tx)) {
            String who = w == rx ? "receive element" : "transmit chain";
            int n = w.chains();
            double[] x = new double[n];
            double[] amp = new double[n];
            double[] ampErr = new double[n];
            double[] ph = new double[n];
            double[] phErr = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = i;
                amp[i] = w.amplitudeDb(i);
                ampErr[i] = Double.isFinite(w.amplitudeStdDb()[i]) ? w.amplitudeStdDb()[i] : 0;
                ph[i] = Math.toDegrees(w.phaseRad(i));
                phErr[i] = Double.isFinite(w.phaseStdRad()[i]) ? Math.toDegrees(w.phaseStdRad()[i]) : 0;
            }
            XYChart a = new XYChartBuilder().width(640).height(400).title(title + " — amplitude").xAxisTitle(who)
                    .yAxisTitle("20 log10 |w| (dB)").build();
            a.addSeries("amplitude ± 1σ", x, amp, ampErr);
            XYChart p = new XYChartBuilder().width(640).height(400).title(title + " — phase").xAxisTitle(who)
                    .yAxisTitle("arg w (deg)").build();
            p.addSeries("phase ± 1σ", x, ph, phErr);
            charts.add(a);
            charts.add(p);
        }
        BufferedImage out = new BufferedImage(2 * 640, 400 * charts.size() / 2, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        for (int i = 0; i < charts.size(); i++) {
            charts.get(i).getStyler().setLegendVisible(false);
            g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), (i % 2) * 640, (i / 2) * 400, null);
        }
        g.dispose();
        try {
            ImageIO.write(out, "png", file.toFile());
        } catch (IOException e) {
            throw new OutputException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
