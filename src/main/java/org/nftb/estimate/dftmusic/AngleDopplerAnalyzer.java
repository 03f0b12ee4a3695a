package org.nftb.estimate.dftmusic;

import org.jtransforms.fft.DoubleFFT_2D;
import org.nftb.estimate.MapViewer;

import java.util.Arrays;

/**
 * Seed 001 §III-IV-A, first stage: the 2D-DFT of the {@code N × M} space-time snapshot (zero-padded to
 * {@code P_a × P_d}), its angle-Doppler power map, and the angle and Doppler profiles from which
 * {@link SpreadMeasurement} takes the 3-dB spreads. The profiles are cuts along the ridge of the AD map: the
 * angle profile takes, for every angle bin, the strongest Doppler bin ({@code max_l P[k,l]}), and the Doppler
 * profile the strongest angle bin; this is the angular response of eq. (10) and the Doppler response of eq. (13)
 * evaluated where the target is. (Summing over the other axis instead adds the noise of every empty bin: measured
 * on seed 001's scenario, the DFT stage then failed below 40 dB processed SNR.)
 *
 * <p>Kernel: single-threaded, no allocation after construction, not thread-safe.
 */
public final class AngleDopplerAnalyzer {
    private final int channels;
    private final int symbols;
    private final int angleBins;
    private final int dopplerBins;
    private final DoubleFFT_2D fft2d;
    private final double[] grid;        // P_a rows × 2 P_d interleaved
    private final double[] angleProfile;
    private final double[] dopplerProfile;
    private final SpreadMeasurement spreads;
    private int tiltSign = 1;
    private final double[] floorSample;
    private final int floorStride;
    private double noisePowerPerBin;
    private MapViewer axesFor;          // the viewer the cached axes below were made for
    private MapViewer.Axis rowAxis;
    private MapViewer.Axis columnAxis;

    /** AD bins sampled for the noise floor: enough for a median within a few per cent, cheap to sort. */
    private static final int NOISE_FLOOR_SAMPLES = 4096;

    public AngleDopplerAnalyzer(int channels, int symbols, int angleBins, int dopplerBins, double spacingM,
                                double wavelengthM, double symbolPeriodS) {
        if (angleBins < channels || dopplerBins < symbols) {
            throw new IllegalArgumentException("FFT sizes " + angleBins + "x" + dopplerBins + " smaller than the "
                    + channels + "x" + symbols + " snapshot");
        }
        this.channels = channels;
        this.symbols = symbols;
        this.angleBins = angleBins;
        this.dopplerBins = dopplerBins;
        this.fft2d = new DoubleFFT_2D(angleBins, dopplerBins);
        this.grid = new double[2 * angleBins * dopplerBins];
        this.angleProfile = new double[angleBins];
        this.dopplerProfile = new double[dopplerBins];
        this.spreads = new SpreadMeasurement(angleBins, dopplerBins, spacingM, wavelengthM, symbolPeriodS);
        int bins = angleBins * dopplerBins;
        // an odd stride walks through rows and columns without locking onto the zero-padding's period
        this.floorStride = Math.max(1, bins / NOISE_FLOOR_SAMPLES) | 1;
        this.floorSample = new double[(bins + floorStride - 1) / floorStride];
    }

    /** 2D-DFT of a calibrated CPI (interleaved, channel-major) and the spreads of its marginals. */
    public void analyze(float[] snapshot) {
        Arrays.fill(grid, 0);
        int rowStride = 2 * dopplerBins;
        for (int c = 0; c < channels; c++) {
            int in = 2 * c * symbols;
            int out = c * rowStride;
            for (int i = 0; i < 2 * symbols; i++) {
                grid[out + i] = snapshot[in + i];
            }
        }
        fft2d.complexForward(grid);
        Arrays.fill(dopplerProfile, 0);
        double peak = 0;
        for (int k = 0; k < angleBins; k++) {
            int row = k * rowStride;
            double rowMax = 0;
            for (int l = 0; l < dopplerBins; l++) {
                double re = grid[row + 2 * l];
                double im = grid[row + 2 * l + 1];
                double p = re * re + im * im;
                grid[row + 2 * l] = p;          // keep the power map for the tilt
                rowMax = Math.max(rowMax, p);
                dopplerProfile[l] = Math.max(dopplerProfile[l], p);
            }
            angleProfile[k] = rowMax;
            peak = Math.max(peak, rowMax);
        }
        spreads.measure(angleProfile, dopplerProfile);
        tiltSign = ridgeTiltSign(peak);
        noisePowerPerBin = lowQuartileBinPower() / -Math.log(0.75);
    }

    /**
     * Lower quartile of the power over a strided sample of the AD map. A bin that holds only noise is the sum of
     * N·M samples of variance σ², so its power is exponential with mean N·M·σ² and lower quartile
     * {@code −ln(3/4)} times that. A near-field target spreads over many bins and its sidelobes lift the upper part
     * of the distribution at high SNR (the median read 1 dB high at processed SNR 50 dB); the lower quartile is
     * less affected (our addition: a noise estimate that does not depend on where the MUSIC stage converged).
     */
    private double lowQuartileBinPower() {
        int n = 0;
        int bins = angleBins * dopplerBins;
        for (int b = 0; b < bins && n < floorSample.length; b += floorStride) {
            floorSample[n++] = grid[2 * b];
        }
        Arrays.sort(floorSample, 0, n);
        return floorSample[n / 4];
    }

