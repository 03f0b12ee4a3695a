package org.nftb.methods.seqbeam;

/**
 * Exact near-field propagation vectors of a ULA and their derivatives. Element n sits at offset {@code s_n} along
 * the array's axis from its reference point; a point at distance r and angle ψ from broadside (positive towards the
 * axis direction) is {@code d_n = √(r² − 2 r s_n sin ψ + s_n²)} from element n, and the propagation vector is
 * {@code b_n = exp(−j k (d_n − r))}, k = 2π/λ: the phase of element n relative to the reference point (the delay of
 * the reference point is the path delay τ). Its far-field limit is {@code exp(j k s_n sin ψ)}.
 *
 * <p>Seed 002's {@code a_B(θ)} on the receive side is b; the transmit gain towards the point is {@code bᵀ f}, the
 * paper's {@code a_Bᴴ(θ) f}: we write it {@code tᴴ f} with {@code t = conj(b)}, so that every spatial quantity is a
 * Hermitian form {@code tᴴ R t} of the transmit covariance. Narrowband: the vectors are evaluated at f_c on every
 * subcarrier (the paper's model; across 120 MHz the 0.34 m aperture's extra phase is at most
 * π B D / c ≈ 0.42 rad at endfire, less towards broadside: a stated deviation from the exact wideband array).
 *
 * <p>Interleaved re/im arrays; allocation-free; stateless.
 */
public final class Steering {
    private Steering() {
    }

    /** Offsets of an N-element ULA with spacing d, centred: {@code (n − (N−1)/2)·d}. */
    public static double[] ulaOffsets(int n, double spacingM) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = (i - (n - 1) / 2.0) * spacingM;
        }
        return s;
    }

    /**
     * Fills b, ∂b/∂ψ and ∂b/∂r (each 2N, any may be null) for a point at (ψ, r).
     *
     * @param nearField exact spherical wavefront when true, the far-field plane wave (∂b/∂r = 0) when false
     */
    public static void fill(double[] offsets, double k, double angleRad, double rangeM, boolean nearField,
                            double[] b, double[] dAngle, double[] dRange) {
        double sn = Math.sin(angleRad);
        double cs = Math.cos(angleRad);
        for (int n = 0; n < offsets.length; n++) {
            double s = offsets[n];
            double phase;
            double dPhiDAngle;
            double dPhiDRange;
            if (nearField) {
                double d = Math.sqrt(rangeM * rangeM - 2 * rangeM * s * sn + s * s);
                phase = -k * (d - rangeM);
                dPhiDAngle = -k * (-rangeM * s * cs / d);
                dPhiDRange = -k * ((rangeM - s * sn) / d - 1);
            } else {
                phase = k * s * sn;
                dPhiDAngle = k * s * cs;
                dPhiDRange = 0;
            }
            double re = Math.cos(phase);
            double im = Math.sin(phase);
            if (b != null) {
                b[2 * n] = re;
                b[2 * n + 1] = im;
            }
            // d/dx e^{jφ} = j φ' e^{jφ}
            if (dAngle != null) {
                dAngle[2 * n] = -dPhiDAngle * im;
                dAngle[2 * n + 1] = dPhiDAngle * re;
            }
            if (dRange != null) {
                dRange[2 * n] = -dPhiDRange * im;
                dRange[2 * n + 1] = dPhiDRange * re;
            }
        }
    }
}
