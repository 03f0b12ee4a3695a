package org.nftb.pipeline;

import org.nftb.stream.CpiFrame;

import java.util.Arrays;
import java.util.Locale;

/**
 * The per-CPI channel-consistency check: whether every channel of a CPI still behaves as it did in the last CPI
 * accepted, before its estimate is written. A channel that delivers only zeros is dead. Otherwise, against the
 * reference CPI (the last one accepted with the same calibration version):
 * <ul>
 *   <li>the relative phase of each pair of adjacent channels, {@code arg Σ_s x_{n+1}(s) x_n*(s)}: between CPIs the
 *   echoes move all pairs alike (a target's motion changes the array phase smoothly); a phase jump on a subset of
 *   channels (a retune, a restart) turns the pairs at the subset's edges by the jump and no other;</li>
 *   <li>the power of each channel, {@code Σ_s |x_n(s)|²}: a gain step, a dead channel delivering noise, a channel
 *   that slipped onto other samples change one channel's power against the others'.</li>
 * </ul>
 * Each change is compared with the change of all pairs (channels) together: deviations from the circular mean
 * (phase) or the median (log power), against a robust spread (1.4826 × the median absolute deviation). A pair or
 * channel is inconsistent when its deviation exceeds both {@value #MIN_PHASE_DEG}° (phase) or
 * {@value #MIN_POWER_DB} dB (power) and {@value #Z} robust spreads: noise alone does not reach eight spreads, the
 * floors keep the small changes a real array shows (a 5° drift is the drift watch's) out. The CPI is then rejected,
 * naming the channels, and the reference stays: every CPI until the channels return (or a new calibration table
 * takes effect) is rejected too, so a step that persists is never estimated as if it were not there.
 *
 * <p>Applies to CPIs of at least {@value #MIN_SAMPLES} samples per channel and {@value #MIN_CHANNELS} channels.
 * Allocation-free except to describe an inconsistency; called by one thread (the in-order emitter).
 */
final class ChannelConsistency {
    static final double MIN_PHASE_DEG = 20;
    static final double MIN_POWER_DB = 3;
    static final double Z = 8;
    static final int MIN_SAMPLES = 16;
    static final int MIN_CHANNELS = 4;
    static final int SATURATED_MIN = 4;

    private final int channels;
    private final double[] pairRe;
    private final double[] pairIm;
    private final double[] power;
    private final double[] refRe;
    private final double[] refIm;
    private final double[] refPower;
    private final double[] dev;
    private final double[] scratch;
    private long refSequence = -1;
    private long refVersion = Long.MIN_VALUE;

    ChannelConsistency(int channels) {
        this.channels = channels;
        pairRe = new double[channels];
        pairIm = new double[channels];
        power = new double[channels];
        refRe = new double[channels];
        refIm = new double[channels];
        refPower = new double[channels];
        dev = new double[channels];
        scratch = new double[channels];
    }

    /**
     * Why {@code frame}'s channels are inconsistent ({@code {what, where}}), or null; an accepted frame becomes the
     * reference.
     *
     * @param responseW the calibration table's w_n (interleaved) the frame was calibrated with (its samples are
     *                  the radio's divided by w_n), or null: saturation is judged on the radio's own samples
     */
    String[] check(CpiFrame frame, double[] responseW) {
        int s = frame.samplesPerChannel();
        if (s < MIN_SAMPLES || channels < MIN_CHANNELS || frame.channels() != channels) {
            return null;
        }
        float[] x = frame.data();
        for (int c = 0; c < channels; c++) {
            double p = 0;
            double gr = 0;
            double gi = 0;
            int o = 2 * c * s;
            int q = 2 * (c + 1) * s;
            for (int i = 0; i < s; i++) {
                double re = x[o + 2 * i];
                double im = x[o + 2 * i + 1];
                p += re * re + im * im;
                if (c + 1 < channels) {
                    double re1 = x[q + 2 * i];
                    double im1 = x[q + 2 * i + 1];
                    gr += re1 * re + im1 * im;
                    gi += im1 * re - re1 * im;
                }
            }
            power[c] = p;
            pairRe[c] = gr;
            pairIm[c] = gi;
            if (p == 0) {
                return new String[] {"channel " + c + " delivers only zeros (a dead channel); CPI rejected",
                        "channel " + c + " of CPI " + frame.sequence()};
            }
            String saturated = saturated(x, o, s, c, responseW);
            if (saturated != null) {
                return new String[] {saturated, "channel " + c + " of CPI " + frame.sequence()};
            }
        }
        String[] why = refSequence >= 0 && refVersion == frame.calibrationVersion() ? compare(frame.sequence()) : null;
        if (why == null) {
            System.arraycopy(pairRe, 0, refRe, 0, channels);
            System.arraycopy(pairIm, 0, refIm, 0, channels);
            System.arraycopy(power, 0, refPower, 0, channels);
            refSequence = frame.sequence();
            refVersion = frame.calibrationVersion();
        }
        return why;
    }

