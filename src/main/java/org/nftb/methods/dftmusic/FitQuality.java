package org.nftb.methods.dftmusic;

/**
 * The quality block of seed 001's estimator (ours; the paper reports no per-CPI quality): the noise power, the fit
 * a right estimate reaches, and the rule that calls an estimate consistent.
 *
 * <p>The noise power per sample σ̂² is read from the AD map ({@link AngleDopplerAnalyzer#noisePowerPerBin()}: the
 * lower quartile of 4096 bins; below processed SNR 35 dB the mean of the map away from the target's angular
 * spread, more than twice as precise) and a target's signal power from the energy of the data with the other
 * targets removed, {@code |ĝ|² = ‖y_k‖²/(NM) − σ̂²}, so this SNR estimate ρ̂ does not depend on where MUSIC
 * converged. A right estimate has fit {@code E[|yᴴv|²/(‖y‖²‖v‖²)] ≈ (NMρ̂ + 1)/(NM(ρ̂ + 1))}. Rule: consistent when
 * the fit achieved is at least {@code 1 − 4s} of that (and at least {@value #CONSISTENT_FIT_RATIO}), s the relative
 * standard deviation of fit/expected for a right estimate: the fit's own, {@code 2/√(NMρ̂)}, and the expected
 * fit's through σ̂², {@code δ(1+ρ̂)/ρ̂} (δ the noise estimate's relative precision). A search caught in a wrong
 * basin reaches a small fraction of it (seed 001's default moved to 25°: 0.006 against 0.93); at processed SNR
 * 40 dB the rule asks for 0.8, where a fixed half let a wrong coupled peak at 0.65 pass (1 of 300 draws over the
 * region); below 30 dB it asks for the half.
 *
 * <p>Not thread-safe (one per estimator); no allocation.
 */
final class FitQuality {
    /** The least fraction of the expected fit a consistent estimate reaches. */
    static final double CONSISTENT_FIT_RATIO = 0.5;
    /**
     * Relative precision of σ̂² from the lower quartile of 4096 AD bins (an exponential's quartile from n samples:
     * {@code √(q(1−q)/n)/(f(x_q) x_q) = 2.0/√n}).
     */
    private static final double QUARTILE_PRECISION = 0.031;
    /** Relative precision of σ̂² from the mean away from the spread (about 6000 of the N·M independent samples). */
    private static final double MEAN_PRECISION = 0.013;
    /**
     * Processed SNR (linear, by the quartile's σ̂²) below which σ̂² is taken from the map away from the spread:
     * 35 dB. What leaks out of the spread (about 1 % of a near target's energy) biases that mean by 0.5 % there and
     * less below; the switch sits well above 30 dB because the quartile's own error moves the SNR it is read with
     * (a CPI at 25 dB read 30.2 dB with a quartile 7 % low, and was flagged).
     */
    private static final double PRECISE_NOISE_SNR = Math.pow(10, 3.5);
    /** Angle bins on each side of the spread left out of the low-SNR noise estimate (its angular leakage). */
    private static final int NOISE_MARGIN_BINS = 16;

    private final double samples;
    private double noise;
    private double precision;

    FitQuality(int channels, int symbols) {
        this.samples = (double) channels * symbols;
    }

    /**
     * Reads σ̂² from the analyzed map of the whole CPI (energy {@code energy}); reads {@code geometry} there when the
     * SNR is low (its spread is left out).
     */
    void measureNoise(AngleDopplerAnalyzer analyzer, SpreadGeometry geometry, double energy) {
        double noiseBin = analyzer.noisePowerPerBin();
        noise = noiseBin / samples;
        precision = QUARTILE_PRECISION;
        if (energy / noise - samples < PRECISE_NOISE_SNR) {
            geometry.read(analyzer.powerMap(), noiseBin);
            if (geometry.valid) {
                noise = analyzer.meanPowerOutside(geometry.supportLo(), geometry.supportHi(), NOISE_MARGIN_BINS)
                        / samples;
                precision = MEAN_PRECISION;
            }
        }
    }

    /** σ̂², the noise power per sample. */
    double noise() {
        return noise;
    }

    /** Processed SNR of data of energy {@code energy}: {@code ‖y‖²/σ̂² − NM}. */
    double processedSnr(double energy) {
        return energy / noise - samples;
    }

    /** The fit a right estimate reaches on data of energy {@code energy}: {@code (NMρ̂ + 1)/(NM(ρ̂ + 1))}. */
    double expectedFit(double energy) {
        double rho = snr(energy);
        return (samples * rho + 1) / (samples * (rho + 1));
    }

    /** Whether {@code fit} on data of energy {@code energy} is consistent (the rule of the class comment). */
    boolean consistent(double fit, double energy) {
        double rho = snr(energy);
        double ratio = CONSISTENT_FIT_RATIO;
        if (rho > 0) {
            double fitSpread = 2 / Math.sqrt(samples * rho);
            double expectedSpread = precision * (1 + rho) / rho;
            ratio = Math.max(CONSISTENT_FIT_RATIO, 1 - 4 * Math.hypot(fitSpread, expectedSpread));
        }
        return fit >= ratio * expectedFit(energy);
    }

    /**
     * The maximum-likelihood SNR per sample given an estimate: its projection (fit × energy) is signal plus one
     * sample's noise, the rest is noise.
     */
    double fitSnr(double fit, double energy) {
        double projected = fit * energy;
        double fitNoise = (energy - projected) / (samples - 1);
        return fitNoise > 0 ? Math.max(0, projected - fitNoise) / samples / fitNoise : 0;
    }

    private double snr(double energy) {
        double signal = energy / samples - noise;
        return signal > 0 && noise > 0 ? signal / noise : 0;
    }
}
