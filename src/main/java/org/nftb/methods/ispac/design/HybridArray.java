package org.nftb.methods.ispac.design;

import java.io.Serializable;

/**
 * The MT's partially connected analog network (seed 003 eqs. 1, 29-31): N_RF chains, chain i drives the M = N_a/N_RF
 * adjacent elements {@code iM … iM+M−1} through unit-modulus phase shifters f_n, scaled by 1/√M, so that
 * {@code F = diag(f) Φ} with {@code Φ = Bdiag(1_M)/√M} and {@code FᴴF = I}. Fully digital is N_RF = N_a (M = 1).
 * Complex vectors interleaved re/im. Immutable (the phases are copied); thread-safe.
 */
public final class HybridArray implements Serializable {
    private static final long serialVersionUID = 1L;
    private final double[] f;
    private final int elements;
    private final int chains;
    private final int perChain;
    private final double scale;

    /**
     * @param phases unit-modulus phase-shifter values f_n, interleaved (2 N_a); their moduli are checked to 1e-9
     * @param chains N_RF, dividing N_a
     */
    public HybridArray(double[] phases, int chains) {
        this.elements = phases.length / 2;
        if (chains < 1 || elements % chains != 0) {
            throw new IllegalArgumentException("N_RF = " + chains + " must divide N_a = " + elements);
        }
        for (int n = 0; n < elements; n++) {
            double m = Math.hypot(phases[2 * n], phases[2 * n + 1]);
            if (Math.abs(m - 1) > 1e-9) {
                throw new IllegalArgumentException("phase shifter " + n + " has modulus " + m + ", not 1");
            }
        }
        this.f = phases.clone();
        this.chains = chains;
        this.perChain = elements / chains;
        this.scale = 1 / Math.sqrt(perChain);
    }

    /** Every phase shifter at 0 rad. */
    public static HybridArray uniform(int elements, int chains) {
        double[] p = new double[2 * elements];
        for (int n = 0; n < elements; n++) {
            p[2 * n] = 1;
        }
        return new HybridArray(p, chains);
    }

    /** Phase shifters at angles {@code phaseRad[n]}. */
    public static HybridArray ofPhases(double[] phaseRad, int chains) {
        double[] p = new double[2 * phaseRad.length];
        for (int n = 0; n < phaseRad.length; n++) {
            p[2 * n] = Math.cos(phaseRad[n]);
            p[2 * n + 1] = Math.sin(phaseRad[n]);
        }
        return new HybridArray(p, chains);
    }

    public int elements() { return elements; }
    public int chains() { return chains; }
    public int perChain() { return perChain; }

    /** Phase shifter n, interleaved re/im at [2n], [2n+1] (a copy of all of them). */
    public double[] phases() {
        return f.clone();
    }

    /** {@code out = Fᵀ a} (N_RF), a of length N_a. */
    public void transposeTimes(double[] a, double[] out) {
        times(a, out, false);
    }

    /** {@code out = Fᴴ a} (N_RF): the analog combiner (uplink, eq. 15). */
    public void adjointTimes(double[] a, double[] out) {
        times(a, out, true);
    }

    private void times(double[] a, double[] out, boolean conj) {
        for (int i = 0; i < chains; i++) {
            double re = 0;
            double im = 0;
            for (int m = 0; m < perChain; m++) {
                int n = i * perChain + m;
                double fr = f[2 * n];
                double fi = conj ? -f[2 * n + 1] : f[2 * n + 1];
                re += fr * a[2 * n] - fi * a[2 * n + 1];
                im += fr * a[2 * n + 1] + fi * a[2 * n];
            }
            out[2 * i] = scale * re;
            out[2 * i + 1] = scale * im;
        }
    }

    /** {@code out = F z} (N_a), z of length N_RF: the analog precoder (downlink, eq. 9). */
    public void times(double[] z, double[] out) {
        for (int n = 0; n < elements; n++) {
            int i = n / perChain;
            out[2 * n] = scale * (f[2 * n] * z[2 * i] - f[2 * n + 1] * z[2 * i + 1]);
            out[2 * n + 1] = scale * (f[2 * n] * z[2 * i + 1] + f[2 * n + 1] * z[2 * i]);
        }
    }

    /** F as a dense N_a × N_RF matrix, row-major interleaved. */
    public double[] dense() {
        double[] out = new double[2 * elements * chains];
        for (int n = 0; n < elements; n++) {
            int i = n / perChain;
            out[2 * (n * chains + i)] = scale * f[2 * n];
            out[2 * (n * chains + i) + 1] = scale * f[2 * n + 1];
        }
        return out;
    }
}
