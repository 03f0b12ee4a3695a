package org.nftb.methods.seqbeam.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.knowm.xchart.style.Styler;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

/** Multi-panel line charts (XChart) for seed 002's figures; series with no finite value are left out. */
final class Plots {
    private Plots() {
    }

    /** One panel: title, axis titles, log y, x values and named series. */
    record Panel(String title, String xTitle, String yTitle, boolean logY, double[] x, Map<String, double[]> series) {
        Panel(String title, String xTitle, String yTitle, boolean logY, double[] x) {
            this(title, xTitle, yTitle, logY, x, new LinkedHashMap<>());
        }

        Panel add(String name, double[] y) {
            series.put(name, y);
            return this;
        }
    }

    static void write(Path file, List<Panel> panels) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int w = 640;
        int h = 460;
        int cols = Math.min(2, panels.size());
        int rows = (panels.size() + cols - 1) / cols;
        BufferedImage out = new BufferedImage(cols * w, rows * h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        for (int i = 0; i < panels.size(); i++) {
            Panel p = panels.get(i);
            XYChart chart = new XYChartBuilder().width(w).height(h).title(p.title()).xAxisTitle(p.xTitle())
                    .yAxisTitle(p.yTitle()).build();
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            chart.getStyler().setYAxisLogarithmic(p.logY());
            boolean any = false;
            for (Map.Entry<String, double[]> s : p.series().entrySet()) {
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (int k = 0; k < p.x().length; k++) {
                    double y = s.getValue()[k];
                    if (Double.isFinite(y) && (!p.logY() || y > 0)) {
                        xs.add(p.x()[k]);
                        ys.add(y);
                    }
                }
                if (!xs.isEmpty()) {
                    XYSeries series = chart.addSeries(s.getKey(), xs, ys);
                    if (xs.size() > 40) {
                        series.setMarker(SeriesMarkers.NONE);
                    }
                    any = true;
                }
            }
            if (!any) {
                chart.addSeries("(nothing observable)", new double[] {0}, new double[] {1});
            }
            g.drawImage(BitmapEncoder.getBufferedImage(chart), (i % cols) * w, (i / cols) * h, null);
        }
        g.dispose();
        ImageIO.write(out, "png", file.toFile());
    }
}
