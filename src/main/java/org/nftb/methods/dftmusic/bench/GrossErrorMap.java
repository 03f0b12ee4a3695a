package org.nftb.methods.dftmusic.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * Renders where the sweep's targets were estimated right and where not: one panel per (motion, SNR), each target
 * a dot at its true (x, y), grey when every draw was right, orange when some were unresolved or missed (no position
 * reported) and red when some reported a wrong position (a gross error or a ghost). XChart, one PNG.
 */
final class GrossErrorMap {
    private GrossErrorMap() {
    }

    /** One panel: title and, per target, x, y and its worst outcome (0 right, 1 not reported, 2 wrong). */
    record Panel(String title, double[] xM, double[] yM, int[] outcome) {
    }

    static void write(Path file, List<Panel> panels, int columns) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int w = 520;
        int h = 440;
        int rows = (panels.size() + columns - 1) / columns;
        BufferedImage out = new BufferedImage(columns * w, rows * h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        String[] names = {"all right", "some not reported", "some wrong"};
        Color[] colors = {new Color(170, 170, 170), new Color(240, 150, 0), new Color(210, 0, 0)};
        for (int i = 0; i < panels.size(); i++) {
            Panel p = panels.get(i);
            XYChart chart = new XYChartBuilder().width(w).height(h).title(p.title()).xAxisTitle("x (m)")
                    .yAxisTitle("y (m)").build();
            chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            chart.getStyler().setMarkerSize(5);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
            for (int o = 0; o < 3; o++) {
                int n = 0;
                for (int outcome : p.outcome()) {
                    n += outcome == o ? 1 : 0;
                }
                double[] x = new double[Math.max(1, n)];
                double[] y = new double[Math.max(1, n)];
                int j = 0;
                for (int t = 0; t < p.outcome().length; t++) {
                    if (p.outcome()[t] == o) {
                        x[j] = p.xM()[t];
                        y[j] = p.yM()[t];
                        j++;
                    }
                }
                if (n == 0) {
                    x[0] = Double.NaN;
                    y[0] = Double.NaN;
                }
                XYSeries s = chart.addSeries(names[o] + " (" + n + ")", x, y);
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setMarkerColor(colors[o]);
            }
            g.drawImage(BitmapEncoder.getBufferedImage(chart), (i % columns) * w, (i / columns) * h, null);
        }
        g.dispose();
        ImageIO.write(out, "png", file.toFile());
    }
}
