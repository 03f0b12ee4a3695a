package org.nftb.methods.vmp;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD body of {@link CorrelateKernel}, in double precision: each vector of transmit elements keeps the four
 * accumulators in registers across the blocks; the float data are widened lane by lane. Loaded only when
 * {@code jdk.incubator.vector} is present.
 */
final class VectorCorrelateKernel {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> HALF = VectorSpecies.of(float.class,
            jdk.incubator.vector.VectorShape.forBitSize(SPECIES.vectorBitSize() / 2));
    /** (1, −1, 1, −1, …): multiplies e_im into (e_im, −e_im). */
    private static final DoubleVector ALTERNATING = DoubleVector.fromArray(SPECIES, alternating(SPECIES.length()), 0);

    private VectorCorrelateKernel() {
    }

    private static double[] alternating(int lanes) {
        double[] s = new double[lanes];
        for (int i = 0; i < lanes; i++) {
            s[i] = (i & 1) == 0 ? 1 : -1;
        }
        return s;
    }

    static void blockSums(float[] z, double[] et, double[] etSw, double[] er, double[] tb, int j, int nt, int blocks,
                          double[] out) {
        int floats = 2 * nt;
        int step = SPECIES.length();
        int k = 0;
        for (; k <= floats - step; k += step) {
            DoubleVector a = DoubleVector.zero(SPECIES);
            DoubleVector s = DoubleVector.zero(SPECIES);
            DoubleVector c = DoubleVector.zero(SPECIES);
            DoubleVector d = DoubleVector.zero(SPECIES);
            for (int b = 0; b < blocks; b++) {
                double cr = er[2 * (j * blocks + b)];
                double ci = er[2 * (j * blocks + b) + 1];
                DoubleVector e = DoubleVector.fromArray(SPECIES, et, 2 * b * nt + k);
                DoubleVector es = DoubleVector.fromArray(SPECIES, etSw, 2 * b * nt + k);
                DoubleVector im = ALTERNATING.mul(ci);
                // w = E_t e = E_t e_re + swap(E_t) (−e_im, e_im); swap(w) = swap(E_t) e_re + E_t (e_im, −e_im)
                DoubleVector w = e.mul(cr).sub(es.mul(im));
                DoubleVector ws = es.mul(cr).add(e.mul(im));
                DoubleVector zv = (DoubleVector) FloatVector.fromArray(HALF, z, 2 * (j * blocks + b) * nt + k)
                        .convertShape(VectorOperators.F2D, SPECIES, 0);
                DoubleVector tz = zv.mul(tb[b]);
                a = zv.fma(w, a);
                s = zv.fma(ws, s);
                c = tz.fma(w, c);
                d = tz.fma(ws, d);
            }
            a.intoArray(out, k);
            s.intoArray(out, floats + k);
            c.intoArray(out, 2 * floats + k);
            d.intoArray(out, 3 * floats + k);
        }
        if (k < floats) {
            CorrelateKernel.scalar(z, et, etSw, er, tb, j, nt, blocks, out, k);
        }
    }
}
