package org.nftb.dsp;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD bodies of {@link ComplexScale} and {@link ComplexAxpy}: with v = (a0, b0, a1, b1, …),
 * {@code v·(cr + j ci) = v·cr + swap(v)·(-ci, ci, -ci, ci, …)} where swap exchanges each re/im pair. Loaded only
 * when {@code jdk.incubator.vector} is present.
 */
final class VectorComplexScale {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final VectorShuffle<Float> SWAP_PAIRS = VectorShuffle.fromOp(SPECIES, i -> i ^ 1);
    private static final FloatVector SIGNS = FloatVector.fromArray(SPECIES, alternatingSigns(SPECIES.length()), 0);

    private VectorComplexScale() {
    }

    private static float[] alternatingSigns(int lanes) {
        float[] s = new float[lanes];
        for (int i = 0; i < lanes; i++) {
            s[i] = (i & 1) == 0 ? -1f : 1f;
        }
        return s;
    }

    static void scale(float[] in, int inOff, float[] out, int outOff, int samples, float cr, float ci) {
        int floats = 2 * samples;
        FloatVector re = FloatVector.broadcast(SPECIES, cr);
        FloatVector im = SIGNS.mul(ci);
        int step = SPECIES.length();
        int i = 0;
        for (; i <= floats - step; i += step) {
            FloatVector v = FloatVector.fromArray(SPECIES, in, inOff + i);
            v.rearrange(SWAP_PAIRS).fma(im, v.mul(re)).intoArray(out, outOff + i);
        }
        for (; i < floats; i += 2) {
            float a = in[inOff + i];
            float b = in[inOff + i + 1];
            out[outOff + i] = a * cr - b * ci;
            out[outOff + i + 1] = a * ci + b * cr;
        }
    }

    static void axpy(float[] in, int inOff, float[] out, int outOff, int samples, float cr, float ci) {
        int floats = 2 * samples;
        FloatVector re = FloatVector.broadcast(SPECIES, cr);
        FloatVector im = SIGNS.mul(ci);
        int step = SPECIES.length();
        int i = 0;
        for (; i <= floats - step; i += step) {
            FloatVector v = FloatVector.fromArray(SPECIES, in, inOff + i);
            FloatVector acc = FloatVector.fromArray(SPECIES, out, outOff + i);
            v.rearrange(SWAP_PAIRS).fma(im, v.fma(re, acc)).intoArray(out, outOff + i);
        }
        for (; i < floats; i += 2) {
            float a = in[inOff + i];
            float b = in[inOff + i + 1];
            out[outOff + i] += a * cr - b * ci;
            out[outOff + i + 1] += a * ci + b * cr;
        }
    }
}
