package org.nftb.calibration.table;

import java.util.Arrays;

/**
 * Complex weights of a set of chains (receive elements or transmit chains) with their 1-σ uncertainty: the
 * {@code w_n} of seed 001 §II-A1 as measured.
 *
 * <p><b>Reference.</b> The phase and the scale of W are not observable (every method sees W times an unknown
 * complex gain), so measured weights are normalized: element 0 is the phase reference ({@code arg w_0 = 0}) and
 * the mean of {@code 20·log10|w_n|} over the chains is 0 dB ({@link #normalized}). The calibration file says so.
 *
 * @param w               interleaved re/im, one pair per chain
 * @param phaseStdRad     1-σ uncertainty of {@code arg w_n}, radians (NaN when the method gives none)
 * @param amplitudeStdDb  1-σ uncertainty of {@code 20·log10|w_n|}, dB (NaN when the method gives none)
 */
public record ChainWeights(double[] w, double[] phaseStdRad, double[] amplitudeStdDb) {

    public ChainWeights {
        if (w.length % 2 != 0 || w.length == 0 || phaseStdRad.length != w.length / 2
                || amplitudeStdDb.length != w.length / 2) {
            throw new IllegalArgumentException("ChainWeights: " + w.length / 2 + " weights, " + phaseStdRad.length
                    + " phase and " + amplitudeStdDb.length + " amplitude uncertainties");
        }
    }

    /** Weights without uncertainties. */
    public static ChainWeights of(double[] w) {
        double[] nan = new double[w.length / 2];
        Arrays.fill(nan, Double.NaN);
        return new ChainWeights(w, nan, nan.clone());
    }

    /**
     * Weights whose uncertainty follows from a complex standard deviation per chain: an estimate
     * {@code ŵ = w + ν}, {@code ν ~ CN(0, σ²)}, has {@code std(arg ŵ) = σ/(√2 |w|)} rad and
     * {@code std(20·log10|ŵ|) = (20/ln 10)·σ/(√2 |w|)} dB (first order).
     *
     * @param complexStd σ_n per chain, in the units of {@code w}
     */
    public static ChainWeights withComplexStd(double[] w, double[] complexStd) {
        int n = w.length / 2;
        double[] p = new double[n];
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            double rel = complexStd[i] / (Math.sqrt(2) * Math.hypot(w[2 * i], w[2 * i + 1]));
            p[i] = rel;
            a[i] = 20 / Math.log(10) * rel;
        }
        return new ChainWeights(w, p, a);
    }

    public int chains() {
        return w.length / 2;
    }

    public double re(int n) {
        return w[2 * n];
    }

    public double im(int n) {
        return w[2 * n + 1];
    }

    public double phaseRad(int n) {
        return Math.atan2(w[2 * n + 1], w[2 * n]);
    }

    public double amplitudeDb(int n) {
        return 20 * Math.log10(Math.hypot(w[2 * n], w[2 * n + 1]));
    }

    /**
     * These weights scaled by one complex factor so that {@code arg w_0 = 0} and the mean of
     * {@code 20·log10|w_n|} is 0 dB (the uncertainties are relative and do not change).
     */
    public ChainWeights normalized() {
        double meanDb = 0;
        for (int n = 0; n < chains(); n++) {
            meanDb += amplitudeDb(n) / chains();
        }
        double scale = Math.pow(10, -meanDb / 20);
        double c = Math.cos(-phaseRad(0)) * scale;
        double s = Math.sin(-phaseRad(0)) * scale;
        double[] out = new double[w.length];
        for (int n = 0; n < chains(); n++) {
            out[2 * n] = w[2 * n] * c - w[2 * n + 1] * s;
            out[2 * n + 1] = w[2 * n] * s + w[2 * n + 1] * c;
        }
        out[1] = 0;   // exactly real: atan2 rounding must not leave a residue in the reference
        return new ChainWeights(out, phaseStdRad, amplitudeStdDb);
    }

    /** Element-wise product {@code w_n · other_n} (uncertainties of this set; used to update a table in force). */
    public ChainWeights times(double[] other) {
        double[] out = new double[w.length];
        for (int n = 0; n < chains(); n++) {
            out[2 * n] = w[2 * n] * other[2 * n] - w[2 * n + 1] * other[2 * n + 1];
            out[2 * n + 1] = w[2 * n] * other[2 * n + 1] + w[2 * n + 1] * other[2 * n];
        }
        return new ChainWeights(out, phaseStdRad, amplitudeStdDb);
    }

    /** Element-wise quotient {@code a_n / b_n} of two interleaved weight vectors (a new array). */
    public static double[] ratio(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length / 2; i++) {
            double br = b[2 * i];
            double bi = b[2 * i + 1];
            double d = br * br + bi * bi;
            out[2 * i] = (a[2 * i] * br + a[2 * i + 1] * bi) / d;
            out[2 * i + 1] = (a[2 * i + 1] * br - a[2 * i] * bi) / d;
        }
        return out;
    }

    /** Root mean square of the phase uncertainties, degrees (NaN without uncertainties). */
    public double rmsPhaseStdDeg() {
        return Math.toDegrees(rms(phaseStdRad));
    }

    /** Root mean square of the amplitude uncertainties, dB (NaN without uncertainties). */
    public double rmsAmplitudeStdDb() {
        return rms(amplitudeStdDb);
    }

    private static double rms(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s / v.length);
    }
}
