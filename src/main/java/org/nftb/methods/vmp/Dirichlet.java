package org.nftb.methods.vmp;

/**
 * The Dirichlet kernel of block decimation: summing B pulses of a residual Doppler ω about the block centre gives
 * {@code Σ_e e^{−jω(e − (B−1)/2)T} = D = sin(Bx)/sin(x)}, {@code x = ωT/2} (real). For {@code |Bx| ≤ 0.6} both
 * {@code D = B sinc(Bx)/sinc(x)} and {@code d ln D/dx = B sinc'(Bx)/sinc(Bx) − sinc'(x)/sinc(x)} are evaluated by
 * their Taylor polynomials to z¹² (truncation below 1e-14 relative), beyond by the trigonometric forms; the
 * decimation keeps |Bx| ≤ 0.5 for the speeds it is configured for ({@link VmpProvider#defaultDecimation}).
 * {@code DirichletTest} checks both against the direct sum. Stateless.
 */
final class Dirichlet {
    private static final double SERIES_LIMIT = 0.6;

    private Dirichlet() {
    }

    /** {@code sin(Bx)/sin(x)} (B at x = 0). */
    static double value(int blockPulses, double x) {
        double z = blockPulses * x;
        if (Math.abs(z) <= SERIES_LIMIT) {
            return blockPulses * sinc(z) / sinc(x);
        }
        return Math.sin(z) / Math.sin(x);
    }

    /** {@code d ln D / dx = B cot(Bx) − cot(x)} (0 at x = 0). */
    static double logSlope(int blockPulses, double x) {
        double z = blockPulses * x;
        if (Math.abs(z) <= SERIES_LIMIT) {
            return blockPulses * sincSlope(z) / sinc(z) - sincSlope(x) / sinc(x);
        }
        return blockPulses * Math.cos(z) / Math.sin(z) - Math.cos(x) / Math.sin(x);
    }

    /** sin z / z for |z| ≤ 0.6. */
    private static double sinc(double z) {
        double s = z * z;
        return 1 + s * (-1.0 / 6 + s * (1.0 / 120 + s * (-1.0 / 5040 + s * (1.0 / 362880 + s * (-1.0 / 39916800
                + s / 6227020800.0)))));
    }

    /** d(sin z / z)/dz for |z| ≤ 0.6. */
    private static double sincSlope(double z) {
        double s = z * z;
        return z * (-1.0 / 3 + s * (1.0 / 30 + s * (-1.0 / 840 + s * (1.0 / 45360 + s * (-1.0 / 3991680
                + s / 518918400.0)))));
    }
}
