package org.nftb.benchkit;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

/** Renders NMSE-vs-SNR panels (one per parameter) into one PNG with XChart. */
public final class NmsePlot {
    private NmsePlot() {
    }

    /**
     * @param panels  title → (series name → y values in dB), all over {@code snrDb}
     */
    public static void write(Path file, String title, double[] snrDb, List<Map.Entry<String, Map<String, double[]>>> panels)
            throws IOException {
        write(file, title, "processed SNR (dB)", "NMSE (dB)", snrDb, panels);
    }

    /** As above with the axis titles given (the x values are shared by every series). */
    public static void write(Path file, String title, String xTitle, String yTitle, double[] x,
                      List<Map.Entry<String, Map<String, double[]>>> panels) throws IOException {
        double[] snrDb = x;
        System.setProperty("java.awt.headless", "true");
        int w = 640;
        int h = 460;
        int cols = 2;
        int rows = (panels.size() + cols - 1) / cols;
        BufferedImage out = new BufferedImage(cols * w, rows * h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        for (int i = 0; i < panels.size(); i++) {
            XYChart chart = new XYChartBuilder().width(w).height(h).title(title + " — " + panels.get(i).getKey())
                    .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            for (Map.Entry<String, double[]> s : panels.get(i).getValue().entrySet()) {
                XYSeries series = chart.addSeries(s.getKey(), snrDb, s.getValue());
                if (s.getKey().startsWith("CRB")) {
                    series.setMarker(SeriesMarkers.NONE);
                }
            }
            g.drawImage(BitmapEncoder.getBufferedImage(chart), (i % cols) * w, (i / cols) * h, null);
        }
        g.dispose();
        ImageIO.write(out, "png", file.toFile());
    }
}
