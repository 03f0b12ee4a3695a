package org.nftb.methods.cvtracker;

/**
 * Quantiles of the chi-square distribution with an even number of degrees of freedom, for gates on the normalized
 * innovation squared. For k = 2m degrees of freedom the CDF has the closed form
 * {@code F(x) = 1 − e^{−x/2} Σ_{i<m} (x/2)^i / i!}; the quantile is found by bisection on it (monotone), to a
 * relative 1e-12. Called when a tracker is made, not per CPI.
 */
final class ChiSquare {
    private ChiSquare() {
    }

    /** The chi-square CDF at {@code x} for {@code dof} (even, ≥ 2) degrees of freedom. */
    static double cdf(int dof, double x) {
        requireEven(dof);
        if (!(x > 0)) {
            return 0;
        }
        double half = x / 2;
        double term = 1;
        double sum = 1;
        for (int i = 1; i < dof / 2; i++) {
            term *= half / i;
            sum += term;
        }
        return 1 - Math.exp(-half) * sum;
    }

    /** The x with {@code cdf(dof, x) = p}, for 0 < p < 1. */
    static double quantile(int dof, double p) {
        requireEven(dof);
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1), got " + p);
        }
        double lo = 0;
        double hi = dof;
        while (cdf(dof, hi) < p) {
            hi *= 2;
        }
        while (hi - lo > 1e-12 * hi) {
            double mid = 0.5 * (lo + hi);
            if (cdf(dof, mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    private static void requireEven(int dof) {
        if (dof < 2 || dof % 2 != 0) {
            throw new IllegalArgumentException("even degrees of freedom >= 2 only, got " + dof);
        }
    }
}
