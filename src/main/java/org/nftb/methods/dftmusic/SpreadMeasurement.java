package org.nftb.methods.dftmusic;

import org.nftb.dsp.ThreeDbSet;

/**
 * Seed 001 §IV-A: from the angle and Doppler power profiles of the AD response, the 3-dB sets
 * {@code Ω̂_3dB} and {@code ω̂_3dB} (eq. 12), their medians (eqs. 14-15: coarse θ and v_r) and their widths (the
 * inputs of the lookup of eq. 16). A width is the set's extent between its outer half-power crossings,
 * interpolated between bins ({@link ThreeDbSet#extentBins()}); a plain member count moves in whole bins, which at
 * seed 001's scenario is a 3 % step in range and a 2-4 m/s step in v_θ. Kernel: no allocation after
 * construction.
 *
 * <p>Profiles are in FFT order (bin 0 = zero frequency). Angle bin k (signed k' in [-P_a/2, P_a/2)) looks at
 * {@code sin θ = k' λ / (d P_a)}: the receive phase {@code -ν r⁽ⁿ⁾ ≈ +ν x_n sin θ} advances by
 * {@code 2π (d/λ) sin θ} per element. Doppler bin l (signed l') holds the path rate
 * {@code L̇ = -l' λ / (T P_d)}: the phase {@code -ν L̇ m T} turns by {@code -2π L̇ T / λ} per symbol.
 */
final class SpreadMeasurement {
    private final int angleBins;
    private final int dopplerBins;
    private final double sinPerAngleBin;
    private final double mpsPerDopplerBin;
    private final double[] angleOrdered;
    private final double[] dopplerOrdered;
    private final boolean[] angleVisible;
    private final ThreeDbSet angleSet = new ThreeDbSet();
    private final ThreeDbSet dopplerSet = new ThreeDbSet();

    double angleRad;
    double angleWidthRad;
    double radialVelocityMps;
    double dopplerWidthRadPerSymbol;

    SpreadMeasurement(int angleBins, int dopplerBins, double spacingM, double wavelengthM, double symbolPeriodS) {
        this.angleBins = angleBins;
        this.dopplerBins = dopplerBins;
        this.sinPerAngleBin = wavelengthM / (spacingM * angleBins);
        this.mpsPerDopplerBin = wavelengthM / (symbolPeriodS * dopplerBins);
        this.angleOrdered = new double[angleBins];
        this.dopplerOrdered = new double[dopplerBins];
        this.angleVisible = new boolean[angleBins];
        for (int i = 0; i < angleBins; i++) {
            angleVisible[i] = Math.abs(sinOfOrdered(i)) <= 1.0;
        }
    }

    /** sin θ of ascending-ordered angle bin position i (i = k' + P_a/2; fractional positions allowed). */
    private double sinOfOrdered(double i) {
        return (i - angleBins / 2) * sinPerAngleBin;
    }

    /**
     * Measures spreads from power profiles in FFT order.
     *
     * @param angleProfile   power per angle bin (the ridge cut: the strongest Doppler bin of each angle bin)
     * @param dopplerProfile power per Doppler bin (the ridge cut: the strongest angle bin of each Doppler bin)
     */
    void measure(double[] angleProfile, double[] dopplerProfile) {
        // angle: reorder to ascending sin θ
        for (int i = 0; i < angleBins; i++) {
            angleOrdered[i] = angleProfile[Math.floorMod(i - angleBins / 2, angleBins)];
        }
        angleSet.measure(angleOrdered, angleBins, angleVisible);
        angleRad = Math.asin(Math.max(-1, Math.min(1, sinOfOrdered(angleSet.medianBin()))));
        angleWidthRad = angleSet.extentBins() * sinPerAngleBin / Math.max(1e-6, Math.cos(angleRad));
        // Doppler: ascending l' means descending velocity; reorder to ascending velocity so the median is of v
        for (int i = 0; i < dopplerBins; i++) {
            int signedL = dopplerBins / 2 - 1 - i;          // i = 0 holds the largest l'
            dopplerOrdered[i] = dopplerProfile[Math.floorMod(signedL, dopplerBins)];
        }
        dopplerSet.measure(dopplerOrdered, dopplerBins, null);
        double signedMedian = dopplerBins / 2 - 1 - dopplerSet.medianBin();
        radialVelocityMps = -signedMedian * mpsPerDopplerBin;
        dopplerWidthRadPerSymbol = dopplerSet.extentBins() * 2 * Math.PI / dopplerBins;
    }

    double sinPerAngleBin() {
        return sinPerAngleBin;
    }

    double mpsPerDopplerBin() {
        return mpsPerDopplerBin;
    }
}
