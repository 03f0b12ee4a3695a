package org.nftb.methods.dftmusic;

import org.nftb.dsp.Fft2d;

/**
 * A quick look for one more target in what is left after cancelling those found: the unpadded 2D-DFT of the
 * residual ({@code N × M} bins, an eighth of the seed-001 map's cost) and its strongest bin over its noise floor.
 * Only when that stands out does the estimator compute the full zero-padded map and search; a CPI with one target
 * pays this instead of a second full DFT stage.
 *
 * <p>Noise floor as in {@link AngleDopplerAnalyzer}: the lower quartile of the bin powers over {@code −ln(3/4)}.
 * Without padding the bins are independent, so noise alone gives a peak near {@code ln(N·M)} times the floor
 * (9.0, 9.5 dB, for 8192 bins) and a target between bins loses up to 3.9 dB per axis.
 *
 * <p>Kernel: no allocation after construction; not thread-safe.
 */
final class ResidualGate {
    private final int channels;
    private final int symbols;
    private final Fft2d fft;
    private final double[] grid;
    private final double[] sample;

    ResidualGate(int channels, int symbols) {
        this.channels = channels;
        this.symbols = symbols;
        this.fft = new Fft2d(channels, symbols);
        this.grid = new double[2 * channels * symbols];
        this.sample = new double[channels * symbols];
    }

    /** The strongest bin of the unpadded AD map of {@code snapshot} over the map's noise power per bin. */
    double peakOverNoise(float[] snapshot) {
        for (int i = 0; i < grid.length; i++) {
            grid[i] = snapshot[i];
        }
        fft.complexForward(grid);
        double peak = 0;
        int bins = channels * symbols;
        for (int b = 0; b < bins; b++) {
            double p = grid[2 * b] * grid[2 * b] + grid[2 * b + 1] * grid[2 * b + 1];
            sample[b] = p;
            peak = Math.max(peak, p);
        }
        double noise = Selection.select(sample, bins, bins / 4) / -Math.log(0.75);
        return noise > 0 ? peak / noise : Double.POSITIVE_INFINITY;
    }
}
