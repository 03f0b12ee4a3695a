package org.nftb.methods.vmp;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD bodies of {@link VbiKernels}. {@code match}: per row {@code u += y r_re + swap(y) (−r_im, r_im)}.
 * {@code contract}: per block the element-wise products {@code y ⊙ p} and {@code y ⊙ swap(p)} summed over the rows,
 * whose even minus odd lanes are the real part and even plus odd the imaginary part (one reduction per block).
 * Loaded only when {@code jdk.incubator.vector} is present.
 */
final class VectorVbiKernels {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final VectorShuffle<Double> SWAP = VectorShuffle.fromOp(SPECIES, i -> i ^ 1);
    private static final VectorMask<Double> EVEN = VectorMask.fromLong(SPECIES, 0x5555_5555_5555_5555L);
    private static final VectorMask<Double> ODD = EVEN.not();
    private static final DoubleVector SIGNS = DoubleVector.fromArray(SPECIES, signs(SPECIES.length()), 0);

    private VectorVbiKernels() {
    }

    private static double[] signs(int lanes) {
        double[] s = new double[lanes];
        for (int i = 0; i < lanes; i++) {
            s[i] = (i & 1) == 0 ? -1 : 1;
        }
        return s;
    }

    static void match(double[] y, double[] r, int m, int pulses, double[] u) {
        int floats = 2 * m;
        int step = SPECIES.length();
        int whole = floats - floats % step;
        for (int kr = 0; kr < m; kr++) {
            int out = 2 * kr * m;
            for (int q = 0; q < whole; q += step) {
                DoubleVector acc = DoubleVector.zero(SPECIES);
                for (int b = 0; b < pulses; b++) {
                    DoubleVector yv = DoubleVector.fromArray(SPECIES, y, 2 * (kr * pulses + b) * m + q);
                    acc = yv.rearrange(SWAP).fma(SIGNS.mul(r[2 * b + 1]), yv.fma(DoubleVector.broadcast(SPECIES,
                            r[2 * b]), acc));
                }
                acc.intoArray(u, out + q);
            }
        }
        if (whole < floats) {
            VbiKernels.matchScalar(y, r, m, pulses, u, whole);
        }
    }

    static void contract(double[] y, double[] p, int m, int pulses, double[] h) {
        int floats = 2 * m;
        int step = SPECIES.length();
        int whole = floats - floats % step;
        for (int b = 0; b < pulses; b++) {
            DoubleVector a = DoubleVector.zero(SPECIES);
            DoubleVector s = DoubleVector.zero(SPECIES);
            for (int kr = 0; kr < m; kr++) {
                int row = 2 * (kr * pulses + b) * m;
                for (int q = 0; q < whole; q += step) {
                    DoubleVector yv = DoubleVector.fromArray(SPECIES, y, row + q);
                    DoubleVector pv = DoubleVector.fromArray(SPECIES, p, 2 * kr * m + q);
                    a = yv.fma(pv, a);
                    s = yv.fma(pv.rearrange(SWAP), s);
                }
            }
            h[2 * b] = a.reduceLanes(VectorOperators.ADD, EVEN) - a.reduceLanes(VectorOperators.ADD, ODD);
            h[2 * b + 1] = s.reduceLanes(VectorOperators.ADD, EVEN) + s.reduceLanes(VectorOperators.ADD, ODD);
        }
        if (whole < floats) {
            VbiKernels.contractScalar(y, p, m, pulses, h, whole);
        }
    }
}
