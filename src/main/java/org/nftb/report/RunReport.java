package org.nftb.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nftb.output.OutputException;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * {@code nftb report}: a run's records as files an operator can look at afterwards — {@code estimates.csv} (one row
 * per reported target of every estimate record, every value as written), {@code parameters.png} (each estimated
 * parameter over stream time per target, with the truth and the ±√CRB band the estimates carry around it),
 * {@code scene.png} (top-down: estimates and true tracks) and {@code drops.png} (CPIs dropped, rejected and targets
 * unresolved over the run, from the health records). Plots are XChart, written headless.
 */
public final class RunReport {
    /** Size of one chart panel, px. */
    static final int PANEL_WIDTH = 640;
    static final int PANEL_HEIGHT = 460;
    /** CSV header, in column order. */
    public static final String CSV_HEADER = "seq,stateTimeS,target,angleDeg,rangeM,radialVelocityMps,"
            + "transverseVelocityMps,xM,yM,vxMps,vyMps,rootCrbAngleDeg,rootCrbRangeM,rootCrbRadialVelocityMps,"
            + "rootCrbTransverseVelocityMps,trueAngleDeg,trueRangeM,trueRadialVelocityMps,trueTransverseVelocityMps,"
            + "trueXM,trueYM,calibrationVersion,latencyMs,snrDb,fitAchieved,fitExpected";
    private static final String[] TITLES = {"angle θ (deg)", "range r (m)", "radial velocity v_r (m/s)",
            "transverse velocity v_θ (m/s)"};

    private RunReport() {
    }

    /** Writes the CSV and the three plots into {@code dir} (created); returns the files written. */
    public static List<Path> write(RunRecords run, Path dir) {
        System.setProperty("java.awt.headless", "true");
        try {
            Files.createDirectories(dir);
            List<Path> written = new ArrayList<>();
            written.add(csv(run, dir.resolve("estimates.csv")));
            written.add(parameters(run, dir.resolve("parameters.png")));
            written.add(scene(run, dir.resolve("scene.png")));
            written.add(drops(run, dir.resolve("drops.png")));
            return written;
        } catch (IOException e) {
            throw new OutputException("cannot write the report into " + dir + ": " + e.getMessage(), e);
        }
    }