    private String[] compare(long sequence) {
        // phase: each pair's turn since the reference, against the turn of all pairs together
        int pairs = channels - 1;
        double sr = 0;
        double si = 0;
        for (int n = 0; n < pairs; n++) {
            double dr = pairRe[n] * refRe[n] + pairIm[n] * refIm[n];
            double di = pairIm[n] * refRe[n] - pairRe[n] * refIm[n];
            double m = Math.hypot(dr, di);
            dev[n] = Math.atan2(di, dr);
            if (m > 0) {
                sr += dr / m;
                si += di / m;
            }
        }
        double mean = Math.atan2(si, sr);
        for (int n = 0; n < pairs; n++) {
            dev[n] = Math.IEEEremainder(dev[n] - mean, 2 * Math.PI);
        }
        double limit = Math.max(Math.toRadians(MIN_PHASE_DEG), Z * spread(dev, pairs, 0));
        int worst = worst(dev, pairs, 0, limit);
        if (worst >= 0) {
            return new String[] {String.format(Locale.ROOT, "channel consistency: the phase between channels %d and %d"
                    + " turned by %.0f deg against the other pairs since CPI %d (%d pair(s) beyond %.0f deg: a phase "
                    + "jump on part of the array); CPI rejected", worst, worst + 1, Math.toDegrees(dev[worst]),
                    refSequence, count(dev, pairs, 0, limit), Math.toDegrees(limit)),
                    "channels " + worst + "-" + (worst + 1) + " of CPI " + sequence};
        }
        for (int c = 0; c < channels; c++) {
            dev[c] = Math.log(power[c] / refPower[c]);
        }
        System.arraycopy(dev, 0, scratch, 0, channels);
        Arrays.sort(scratch, 0, channels);
        double centre = scratch[channels / 2];
        double powerLimit = Math.max(MIN_POWER_DB * Math.log(10) / 10, Z * spread(dev, channels, centre));
        worst = worst(dev, channels, centre, powerLimit);
        if (worst >= 0) {
            return new String[] {String.format(Locale.ROOT, "channel consistency: the power of channel %d changed by "
                    + "%+.1f dB against the other channels since CPI %d (%d channel(s) beyond %.1f dB: a gain step, a "
                    + "dead or slipped channel); CPI rejected", worst, 10 / Math.log(10) * (dev[worst] - centre),
                    refSequence, count(dev, channels, centre, powerLimit), 10 / Math.log(10) * powerLimit),
                    "channel " + worst + " of CPI " + sequence};
        }
        return null;
    }

    /**
     * Saturation: the radio's samples (calibrated × w_n) piled up at one level. A receiver that clips holds many
     * components at exactly ±L; continuous data reaches its largest |component| once. Judged when at least
     * {@value #SATURATED_MIN} components and 1 % of them lie within 10⁻⁴ of the largest, and the data are fine
     * enough to tell (the largest value below that level within 5 % of it: coarse integers, a few LSB of a ci16
     * capture, also repeat their largest value without clipping).
     */
    private static String saturated(float[] x, int o, int s, int c, double[] responseW) {
        double wr = responseW == null ? 1 : responseW[2 * c];
        double wi = responseW == null ? 0 : responseW[2 * c + 1];
        double most = 0;
        for (int i = 0; i < s; i++) {
            double re = x[o + 2 * i] * wr - x[o + 2 * i + 1] * wi;
            double im = x[o + 2 * i] * wi + x[o + 2 * i + 1] * wr;
            most = Math.max(most, Math.max(Math.abs(re), Math.abs(im)));
        }
        double level = most * (1 - 1e-4);
        int at = 0;
        double below = 0;
        for (int i = 0; i < s; i++) {
            double re = Math.abs(x[o + 2 * i] * wr - x[o + 2 * i + 1] * wi);
            double im = Math.abs(x[o + 2 * i] * wi + x[o + 2 * i + 1] * wr);
            at += (re >= level ? 1 : 0) + (im >= level ? 1 : 0);
            below = Math.max(below, Math.max(re < level ? re : 0, im < level ? im : 0));
        }
        if (at >= SATURATED_MIN && at >= 0.01 * 2 * s && below >= 0.95 * most) {
            return String.format(Locale.ROOT, "channel %d saturated: %d of its %d components at ±%.4g (clipping); CPI "
                    + "rejected", c, at, 2 * s, most);
        }
        return null;
    }

    /** 1.4826 × the median of |v − centre| over the first n values. */
    private double spread(double[] v, int n, double centre) {
        for (int i = 0; i < n; i++) {
            scratch[i] = Math.abs(v[i] - centre);
        }
        Arrays.sort(scratch, 0, n);
        return 1.4826 * scratch[n / 2];
    }

    private static int worst(double[] v, int n, double centre, double limit) {
        int at = -1;
        double most = limit;
        for (int i = 0; i < n; i++) {
            double d = Math.abs(v[i] - centre);
            if (d > most) {
                most = d;
                at = i;
            }
        }
        return at;
    }

    private static int count(double[] v, int n, double centre, double limit) {
        int k = 0;
        for (int i = 0; i < n; i++) {
            k += Math.abs(v[i] - centre) > limit ? 1 : 0;
        }
        return k;
    }
}
