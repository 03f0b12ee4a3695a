package org.nftb.estimate.dftmusic;

import org.jtransforms.fft.DoubleFFT_1D;
import org.jtransforms.fft.DoubleFFT_2D;
import org.nftb.dsp.Fft;

import java.util.Arrays;

/**
 * Seed 001 §III-IV-A, first stage: the 2D-DFT of the {@code N × M} space-time snapshot (zero-padded to
 * {@code P_a × P_d}), its angle-Doppler power map, and the angle and Doppler profiles from which
 * {@link SpreadMeasurement} takes the 3-dB spreads. The profiles are the marginals of the AD map: the angle
 * profile sums the power over Doppler bins, the Doppler profile over angle bins (summing, rather than taking the
 * row through the peak, uses all the target's energy and is less noisy).
 *
 * <p>{@link #analyzeMarginals} computes the same marginals without the 2D transform, by Parseval along the other
 * axis: {@code Σ_l |X[k,l]|² = P_d Σ_m |A_m[k]|²} (A_m the angle DFT of symbol m) and
 * {@code Σ_k |X[k,l]|² = P_a Σ_n |D_n[l]|²} (D_n the Doppler DFT of element n). The lookup tables use it: it
 * costs a fraction of the 2D transform and gives identical widths (tested).
 *
 * <p>Kernel: single-threaded, no allocation after construction, not thread-safe.
 */
public final class AngleDopplerAnalyzer {
    private final int channels;
    private final int symbols;
    private final int angleBins;
    private final int dopplerBins;
    private final DoubleFFT_2D fft2d;
    private final DoubleFFT_1D angleFft;
    private final DoubleFFT_1D dopplerFft;
    private final double[] grid;        // P_a rows × 2 P_d interleaved
    private final double[] angleProfile;
    private final double[] dopplerProfile;
    private final double[] line;
    private final SpreadMeasurement spreads;
    private int tiltSign = 1;

    public AngleDopplerAnalyzer(int channels, int symbols, int angleBins, int dopplerBins, double spacingM,
                                double wavelengthM, double symbolPeriodS) {
        if (angleBins < channels || dopplerBins < symbols) {
            throw new IllegalArgumentException("FFT sizes " + angleBins + "x" + dopplerBins + " smaller than the "
                    + channels + "x" + symbols + " snapshot");
        }
        Fft.singleThreaded();
        this.channels = channels;
        this.symbols = symbols;
        this.angleBins = angleBins;
        this.dopplerBins = dopplerBins;
        this.fft2d = new DoubleFFT_2D(angleBins, dopplerBins);
        this.angleFft = new DoubleFFT_1D(angleBins);
        this.dopplerFft = new DoubleFFT_1D(dopplerBins);
        this.grid = new double[2 * angleBins * dopplerBins];
        this.angleProfile = new double[angleBins];
        this.dopplerProfile = new double[dopplerBins];
        this.line = new double[2 * Math.max(angleBins, dopplerBins)];
        this.spreads = new SpreadMeasurement(angleBins, dopplerBins, spacingM, wavelengthM, symbolPeriodS);
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
        Arrays.fill(angleProfile, 0);
        Arrays.fill(dopplerProfile, 0);
        double peak = 0;
        for (int k = 0; k < angleBins; k++) {
            int row = k * rowStride;
            double sum = 0;
            for (int l = 0; l < dopplerBins; l++) {
                double re = grid[row + 2 * l];
                double im = grid[row + 2 * l + 1];
                double p = re * re + im * im;
                grid[row + 2 * l] = p;          // keep the power map for the tilt
                sum += p;
                dopplerProfile[l] += p;
                peak = Math.max(peak, p);
            }
            angleProfile[k] = sum;
        }
        spreads.measure(angleProfile, dopplerProfile);
        tiltSign = ridgeTiltSign(peak);
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

    /** Sign (+1 or -1) of v_θ read from the tilt of the AD ridge by the last {@link #analyze}. */
    public int transverseSign() {
        return tiltSign;
    }

    /** Same profiles as {@link #analyze} for a double-precision snapshot, without the 2D transform. */
    public void analyzeMarginals(double[] snapshot) {
        Arrays.fill(angleProfile, 0);
        Arrays.fill(dopplerProfile, 0);
        // angle profile: P_d · Σ_m |angle DFT of column m|²
        for (int m = 0; m < symbols; m++) {
            Arrays.fill(line, 0, 2 * angleBins, 0);
            for (int c = 0; c < channels; c++) {
                line[2 * c] = snapshot[2 * (c * symbols + m)];
                line[2 * c + 1] = snapshot[2 * (c * symbols + m) + 1];
            }
            angleFft.complexForward(line);
            for (int k = 0; k < angleBins; k++) {
                angleProfile[k] += dopplerBins * (line[2 * k] * line[2 * k] + line[2 * k + 1] * line[2 * k + 1]);
            }
        }
        // Doppler profile: P_a · Σ_n |Doppler DFT of row n|²
        for (int c = 0; c < channels; c++) {
            Arrays.fill(line, 0, 2 * dopplerBins, 0);
            System.arraycopy(snapshot, 2 * c * symbols, line, 0, 2 * symbols);
            dopplerFft.complexForward(line);
            for (int l = 0; l < dopplerBins; l++) {
                dopplerProfile[l] += angleBins * (line[2 * l] * line[2 * l] + line[2 * l + 1] * line[2 * l + 1]);
            }
        }
        spreads.measure(angleProfile, dopplerProfile);
    }

    /** Angle profile of the last analysis (FFT order). */
    public double[] angleProfile() {
        return angleProfile;
    }

    /** Doppler profile of the last analysis (FFT order). */
    public double[] dopplerProfile() {
        return dopplerProfile;
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
