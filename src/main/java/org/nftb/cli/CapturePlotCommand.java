package org.nftb.cli;

import org.jtransforms.fft.FloatFFT_1D;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nftb.config.Quantity;
import org.nftb.device.RxBuffer;
import org.nftb.device.replay.Capture;
import org.nftb.device.replay.CaptureSamples;
import org.nftb.output.OutputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

import javax.imageio.ImageIO;
import org.nftb.run.UsageException;

/**
 * {@code nftb capture plot CAPTURE}: a PNG with the capture's power spectrum (Welch: Hann-windowed FFT blocks, power
 * averaged over blocks and channels, dB relative to full-scale units, against the offset from the recorded centre
 * frequency) and the mean power of every channel (dB), over a stretch of the capture.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Write a PNG of a capture's spectrum and per-channel power.")
public final class CapturePlotCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CAPTURE",
            description = "capture directory, .sigmf-collection, .sigmf-meta or .sigmf archive")
    Path capture;

    @Option(names = "--out", paramLabel = "FILE", description = "PNG to write (default: capture.png in the working "
            + "directory)")
    Path out = Path.of("capture.png");

    @Option(names = "--from", paramLabel = "T", description = "start this long after the first sample (default 0 s)")
    String from = "0 s";

    @Option(names = "--samples", paramLabel = "N", description = "samples per channel to analyse (default ${DEFAULT-VALUE})")
    int samples = 1 << 18;

    @Option(names = "--fft", paramLabel = "N", description = "FFT size of the spectrum (default ${DEFAULT-VALUE})")
    int fft = 1024;

    @Override
    public Integer call() throws Exception {
        if (samples < 1 || fft < 2) {
            throw new UsageException("--samples must be >= 1 and --fft >= 2");
        }
        Capture c = Capture.open(capture);
        long first;
        try {
            first = Math.round(Quantity.DURATION.parse(from) * c.sampleRateHz());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--from: " + e.getMessage());
        }
        if (first < 0 || first >= c.sampleCount()) {
            throw new UsageException("--from is outside the capture (" + c.sampleCount() / c.sampleRateHz() + " s)");
        }
        long n = Math.min(samples, c.sampleCount() - first);
        int size = (int) Math.min(fft, Integer.highestOneBit((int) Math.max(2, n)));
        int channels = c.channelCount();
        double[] spectrum = new double[size];
        double[] power = new double[channels];
        long blocks = 0;
        float[] window = hann(size);
        float[] work = new float[2 * size];
        FloatFFT_1D transform = new FloatFFT_1D(size);
        RxBuffer buffer = new RxBuffer(channels, size);
        try (CaptureSamples reader = new CaptureSamples(c)) {
            for (long at = first; at + size <= first + n || (blocks == 0 && at < first + n); at += size) {
                int len = (int) Math.min(size, first + n - at);
                reader.read(at, len, buffer);
                for (int ch = 0; ch < channels; ch++) {
                    float[] x = buffer.channel(ch);
                    Arrays.fill(work, 0f);
                    for (int i = 0; i < len; i++) {
                        power[ch] += (double) x[2 * i] * x[2 * i] + (double) x[2 * i + 1] * x[2 * i + 1];
                        work[2 * i] = x[2 * i] * window[i];
                        work[2 * i + 1] = x[2 * i + 1] * window[i];
                    }
                    transform.complexForward(work);
                    for (int k = 0; k < size; k++) {
                        spectrum[k] += (double) work[2 * k] * work[2 * k] + (double) work[2 * k + 1] * work[2 * k + 1];
                    }
                }
                blocks++;
            }
        }
        double norm = 0;
        for (float w : window) {
            norm += w * w;
        }
        double[] freqKHz = new double[size];
        double[] specDb = new double[size];
        for (int k = 0; k < size; k++) {
            int bin = (k + size / 2) % size;   // fftshift: negative frequencies first
            freqKHz[k] = (k - size / 2) * c.sampleRateHz() / size / 1e3;
            specDb[k] = 10 * Math.log10(Math.max(1e-30, spectrum[bin] / (blocks * channels * norm)));
        }
        double[] channelIdx = new double[channels];
        double[] powerDb = new double[channels];
        long counted = Math.min(n, blocks * size);
        for (int ch = 0; ch < channels; ch++) {
            channelIdx[ch] = ch;
            powerDb[ch] = 10 * Math.log10(Math.max(1e-30, power[ch] / counted));
        }
        double centre = c.reference().segments().get(0).frequencyHz();
        write(c, freqKHz, specDb, channelIdx, powerDb, centre, counted);
        System.err.printf(Locale.ROOT, "nftb: wrote %s (%d samples per channel from sample %d, %d-point FFT, %d blocks)%n",
                out, counted, first, size, blocks);
        return 0;
    }

    private void write(Capture c, double[] f, double[] s, double[] ch, double[] p, double centreHz, long counted)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        int w = 720;
        int h = 480;
        XYChart spec = new XYChartBuilder().width(w).height(h).title("spectrum, mean of " + c.channelCount()
                        + " channel(s), " + counted + " samples").xAxisTitle(Double.isNaN(centreHz)
                        ? "frequency (kHz)" : String.format(Locale.ROOT, "offset from %.6g Hz (kHz)", centreHz))
                .yAxisTitle("power per bin (dB)").build();
        spec.getStyler().setLegendVisible(false);
        spec.addSeries("spectrum", f, s).setMarker(SeriesMarkers.NONE);
        XYChart pow = new XYChartBuilder().width(w).height(h).title("mean power per channel").xAxisTitle("channel")
                .yAxisTitle("power (dB)").build();
        pow.getStyler().setLegendVisible(false);
        pow.addSeries("power", ch, p);
        BufferedImage img = new BufferedImage(2 * w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.drawImage(BitmapEncoder.getBufferedImage(spec), 0, 0, null);
        g.drawImage(BitmapEncoder.getBufferedImage(pow), w, 0, null);
        g.dispose();
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(img, "png", out.toFile())) {
            throw new OutputException("no PNG writer available to write " + out, null);
        }
    }

    private static float[] hann(int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
        }
        return w;
    }
}
