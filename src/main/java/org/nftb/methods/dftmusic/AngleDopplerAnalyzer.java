package org.nftb.methods.dftmusic;

import org.jtransforms.fft.DoubleFFT_1D;
import org.nftb.estimator.MapViewer;

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
 * <p>The 2D-DFT is computed as its two passes: a Doppler DFT of each element's M symbols (only the N rows that hold
 * data; the zero-padded rows stay zero), then an angle DFT of each Doppler column. The power map is kept for
 * {@link SpreadGeometry}, which reads the same map geometrically.
 *
 * <p>Kernel: single-threaded, no allocation after construction, not thread-safe.
 */
public final class AngleDopplerAnalyzer {
    private final int channels;
    private final int symbols;
    private final int angleBins;
    private final int dopplerBins;
    private final DoubleFFT_1D dopplerFft;
    private final DoubleFFT_1D angleFft;
    private final double[] row;          // one element's Doppler DFT, interleaved
    private final double[] rows;         // channels × dopplerBins, interleaved: the Doppler pass
    private final double[] column;       // one Doppler column's angle DFT, interleaved
    private final double[] power;        // angleBins × dopplerBins, row-major (FFT order on both axes)
    private final double[] angleProfile;
    private final double[] dopplerProfile;
    private final SpreadMeasurement spreads;
    private int tiltSign = 1;
    private final double[] floorSample;
    private final int floorStride;
    private double noisePowerPerBin;
    private double peakPower;
    private MapViewer axesFor;          // the viewer the cached axes below were made for
    private MapViewer.Axis rowAxis;
    private MapViewer.Axis columnAxis;

    /** AD bins sampled for the noise floor: enough for a quartile within a few per cent. */
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
        this.dopplerFft = new DoubleFFT_1D(dopplerBins);
        this.angleFft = new DoubleFFT_1D(angleBins);
        this.row = new double[2 * dopplerBins];
        this.rows = new double[2 * channels * dopplerBins];
        this.column = new double[2 * angleBins];
        this.power = new double[angleBins * dopplerBins];
        this.angleProfile = new double[angleBins];
        this.dopplerProfile = new double[dopplerBins];
        this.spreads = new SpreadMeasurement(angleBins, dopplerBins, spacingM, wavelengthM, symbolPeriodS);
        int bins = angleBins * dopplerBins;
        // an odd stride walks through rows and columns without locking onto the zero-padding's period
        this.floorStride = Math.max(1, bins / NOISE_FLOOR_SAMPLES) | 1;
        this.floorSample = new double[(bins + floorStride - 1) / floorStride];
    }

    /** 2D-DFT of a calibrated CPI (interleaved, channel-major) and the spreads of its ridge profiles. */
    public void analyze(float[] snapshot) {
        int rowLength = 2 * dopplerBins;
        for (int c = 0; c < channels; c++) {
            int in = 2 * c * symbols;
            for (int i = 0; i < 2 * symbols; i++) {
                row[i] = snapshot[in + i];
            }
            Arrays.fill(row, 2 * symbols, rowLength, 0);
            dopplerFft.complexForward(row);
            System.arraycopy(row, 0, rows, c * rowLength, rowLength);
        }
        Arrays.fill(angleProfile, 0);
        Arrays.fill(dopplerProfile, 0);
        for (int l = 0; l < dopplerBins; l++) {
            for (int c = 0; c < channels; c++) {
                column[2 * c] = rows[c * rowLength + 2 * l];
                column[2 * c + 1] = rows[c * rowLength + 2 * l + 1];
            }
            Arrays.fill(column, 2 * channels, column.length, 0);
            angleFft.complexForward(column);
            double colMax = 0;
            for (int k = 0; k < angleBins; k++) {
                double p = column[2 * k] * column[2 * k] + column[2 * k + 1] * column[2 * k + 1];
                power[k * dopplerBins + l] = p;
                colMax = Math.max(colMax, p);
                angleProfile[k] = Math.max(angleProfile[k], p);
            }
            dopplerProfile[l] = colMax;
        }
        double peak = 0;
        for (double p : angleProfile) {
            peak = Math.max(peak, p);
        }
        peakPower = peak;
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
            floorSample[n++] = power[b];
        }
        return Selection.select(floorSample, n, n / 4);
    }

    /**
     * Mean noise power of one AD bin, {@code N·M·σ²} (σ² per calibrated sample), estimated from the lower
     * quartile of the bin powers in the last {@link #analyze}.
     */
    public double noisePowerPerBin() {
        return noisePowerPerBin;
    }

    /**
     * Mean power per bin over the angle rows outside ordered positions {@code [lo − margin, hi + margin]}
     * (q = k' + P_a/2): the noise per bin where a target's spread is known to lie inside that interval.
     */
    public double meanPowerOutside(int lo, int hi, int margin) {
        double sum = 0;
        int rows = 0;
        for (int q = 0; q < angleBins; q++) {
            if (q >= lo - margin && q <= hi + margin) {
                continue;
            }
            int base = Math.floorMod(q - angleBins / 2, angleBins) * dopplerBins;
            for (int l = 0; l < dopplerBins; l++) {
                sum += power[base + l];
            }
            rows++;
        }
        return rows > 0 ? sum / ((double) rows * dopplerBins) : noisePowerPerBin;
    }

    /** Power of the strongest bin of the map of the last {@link #analyze}. */
    public double peakPower() {
        return peakPower;
    }

    /**
     * Sign of the tilt of the AD ridge: the power-weighted covariance of sin θ and path rate over the bins within
     * 6 dB of the peak. Across the aperture the local direction {@code sin θ(x)} falls with x, and the local path
     * rate {@code -v_θ x cos θ / r} falls with x iff v_θ > 0, so the covariance has the sign of v_θ. The 3-dB
     * widths of eq. (16) are even in v_θ; this supplies the sign at the DFT stage (our addition, tested).
     */
    private int ridgeTiltSign(double peak) {
        double threshold = 0.25 * peak;
        double w = 0;
        double su = 0;
        double sv = 0;
        double suv = 0;
        for (int k = 0; k < angleBins; k++) {
            if (angleProfile[k] <= threshold) {
                continue;
            }
            double u = (k < angleBins / 2 ? k : k - angleBins);
            int base = k * dopplerBins;
            for (int l = 0; l < dopplerBins; l++) {
                double p = power[base + l];
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
        for (int i = 0; i < angleBins; i++) {               // ascending sin θ: signed bin i − P_a/2
            int row = Math.floorMod(i - angleBins / 2, angleBins) * dopplerBins;
            int cell = (i / fa) * columns;
            for (int j = 0; j < dopplerBins; j++) {         // ascending v_r: signed Doppler bin P_d/2 − 1 − j
                float p = (float) power[row + Math.floorMod(dopplerBins / 2 - 1 - j, dopplerBins)];
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

    /** The power map of the last {@link #analyze}: {@code [k · P_d + l]}, both axes in FFT order. Read-only. */
    double[] powerMap() {
        return power;
    }

    int angleBins() {
        return angleBins;
    }

    int dopplerBins() {
        return dopplerBins;
    }

    int symbols() {
        return symbols;
    }
}
