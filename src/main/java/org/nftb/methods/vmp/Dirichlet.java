package org.nftb.methods.vmp;

/**
 * The Dirichlet kernel of block decimation: summing B pulses of a residual Doppler ω about the block centre gives
 * {@code D = Σ_e e^{−jω(e − (B−1)/2)T} = sin(Bx)/sin(x)}, {@code x = ωT/2} (real). Written as the sum of cosines
 * {@code D = Σ_e cos(2 m_e x)}, {@code m_e = e − (B−1)/2}, its Taylor series is
 * <pre>  D(x) = Σ_k (−4)^k x^{2k} M_{2k} / (2k)!,   M_{2k} = Σ_e m_e^{2k},</pre>
 * a polynomial in x² whose coefficients depend only on B (computed once). For {@code |Bx| ≤ 0.6} eight terms leave a
 * truncation below {@code (Bx)^16/16! < 1e-16} relative; beyond, the trigonometric form is used (the decimation keeps
 * |Bx| ≤ 0.5 for the speeds it is configured for, {@link VmpProvider#defaultDecimation}). {@code DirichletTest}
 * checks both D and its logarithmic slope against the direct sum. Immutable; thread-safe.
 */
final class Dirichlet {
    private static final int TERMS = 8;
    private static final double SERIES_LIMIT = 0.6;
    private final int b;
    private final double[] coefficient = new double[TERMS];

    /** @param blockPulses B */
    Dirichlet(int blockPulses) {
        this.b = blockPulses;
        double fact = 1;
        for (int k = 0; k < TERMS; k++) {
            if (k > 0) {
                fact *= (2.0 * k - 1) * (2.0 * k);
            }
            double m = 0;
            for (int e = 0; e < blockPulses; e++) {
                double me = e - (blockPulses - 1) / 2.0;
                m += Math.pow(me, 2 * k);
            }
            coefficient[k] = Math.pow(-4, k) * m / fact;
        }
    }

    /** {@code sin(Bx)/sin(x)} (B at x = 0). */
    double value(double x) {
        if (Math.abs(b * x) > SERIES_LIMIT) {
            return Math.sin(b * x) / Math.sin(x);
        }
        double s = x * x;
        double v = coefficient[TERMS - 1];
        for (int k = TERMS - 2; k >= 0; k--) {
            v = v * s + coefficient[k];
        }
        return v;
    }

    /** {@code d ln D / dx = B cot(Bx) − cot(x)} (0 at x = 0), given {@code d = value(x)}. */
    double logSlope(double x, double d) {
        if (Math.abs(b * x) > SERIES_LIMIT) {
            return b * Math.cos(b * x) / Math.sin(b * x) - Math.cos(x) / Math.sin(x);
        }
        double s = x * x;
        // dD/dx = Σ_k 2k c_k x^{2k−1}
        double v = 2 * (TERMS - 1) * coefficient[TERMS - 1];
        for (int k = TERMS - 2; k >= 1; k--) {
            v = v * s + 2 * k * coefficient[k];
        }
        return v * x / d;
    }
}
