package org.nftb.calibration;

/**
 * Coherent stack of CPI snapshots ({@code N × M} symbols, interleaved re/im, element-major) of a scene that does not
 * change between CPIs (a reference source, a stationary target, or seed 001's frozen target): each CPI is rotated
 * by the phase that aligns it with the stack so far, {@code S = (1/K) Σ_k e^{−jθ_k} y_k},
 * {@code θ_k = arg ⟨S_{k−1}, y_k⟩}, so an unknown per-CPI phase of the source (a free-running pilot, a different
 * start phase every CPI) does not cancel the signal. The stack carries the signal at K times the SNR of one CPI.
 *
 * <p>The alignment phase is estimated from the data, which biases the stacked noise towards the stack itself, that
 * is along the signal: a common gain of order {@code 1/(2·NM·SNR)} that every calibration method absorbs in its
 * unknown complex gain. The per-element noise variance follows exactly from two running sums:
 * {@code Σ_k ‖y_{k,n} − e^{jθ_k} S_n‖² = Σ_k ‖y_{k,n}‖² − K ‖S_n‖²}.
 *
 * <p>One stack per scene; {@link #add} allocates nothing. Not thread-safe.
 */
public final class CpiStack {
    private final int channels;
    private final int symbols;
    private final double[] sum;
    private final double[] energy;
    private int count;

    public CpiStack(int channels, int symbols) {
        this.channels = channels;
        this.symbols = symbols;
        this.sum = new double[2 * channels * symbols];
        this.energy = new double[channels];
    }

    public int channels() {
        return channels;
    }

    public int symbols() {
        return symbols;
    }

    /** CPIs stacked so far. */
    public int count() {
        return count;
    }

    /** Adds one snapshot (length {@code 2 N M}; not modified). */
    public void add(float[] y) {
        double cr = 0;
        double ci = 0;
        for (int i = 0; i < sum.length; i += 2) {   // ⟨S, y⟩ = Σ conj(S) y
            cr += sum[i] * y[i] + sum[i + 1] * y[i + 1];
            ci += sum[i] * y[i + 1] - sum[i + 1] * y[i];
        }
        double mag = Math.hypot(cr, ci);
        double c = mag > 0 ? cr / mag : 1;
        double s = mag > 0 ? -ci / mag : 0;   // e^{−jθ}
        for (int n = 0; n < channels; n++) {
            double e = 0;
            int base = 2 * n * symbols;
            for (int m = 0; m < symbols; m++) {
                int i = base + 2 * m;
                double re = y[i];
                double im = y[i + 1];
                sum[i] += re * c - im * s;
                sum[i + 1] += re * s + im * c;
                e += re * re + im * im;
            }
            energy[n] += e;
        }
        count++;
    }

    /** The stacked snapshot {@code S} (a new array, {@code 2 N M}). */
    public double[] mean() {
        double[] out = new double[sum.length];
        for (int i = 0; i < sum.length; i++) {
            out[i] = sum[i] / count;
        }
        return out;
    }

    /**
     * Noise variance per sample of element n in one CPI, estimated from the spread of the CPIs about the stack
     * (needs at least two CPIs; NaN with one).
     */
    public double noiseVariance(int n) {
        if (count < 2) {
            return Double.NaN;
        }
        double s2 = 0;
        int base = 2 * n * symbols;
        for (int m = 0; m < 2 * symbols; m++) {
            s2 += sum[base + m] * sum[base + m];
        }
        return Math.max(0, energy[n] - s2 / count) / ((count - 1.0) * symbols);
    }

    /** Mean of {@link #noiseVariance} over the elements. */
    public double meanNoiseVariance() {
        double v = 0;
        for (int n = 0; n < channels; n++) {
            v += noiseVariance(n) / channels;
        }
        return v;
    }

    /** Per-sample SNR of one CPI (signal power of the stack over the noise variance, mean over the elements). */
    public double perSampleSnr() {
        double p = 0;
        for (int i = 0; i < sum.length; i++) {
            p += sum[i] * sum[i];
        }
        p /= (double) count * count * channels * symbols;
        double noise = meanNoiseVariance();
        return Math.max(0, p - noise / count) / noise;
    }
}
