package org.nftb.calibration;

import org.nftb.model.Angles;

/**
 * How two sets of complex weights differ, element by element, once the unobservable common complex factor is
 * removed: the residual of an estimate {@code a} against a truth {@code b}, or what changed between two tables.
 *
 * <p>With {@code q_n = a_n / b_n}, the phase residual is {@code wrap(arg q_n − arg Σ_k q_k/|q_k|)} (each element
 * against the circular mean phase of all) and the amplitude residual is {@code 20·log10|q_n|} minus its mean over
 * the elements. These are what an estimator sees: a common factor is absorbed by its unknown complex gain.
 *
 * @param phaseDeg      residual phase per element, degrees in (−180, 180]
 * @param amplitudeDb   residual amplitude per element, dB
 */
public record WeightsComparison(double[] phaseDeg, double[] amplitudeDb) {

    /** Compares {@code a} against {@code b} (interleaved re/im, the same element count). */
    public static WeightsComparison of(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("cannot compare " + a.length / 2 + " weights with " + b.length / 2);
        }
        int n = a.length / 2;
        double[] qr = new double[n];
        double[] qi = new double[n];
        double sr = 0;
        double si = 0;
        double meanDb = 0;
        for (int i = 0; i < n; i++) {
            double br = b[2 * i];
            double bi = b[2 * i + 1];
            double m2 = br * br + bi * bi;
            qr[i] = (a[2 * i] * br + a[2 * i + 1] * bi) / m2;
            qi[i] = (a[2 * i + 1] * br - a[2 * i] * bi) / m2;
            double mag = Math.hypot(qr[i], qi[i]);
            sr += qr[i] / mag;
            si += qi[i] / mag;
            meanDb += 20 * Math.log10(mag) / n;
        }
        double common = Math.atan2(si, sr);
        double[] phase = new double[n];
        double[] amp = new double[n];
        for (int i = 0; i < n; i++) {
            phase[i] = Math.toDegrees(Angles.wrapRad(Math.atan2(qi[i], qr[i]) - common));
            amp[i] = 20 * Math.log10(Math.hypot(qr[i], qi[i])) - meanDb;
        }
        return new WeightsComparison(phase, amp);
    }

    public int elements() {
        return phaseDeg.length;
    }

    /** Root mean square of the phase residuals, degrees. */
    public double rmsPhaseDeg() {
        return rms(phaseDeg);
    }

    /** Root mean square of the amplitude residuals, dB. */
    public double rmsAmplitudeDb() {
        return rms(amplitudeDb);
    }

    /** Largest |phase residual|, degrees. */
    public double maxPhaseDeg() {
        return maxAbs(phaseDeg);
    }

    /** Largest |amplitude residual|, dB. */
    public double maxAmplitudeDb() {
        return maxAbs(amplitudeDb);
    }

    /** The element with the largest |phase residual|. */
    public int worstPhaseElement() {
        int best = 0;
        for (int i = 1; i < phaseDeg.length; i++) {
            if (Math.abs(phaseDeg[i]) > Math.abs(phaseDeg[best])) {
                best = i;
            }
        }
        return best;
    }

    private static double rms(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s / v.length);
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