    static Path csv(RunRecords run, Path file) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            w.println(CSV_HEADER);
            for (RunRecords.Row r : run.rows()) {
                StringBuilder sb = new StringBuilder(320);
                sb.append(r.seq()).append(',').append(r.stateTimeS()).append(',').append(r.target());
                for (double v : r.values()) {
                    sb.append(',').append(cell(v));
                }
                for (double v : r.rootCrb()) {
                    sb.append(',').append(cell(v));
                }
                for (int i = 0; i < 6; i++) {
                    sb.append(',').append(cell(r.truth()[i]));
                }
                sb.append(',').append(r.calibrationVersion()).append(',').append(cell(r.latencyMs())).append(',')
                        .append(cell(r.snrDb())).append(',').append(cell(r.fitAchieved())).append(',')
                        .append(cell(r.fitExpected()));
                w.println(sb);
            }
        }
        return file;
    }

    /** A number as Java writes it (round-trips exactly); empty when unknown. */
    private static String cell(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    private static int targets(RunRecords run) {
        return run.rows().stream().mapToInt(RunRecords.Row::target).max().orElse(-1) + 1;
    }

    static Path parameters(RunRecords run, Path file) throws IOException {
        int panels = run.velocity() ? 4 : 2;
        List<XYChart> charts = new ArrayList<>();
        for (int p = 0; p < panels; p++) {
            final int i = p;
            XYChart c = chart(TITLES[p] + (p == 0 ? " — " + run.name() : ""), "stream time (s)", TITLES[p]);
            for (int k = 0; k < Math.max(1, targets(run)); k++) {
                List<RunRecords.Row> rs = of(run, k);
                if (rs.isEmpty()) {
                    continue;
                }
                double[] t = column(rs, RunRecords.Row::stateTimeS);
                boolean truth = rs.stream().anyMatch(r -> Double.isFinite(r.truth()[i]));
                double[] centre = column(rs, r -> truth ? r.truth()[i] : r.values()[i]);
                double[] sd = column(rs, r -> r.rootCrb()[i]);
                String who = targets(run) > 1 ? " " + k : "";
                if (truth) {
                    line(c, "truth" + who, t, centre, SeriesLines.SOLID);
                }
                if (hasFinite(sd)) {
                    double[] lo = new double[t.length];
                    double[] hi = new double[t.length];
                    for (int j = 0; j < t.length; j++) {
                        lo[j] = centre[j] - sd[j];
                        hi[j] = centre[j] + sd[j];
                    }
                    line(c, "+√CRB" + who, t, hi, SeriesLines.DASH_DASH);
                    line(c, "−√CRB" + who, t, lo, SeriesLines.DASH_DASH);
                }
                dots(c, "estimate" + who, t, column(rs, r -> r.values()[i]));
            }
            charts.add(c);
        }
        return grid(charts, file);
    }

    static Path scene(RunRecords run, Path file) throws IOException {
        XYChart c = chart(run.name() + " — scene, top-down (array along x, broadside +y)", "x (m)", "y (m)");
        for (int k = 0; k < Math.max(1, targets(run)); k++) {
            List<RunRecords.Row> rs = of(run, k);
            if (rs.isEmpty()) {
                continue;
            }
            String who = targets(run) > 1 ? " " + k : "";
            if (rs.stream().anyMatch(r -> Double.isFinite(r.truth()[4]))) {
                line(c, "true track" + who, column(rs, r -> r.truth()[4]), column(rs, r -> r.truth()[5]),
                        SeriesLines.SOLID);
            }
            dots(c, "estimates" + who, column(rs, r -> r.values()[4]), column(rs, r -> r.values()[5]));
        }
        XYSeries origin = c.addSeries("origin (0, 0)", new double[] {0}, new double[] {0});
        origin.setMarker(SeriesMarkers.TRIANGLE_UP);
        origin.setLineStyle(SeriesLines.NONE);
        return grid(List.of(c), file);
    }

    static Path drops(RunRecords run, Path file) throws IOException {
        XYChart c = chart(run.name() + " — CPIs lost over the run (cumulative, from the health records)",
                "elapsed (s)", "count");
        List<RunRecords.Health> h = run.health();
        if (h.isEmpty()) {
            c.addSeries("no health records", new double[] {0}, new double[] {0});
        } else {
            double[] t = h.stream().mapToDouble(RunRecords.Health::elapsedS).toArray();
            line(c, "dropped: ring full (processing behind)", t, h.stream().mapToDouble(x -> x.droppedRingFull())
                    .toArray(), SeriesLines.SOLID);
            line(c, "dropped: gap (samples lost upstream)", t, h.stream().mapToDouble(x -> x.droppedGap())
                    .toArray(), SeriesLines.SOLID);
            line(c, "rejected", t, h.stream().mapToDouble(x -> x.rejected()).toArray(), SeriesLines.DASH_DOT);
            line(c, "targets unresolved", t, h.stream().mapToDouble(x -> x.unresolved()).toArray(),
                    SeriesLines.DOT_DOT);
        }
        return grid(List.of(c), file);
    }

    private static List<RunRecords.Row> of(RunRecords run, int target) {
        return run.rows().stream().filter(r -> r.target() == target).toList();
    }

    private static double[] column(List<RunRecords.Row> rs, ToDoubleFunction<RunRecords.Row> f) {
        return rs.stream().mapToDouble(f).toArray();
    }

    private static boolean hasFinite(double[] v) {
        for (double x : v) {
            if (Double.isFinite(x)) {
                return true;
            }
        }
        return false;
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title).xAxisTitle(x)
                .yAxisTitle(y).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setChartTitleFont(c.getStyler().getChartTitleFont().deriveFont(12f));
        c.getStyler().setYAxisDecimalPattern("#,##0.######");
        c.getStyler().setXAxisDecimalPattern("0.###");
        return c;
    }

    private static void line(XYChart c, String name, double[] x, double[] y, BasicStroke style) {
        XYSeries s = c.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(style);
    }

    private static void dots(XYChart c, String name, double[] x, double[] y) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
    }

    /** Charts side by side, two per row, as one PNG. */
    private static Path grid(List<XYChart> charts, Path file) throws IOException {
        int cols = Math.min(2, charts.size());
        int rows = (charts.size() + cols - 1) / cols;
        BufferedImage out = new BufferedImage(cols * PANEL_WIDTH, rows * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        for (int i = 0; i < charts.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), (i % cols) * PANEL_WIDTH,
                    (i / cols) * PANEL_HEIGHT, null);
        }
        g.dispose();
        ImageIO.write(out, "png", file.toFile());
        return file;
    }

    /** A short description of what was written, for the command's output. */
    public static String describe(RunRecords run, List<Path> files) {
        return String.format(Locale.ROOT, "report of '%s' (%s): %d estimate rows over %d target(s), %d health "
                        + "records; wrote %s", run.name(), run.estimator(), run.rows().size(), targets(run),
                run.health().size(), files);
    }
}
