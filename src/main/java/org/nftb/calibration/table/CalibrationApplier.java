package org.nftb.calibration.table;

import org.nftb.dsp.ComplexScale;

/**
 * Kernel that removes the array response: {@code y_cal = y · w_n⁻¹} per element (DESIGN: W⁻¹ per element).
 * The inverse weights are computed once; {@link #apply} allocates nothing. Immutable, thread-safe.
 */
public final class CalibrationApplier {
    private final CalibrationTable table;
    private final float[] inverse;

    public CalibrationApplier(CalibrationTable table) {
        this.table = table;
        double[] w = table.responseW();
        this.inverse = new float[w.length];
        for (int n = 0; n < w.length / 2; n++) {
            double re = w[2 * n];
            double im = w[2 * n + 1];
            double mag2 = re * re + im * im;
            inverse[2 * n] = (float) (re / mag2);
            inverse[2 * n + 1] = (float) (-im / mag2);
        }
    }

    public CalibrationTable table() {
        return table;
    }

    /** Real part of {@code 1/w_element}. */
    public float inverseRe(int element) {
        return inverse[2 * element];
    }

    /** Imaginary part of {@code 1/w_element}. */
    public float inverseIm(int element) {
        return inverse[2 * element + 1];
    }

    /**
     * {@code out[outOff + 2i…] = in[inOff + 2i…] · w_element⁻¹} for {@code samples} complex samples.
     */
    public void apply(int element, float[] in, int inOff, float[] out, int outOff, int samples) {
        ComplexScale.scale(in, inOff, out, outOff, samples, inverse[2 * element], inverse[2 * element + 1]);
    }
}
