package org.nftb.methods.vmp;

import org.nftb.dsp.ComplexScale;

/**
 * The two passes of {@link SubarrayVbi} over a pair's values, stored as rows of the M transmit elements: value
 * (k_t, k_r, b) at {@code 2 ((k_r L' + b) M + k_t)} (the order of the decimated data, so a pair is gathered by
 * copying rows):
 * <ul>
 *   <li>{@link #match}: {@code u[k_r, k_t] = Σ_b y[k_t, k_r, b] r[b]} (the data matched to a Doppler phasor r;
 *       u at {@code 2 (k_r M + k_t)});</li>
 *   <li>{@link #contract}: {@code h[b] = Σ_{k_r, k_t} y[k_t, k_r, b] p[k_r, k_t]} (the data contracted with the
 *       angles' steering, p at {@code 2 (k_r M + k_t)}).</li>
 * </ul>
 * The scalar loops below (the SIMD body {@link VectorVbiKernels} is off by default, see {@link #SIMD}); both in double
 * precision. No allocation; thread-safe.
 */
final class VbiKernels {
    /**
     * The SIMD body ({@link VectorVbiKernels}) is off by default: on JDK 17 here C2 does not scalar-replace all of its
     * vector objects (likely the shuffle or the masked lane reductions; not isolated), so it allocated about 13 MB per
     * seed-000 CPI after warm-up ({@code EstimatorContractTest}:
     * 129 306 624 / 132 857 856 bytes per round of 10 CPIs, the same in every round), against the kernels' promise of
     * no allocation on the hot path. The scalar loops allocate nothing; turn this back on once the vector body does not
     * allocate (and that test passes with it). {@code -Dnftb.vmp.simd=true} turns it on for such measurements.
     */
    static final boolean SIMD = Boolean.getBoolean("nftb.vmp.simd") && ComplexScale.SIMD && Probe.works();

    private VbiKernels() {
    }

    /** {@code u[k_r, k_t] = Σ_b y[k_t, k_r, b] r[b]}. */
    static void match(double[] y, double[] r, int m, int pulses, double[] u) {
        if (SIMD) {
            VectorVbiKernels.match(y, r, m, pulses, u);
        } else {
            matchScalar(y, r, m, pulses, u, 0);
        }
    }

    /** {@code h[b] = Σ_{k_r, k_t} y[k_t, k_r, b] p[k_r, k_t]}. */
    static void contract(double[] y, double[] p, int m, int pulses, double[] h) {
        if (SIMD) {
            VectorVbiKernels.contract(y, p, m, pulses, h);
        } else {
            contractScalar(y, p, m, pulses, h, 0);
        }
    }

    /** The scalar match of the interleaved values {@code [from, 2m)} of each row. */
    static void matchScalar(double[] y, double[] r, int m, int pulses, double[] u, int from) {
        for (int kr = 0; kr < m; kr++) {
            java.util.Arrays.fill(u, 2 * kr * m + from, 2 * (kr + 1) * m, 0);
            for (int b = 0; b < pulses; b++) {
                double rr = r[2 * b];
                double ri = r[2 * b + 1];
                int row = 2 * (kr * pulses + b) * m;
                for (int q = from; q < 2 * m; q += 2) {
                    double yr = y[row + q];
                    double yi = y[row + q + 1];
                    u[2 * kr * m + q] += yr * rr - yi * ri;
                    u[2 * kr * m + q + 1] += yr * ri + yi * rr;
                }
            }
        }
    }

    /** The scalar contraction over the interleaved values {@code [from, 2m)} of each row, added to h. */
    static void contractScalar(double[] y, double[] p, int m, int pulses, double[] h, int from) {
        if (from == 0) {
            java.util.Arrays.fill(h, 0, 2 * pulses, 0);
        }
        for (int b = 0; b < pulses; b++) {
            double sr = 0;
            double si = 0;
            for (int kr = 0; kr < m; kr++) {
                int row = 2 * (kr * pulses + b) * m;
                for (int q = from; q < 2 * m; q += 2) {
                    double yr = y[row + q];
                    double yi = y[row + q + 1];
                    double pr = p[2 * kr * m + q];
                    double pi = p[2 * kr * m + q + 1];
                    sr += yr * pr - yi * pi;
                    si += yr * pi + yi * pr;
                }
            }
            h[2 * b] += sr;
            h[2 * b + 1] += si;
        }
    }

    /** Any linkage failure or disagreement of the SIMD bodies means scalar. */
    private static final class Probe {
        static boolean works() {
            try {
                int m = 5;
                int pulses = 3;
                double[] y = new double[2 * m * m * pulses];
                double[] r = new double[2 * pulses];
                double[] p = new double[2 * m * m];
                for (int i = 0; i < y.length; i++) {
                    y[i] = i % 5 - 2;
                }
                for (int i = 0; i < r.length; i++) {
                    r[i] = i % 3 - 1;
                }
                for (int i = 0; i < p.length; i++) {
                    p[i] = i % 4 - 1;
                }
                double[] a = new double[2 * m * m];
                double[] b = new double[2 * m * m];
                VectorVbiKernels.match(y, r, m, pulses, a);
                matchScalar(y, r, m, pulses, b, 0);
                double[] c = new double[2 * pulses];
                double[] d = new double[2 * pulses];
                VectorVbiKernels.contract(y, p, m, pulses, c);
                contractScalar(y, p, m, pulses, d, 0);
                return java.util.Arrays.equals(a, b) && java.util.Arrays.equals(c, d);
            } catch (LinkageError e) {
                return false;
            }
        }
    }
}