    /**
     * Mean noise power of one AD bin, {@code N·M·σ²} (σ² per calibrated sample), estimated from the median bin
     * power's lower quartile in the last {@link #analyze}.
     */
    public double noisePowerPerBin() {
        return noisePowerPerBin;
    }

    /**
     * Sign of the tilt of the AD ridge: the power-weighted covariance of sin θ and path rate over the bins within
     * 6 dB of the peak. Across the aperture the local direction {@code sin θ(x)} falls with x, and the local path
     * rate {@code -v_θ x cos θ / r} falls with x iff v_θ > 0, so the covariance has the sign of v_θ. The 3-dB
     * widths of eq. (16) are even in v_θ; this supplies the sign at the DFT stage (our addition, tested).
     */
    private int ridgeTiltSign(double peak) {
        double threshold = 0.25 * peak;
        int rowStride = 2 * dopplerBins;
        double w = 0;
        double su = 0;
        double sv = 0;
        double suv = 0;
        for (int k = 0; k < angleBins; k++) {
            double u = (k < angleBins / 2 ? k : k - angleBins);
            int row = k * rowStride;
            for (int l = 0; l < dopplerBins; l++) {
                double p = grid[row + 2 * l];
                if (p > threshold) {
                    double v = -(l < dopplerBins / 2 ? l : l - dopplerBins);
                    w += p;
                    su += p * u;
                    sv += p * v;
                    suv += p * u * v;
                }
            }
        }
        double cov = suv / w - (su / w) * (sv / w);
        return cov >= 0 ? 1 : -1;
    }

    /**
     * Copies the power map of the last {@link #analyze} to a viewer that {@linkplain MapViewer#claim() claimed} a
     * map, and publishes it. Rows ascend in sin θ, columns in radial velocity (m/s), as {@link SpreadMeasurement}
     * maps bins; when the map is larger than the viewer takes, each cell holds the largest power of the bins it
     * pools (a maximum keeps the narrow ridge visible). Called a few times per second at most (the viewer's rate),
     * on the worker's thread; allocates nothing after its first call for a viewer.
     */
    public void copyPowerMap(MapViewer viewer) {
        int fa = (angleBins + viewer.maxRows() - 1) / viewer.maxRows();
        int fd = (dopplerBins + viewer.maxColumns() - 1) / viewer.maxColumns();
        int rows = (angleBins + fa - 1) / fa;
        int columns = (dopplerBins + fd - 1) / fd;
        float[] out = viewer.buffer();
        Arrays.fill(out, 0, rows * columns, 0f);
        int rowStride = 2 * dopplerBins;
        for (int i = 0; i < angleBins; i++) {               // ascending sin θ: signed bin i − P_a/2
            int row = Math.floorMod(i - angleBins / 2, angleBins) * rowStride;
            int cell = (i / fa) * columns;
            for (int j = 0; j < dopplerBins; j++) {         // ascending v_r: signed Doppler bin P_d/2 − 1 − j
                float p = (float) grid[row + 2 * Math.floorMod(dopplerBins / 2 - 1 - j, dopplerBins)];
                int c = cell + j / fd;
                if (p > out[c]) {
                    out[c] = p;
                }
            }
        }
        if (axesFor != viewer) {
            double sinStep = spreads.sinPerAngleBin();
            double mpsStep = spreads.mpsPerDopplerBin();
            rowAxis = new MapViewer.Axis("sinAngle", ((fa - 1) / 2.0 - angleBins / 2) * sinStep, fa * sinStep);
            columnAxis = new MapViewer.Axis("radialVelocityMps", ((fd - 1) / 2.0 - dopplerBins / 2 + 1) * mpsStep,
                    fd * mpsStep);
            axesFor = viewer;
        }
        viewer.publish(rows, columns, rowAxis, columnAxis, "powerLinear");
    }

    /** Sign (+1 or -1) of v_θ read from the tilt of the AD ridge by the last {@link #analyze}. */
    public int transverseSign() {
        return tiltSign;
    }

    /** Coarse angle, eq. (14): median of the 3-dB angular spread, radians. */
    public double angleRad() {
        return spreads.angleRad;
    }

    /** Width of the 3-dB angular spread, radians. */
    public double angleWidthRad() {
        return spreads.angleWidthRad;
    }

    /** Coarse radial velocity, eq. (15): median of the 3-dB Doppler spread, m/s. */
    public double radialVelocityMps() {
        return spreads.radialVelocityMps;
    }

    /** Width of the 3-dB Doppler spread, radians per symbol. */
    public double dopplerWidthRadPerSymbol() {
        return spreads.dopplerWidthRadPerSymbol;
    }

    /** Spacing of the angle grid in sin θ. */
    public double sinPerAngleBin() {
        return spreads.sinPerAngleBin();
    }

    /** Spacing of the Doppler grid, m/s. */
    public double mpsPerDopplerBin() {
        return spreads.mpsPerDopplerBin();
    }
}
