package org.nftb.device.sim;

/**
 * The interpolator of fractional delays in {@code transmitPath: inject}: a 16-tap Hann-windowed sinc.
 *
 * <p>To delay x by {@code d = D + μ} samples (D whole, 0 ≤ μ < 1), output sample k is
 * {@code y[k] = Σ_{i=−7..8} h_μ[i] · x[k − D − i]} with
 * {@code h_μ[i] = K(i − μ) / Σ_i K(i − μ)}, {@code K(u) = sinc(u) · ½(1 + cos(π u / 8))} for |u| < 8 and
 * {@code sinc(u) = sin(πu)/(πu)}: the band-limited value of x at {@code k − d}, windowed to ±8 samples and
 * normalised to unit gain at DC. For μ = 0 the delay is the exact whole-sample shift (one tap of 1). For tones up
 * to 0.25 f_s the interpolated value is within 2·10⁻³ of the exact {@code x(k − d)} (tested; the Hann window's
 * passband ripple). A delayed burst rings over at most 7 samples before and 8 after its delayed edges, as a
 * band-limited delay does.
 */
final class FractionalDelay {
    /** Taps on either side: the kernel covers i = 1 − HALF .. HALF. */
    static final int HALF = 8;

    private FractionalDelay() {
    }

    /**
     * Taps {@code h_μ[i]} at index {@code i + HALF − 1}, for {@code 0 < μ < 1}; {@code null} for μ = 0 (whole
     * shift, no interpolation).
     */
    static double[] taps(double mu) {
        if (!(mu >= 0 && mu < 1)) {
            throw new IllegalArgumentException("fractional delay must lie in [0, 1), got " + mu);
        }
        if (mu == 0) {
            return null;
        }
        double[] h = new double[2 * HALF];
        taps(mu, h);
        return h;
    }

    /**
     * The taps of {@link #taps(double)} into caller-owned {@code h} (length {@code 2·HALF}), allocation-free; returns
     * false (h untouched) for μ = 0, the whole shift.
     */
    static boolean taps(double mu, double[] h) {
        if (!(mu >= 0 && mu < 1)) {
            throw new IllegalArgumentException("fractional delay must lie in [0, 1), got " + mu);
        }
        if (mu == 0) {
            return false;
        }
        double sum = 0;
        for (int j = 0; j < h.length; j++) {
            int i = j - HALF + 1;
            double u = i - mu;
            double sinc = Math.sin(Math.PI * u) / (Math.PI * u);
            h[j] = sinc * 0.5 * (1 + Math.cos(Math.PI * u / HALF));
            sum += h[j];
        }
        for (int j = 0; j < h.length; j++) {
            h[j] /= sum;
        }
        return true;
    }
}
