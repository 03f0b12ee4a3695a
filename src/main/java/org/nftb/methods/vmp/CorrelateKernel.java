package org.nftb.methods.vmp;

import java.util.Arrays;
import org.nftb.dsp.ComplexScale;

/**
 * The inner loop of {@link CoherentPass}: for one receive element j, the block sums of the data against the
 * model's Doppler phasors, over all transmit elements at once. With {@code w_b,i = E_t[b, i] E_r[j, b]} and
 * {@code z_b,i} the decimated value (j, b, i), it accumulates the element-wise (re·re, im·im) and swapped
 * (re·im, im·re) products over b, plain and weighted by t_b:
 * <pre>  A = Σ_b z ⊙ w,  S = Σ_b z ⊙ swap(w),  C = Σ_b t_b z ⊙ w,  D = Σ_b t_b z ⊙ swap(w)</pre>
 * so that {@code Σ_b conj(z) w = (A_re + A_im) + j (S_re − S_im)} per element (and likewise with t_b from C, D):
 * the horizontal additions happen once per element, not once per block. {@code swap(w)} needs no shuffle:
 * {@code swap(E_t e) = swap(E_t) e_re + E_t (e_im, −e_im)} with {@code swap(E_t)} tabulated.
 *
 * <p>Uses the JDK's SIMD API when present ({@link ComplexScale#SIMD}), else the scalar loop below; both work in
 * double precision: at 30 dB the coherent SNR of Table II is 4·10¹⁰, so the likelihood must resolve relative changes
 * of 10⁻¹¹, which float sums (10⁻⁷ per term) would bury in rounding that varies erratically with the state. No
 * allocation; thread-safe.
 */
final class CorrelateKernel {
    static final boolean SIMD = ComplexScale.SIMD && Probe.works();

    private CorrelateKernel() {
    }

    /**
     * @param z     decimated values, receive-major ({@code 2 ((j B' + b) nt + i)})
     * @param et    {@code E_t[b, i]} at {@code 2 (b nt + i)}
     * @param etSw  the same with re and im exchanged
     * @param er    {@code E_r[j, b]} at {@code 2 (j B' + b)}
     * @param tb    block times
     * @param out   A, S, C, D at offsets 0, 2nt, 4nt, 6nt (overwritten)
     */
    static void blockSums(float[] z, double[] et, double[] etSw, double[] er, double[] tb, int j, int nt,
                          int blocks, double[] out) {
        if (SIMD) {
            VectorCorrelateKernel.blockSums(z, et, etSw, er, tb, j, nt, blocks, out);
        } else {
            scalar(z, et, etSw, er, tb, j, nt, blocks, out, 0);
        }
    }

    /** The scalar loop over the interleaved values from {@code from} on (also the reference in tests). */
    static void scalar(float[] z, double[] et, double[] etSw, double[] er, double[] tb, int j, int nt, int blocks,
                       double[] out, int from) {
        int n2 = 2 * nt;
        for (int q = 0; q < 4; q++) {
            Arrays.fill(out, q * n2 + from, (q + 1) * n2, 0);
        }
        for (int b = 0; b < blocks; b++) {
            double cr = er[2 * (j * blocks + b)];
            double ci = er[2 * (j * blocks + b) + 1];
            double t = tb[b];
            int zb = 2 * (j * blocks + b) * nt;
            int eb = 2 * b * nt;
            for (int k = from; k < n2; k += 2) {
                double w0 = et[eb + k] * cr - et[eb + k + 1] * ci;          // w = E_t e
                double w1 = et[eb + k + 1] * cr + et[eb + k] * ci;
                double z0 = z[zb + k];
                double z1 = z[zb + k + 1];
                out[k] += z0 * w0;
                out[k + 1] += z1 * w1;
                out[2 * nt + k] += z0 * w1;
                out[2 * nt + k + 1] += z1 * w0;
                out[4 * nt + k] += t * z0 * w0;
                out[4 * nt + k + 1] += t * z1 * w1;
                out[6 * nt + k] += t * z0 * w1;
                out[6 * nt + k + 1] += t * z1 * w0;
            }
        }
    }

    /** Any linkage failure of the SIMD body means scalar. */
    private static final class Probe {
        static boolean works() {
            try {
                int nt = 19;
                float[] z = new float[2 * nt * 3];
                double[] et = new double[2 * nt * 3];
                double[] sw = new double[et.length];
                for (int i = 0; i < z.length; i++) {
                    z[i] = i % 7 - 3;
                    et[i] = (i % 5) - 2;
                }
                for (int i = 0; i < et.length; i += 2) {
                    sw[i] = et[i + 1];
                    sw[i + 1] = et[i];
                }
                double[] er = {1, 2, -1, 1, 0, 1};
                double[] tb = {-1, 0, 1};
                double[] a = new double[8 * nt];
                double[] b = new double[8 * nt];
                VectorCorrelateKernel.blockSums(z, et, sw, er, tb, 0, nt, 3, a);
                scalar(z, et, sw, er, tb, 0, nt, 3, b, 0);
                return Arrays.equals(a, b);
            } catch (LinkageError e) {
                return false;
            }
        }
    }
}
