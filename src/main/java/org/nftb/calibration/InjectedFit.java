package org.nftb.calibration;

import org.jtransforms.fft.DoubleFFT_1D;
import org.nftb.calibration.table.CalibrationException;
import org.nftb.calibration.table.ChainWeights;

import java.util.Arrays;
import java.util.Locale;

/**
 * W from a reference injected into every receive chain through a splitter (a tone or noise source, as KrakenSDR
 * and gr-doa calibrate coherent receivers): {@code y_n[k] = g w_n x(k − d_n) + z_n[k]}, x unknown to the method.
 *
 * <ol>
 *   <li><b>Integer delay</b> of each channel against channel 0: the lag of the largest cross-correlation
 *       {@code |Σ_k y_n[k + l] y_0*[k]|}, {@code |l| ≤ maxLag}.</li>
 *   <li><b>Fractional delay</b>: with the integer lag removed, the cross-spectrum
 *       {@code C_n(f) = Y_n(f) Y_0*(f)} over one Tukey-windowed (flat but for 5 % tapers: a chirp's band edges are its time edges, which a Hann window would
 *       suppress), zero-padded F-point transform of the capture turns
 *       by {@code −2π δ_n / F} per bin; {@code δ_n = −(F/2πΔ) arg Σ_f C_n(f+Δ) C_n*(f)} over the pairs of bins
 *       inside the occupied band (5 % to 95 % of the cumulative cross-power above twice its median), Δ half its width (the phase increment
 *       between bins Δ apart, weighted by their power; no phase unwrapping; a residual below F/(2Δ) samples, about
 *       1/band, is unambiguous). For a chirp each frequency
 *       is one instant of the capture, so the delay shows as this slope (segments much shorter than the sweep would
 *       see it as a phase at one frequency instead, biasing the slope). The total {@code d_n − d_0 = l_n + δ_n}.</li>
 *   <li><b>Alignment</b>: every channel is advanced by its delay with a {@value #TAPS}-tap Hann-windowed sinc
 *       interpolator, so all channels carry {@code g w_n x(k − d_0)}.</li>
 *   <li><b>W</b>: the dominant eigenvector v of the aligned channel covariance {@code R = Σ_k y'_k y'_kᴴ} (power
 *       iteration without forming R), which is {@code ∝ w}; with {@code x̂_k = vᴴ y'_k} the per-channel
 *       projection {@code g_n = Σ_k y'_n[k] x̂_k* / Σ |x̂_k|²} is the same direction and gives each channel's noise,
 *       hence its uncertainty.</li>
 * </ol>
 * The reference {@link #chirp} sweeps ±{@value #DEFAULT_BAND} of the sample rate: wide enough for the delay
 * estimate, narrow enough that interpolators (the simulated splitter's and ours) are flat across it.
 *
 * <p>Allocates; not for hot paths. Thread-safe (no state).
 */
public final class InjectedFit {
    /** Dominance below which no reference was received (noise alone gives about 2 dB). */
    public static final double MIN_DOMINANCE_DB = 10;
    /** The occupied band runs from this fraction of the cumulative cross-power to one minus it. */
    static final double BAND_EDGE = 0.05;
    /** Fraction of the capture tapered at each end before the transform. */
    static final double TAPER = 0.05;
    /** Taps of the alignment interpolator. */
    public static final int TAPS = 32;
    /** Half the swept band of the reference chirp, as a fraction of the sample rate. */
    public static final double DEFAULT_BAND = 0.15;
    private static final int POWER_ITERATIONS = 30;

    private InjectedFit() {
    }

    /**
     * @param weights          W (normalized, with uncertainty)
     * @param delaySamples     {@code d_n − d_0}, samples
     * @param snrDb            per-sample SNR of the reference on the aligned channels (mean), dB
     * @param dominanceDb      the dominant eigenvalue over the mean of the others, dB (how clearly one source
     *                         dominates: a splitter network gives the per-sample SNR times N)
     */
    public record Result(ChainWeights weights, double[] delaySamples, double snrDb, double dominanceDb) {
    }

    /**
     * A linear chirp of {@code length} samples sweeping {@code −band·f_s … +band·f_s}, unit amplitude, interleaved:
     * {@code x[k] = exp(jπ β (k²/L − k))} with {@code β = 2·band} (instantaneous frequency {@code β(k/L − ½)} cycles
     * per sample).
     */
    public static float[] chirp(int length, double band) {
        float[] x = new float[2 * length];
        double beta = 2 * band;
        for (int k = 0; k < length; k++) {
            double ph = Math.PI * beta * ((double) k * k / length - k);
            x[2 * k] = (float) Math.cos(ph);
            x[2 * k + 1] = (float) Math.sin(ph);
        }
        return x;
    }

    /**
     * @param y       per channel interleaved samples, all the same length, all inside the reference burst
     * @param maxLag  largest |integer delay| searched, samples
     */
    public static Result fit(float[][] y, int maxLag) {
        int n = y.length;
        int len = y[0].length / 2;
        int margin = maxLag + TAPS;
        if (len < 2 * margin + 256) {
            throw new IllegalArgumentException("injected calibration needs at least " + (2 * margin + 256)
                    + " samples per channel for delays up to " + maxLag + ", got " + len);
        }
        double[] delay = new double[n];
        for (int c = 0; c < n; c++) {
            int lag = c == 0 ? 0 : integerLag(y[c], y[0], maxLag, len);
            delay[c] = lag + fractionalDelay(y[c], y[0], lag, margin, len);
        }
        int from = margin;
        int to = len - margin;
        int count = to - from;
        double[][] a = new double[n][2 * count];
        for (int c = 0; c < n; c++) {
            align(y[c], delay[c], from, count, a[c]);
        }
        double[] v = dominant(a, count);
        double[] x = new double[2 * count];
        double xx = 0;
        for (int k = 0; k < count; k++) {
            double re = 0;
            double im = 0;
            for (int c = 0; c < n; c++) {
                re += v[2 * c] * a[c][2 * k] + v[2 * c + 1] * a[c][2 * k + 1];
                im += v[2 * c] * a[c][2 * k + 1] - v[2 * c + 1] * a[c][2 * k];
            }
            x[2 * k] = re;
            x[2 * k + 1] = im;
            xx += re * re + im * im;
        }
        double[] g = new double[2 * n];
        double[] std = new double[n];
        double snr = 0;
        double noiseTotal = 0;
        for (int c = 0; c < n; c++) {
            double gr = 0;
            double gi = 0;
            for (int k = 0; k < count; k++) {
                gr += a[c][2 * k] * x[2 * k] + a[c][2 * k + 1] * x[2 * k + 1];
                gi += a[c][2 * k + 1] * x[2 * k] - a[c][2 * k] * x[2 * k + 1];
            }
            gr /= xx;
            gi /= xx;
            double res = 0;
            for (int k = 0; k < count; k++) {
                double er = a[c][2 * k] - (gr * x[2 * k] - gi * x[2 * k + 1]);
                double ei = a[c][2 * k + 1] - (gr * x[2 * k + 1] + gi * x[2 * k]);
                res += er * er + ei * ei;
            }
            double noise = res / (count - 1);
            g[2 * c] = gr;
            g[2 * c + 1] = gi;
            std[c] = Math.sqrt(noise / xx);
            snr += (gr * gr + gi * gi) * xx / count / noise / n;
            noiseTotal += noise;
        }
        double lambda1 = 0;
        for (int c = 0; c < n; c++) {
            lambda1 += (g[2 * c] * g[2 * c] + g[2 * c + 1] * g[2 * c + 1]) * xx;
        }
        double rest = noiseTotal * count / n;   // each other eigenvalue ≈ count · mean noise
        double dominance = 10 * Math.log10(lambda1 / rest);
        if (!(dominance >= MIN_DOMINANCE_DB)) {
            throw new CalibrationException(String.format(Locale.ROOT, "no injected reference received: the "
                    + "strongest eigenvalue of the channels is only %.1f dB above the others (noise alone gives about "
                    + "2 dB); is the splitter network connected and the transmit gain high enough?", dominance));
        }
        return new Result(ChainWeights.withComplexStd(g, std).normalized(), delay, 10 * Math.log10(snr),
                dominance);
    }

    private static int integerLag(float[] yn, float[] y0, int maxLag, int len) {
        int best = 0;
        double bestMag = -1;
        int span = Math.min(len - 2 * maxLag, 4096);
        for (int l = -maxLag; l <= maxLag; l++) {
            double re = 0;
            double im = 0;
            for (int k = maxLag; k < maxLag + span; k++) {
                int j = k + l;
                re += yn[2 * j] * y0[2 * k] + yn[2 * j + 1] * y0[2 * k + 1];
                im += yn[2 * j + 1] * y0[2 * k] - yn[2 * j] * y0[2 * k + 1];
            }
            double mag = re * re + im * im;
            if (mag > bestMag) {
                bestMag = mag;
                best = l;
            }
        }
        return best;
    }

    private static double fractionalDelay(float[] yn, float[] y0, int lag, int margin, int len) {
        int used = len - 2 * margin;
        int size = Integer.highestOneBit(used - 1) << 1;   // zero-padded: the whole capture in one transform
        DoubleFFT_1D fft = new DoubleFFT_1D(size);
        double[] a = new double[2 * size];
        double[] b = new double[2 * size];
        for (int k = 0; k < used; k++) {
            double w = taper(k, used);
            a[2 * k] = w * yn[2 * (margin + k + lag)];
            a[2 * k + 1] = w * yn[2 * (margin + k + lag) + 1];
            b[2 * k] = w * y0[2 * (margin + k)];
            b[2 * k + 1] = w * y0[2 * (margin + k) + 1];
        }
        fft.complexForward(a);
        fft.complexForward(b);
        double[] cross = new double[2 * size];
        double[] mag = new double[size];
        for (int f = 0; f < size; f++) {
            cross[2 * f] = a[2 * f] * b[2 * f] + a[2 * f + 1] * b[2 * f + 1];
            cross[2 * f + 1] = a[2 * f + 1] * b[2 * f] - a[2 * f] * b[2 * f + 1];
            mag[f] = Math.hypot(cross[2 * f], cross[2 * f + 1]);
        }
        // the occupied band: from 5 % to 95 % of the cumulative cross-power above twice the median (the noise
        // floor at low SNR), robust to single noisy bins
        double[] sorted = mag.clone();
        Arrays.sort(sorted);
        double floor = 2 * sorted[size / 2];
        double total = 0;
        for (double v : mag) {
            total += Math.max(0, v - floor);
        }
        int lo = -1;
        int hi = -1;
        double cum = 0;
        for (int f = 0; f < size; f++) {
            int i = (f + size / 2) % size;   // frequency order: −F/2 … F/2 − 1
            cum += Math.max(0, mag[i] - floor);
            if (lo < 0 && cum >= BAND_EDGE * total) {
                lo = f;
            }
            if (hi < 0 && cum >= (1 - BAND_EDGE) * total) {
                hi = f;
            }
        }
        int step = Math.max(1, (hi - lo) / 2);
        double re = 0;
        double im = 0;
        for (int f = lo; f + step <= hi; f++) {
            int i = (f + size / 2) % size;
            int j = (f + step + size / 2) % size;
            re += cross[2 * j] * cross[2 * i] + cross[2 * j + 1] * cross[2 * i + 1];
            im += cross[2 * j + 1] * cross[2 * i] - cross[2 * j] * cross[2 * i + 1];
        }
        double coarse = -size * Math.atan2(im, re) / (2 * Math.PI * step);
        // refine: weighted least-squares line through the phase left after removing the coarse slope and the
        // channel's constant phase (which may sit anywhere, e.g. at 180 deg after an LO jump: removed first so
        // that nothing wraps)
        double cr = 0;
        double ci = 0;
        for (int f = lo; f <= hi; f++) {
            int i = (f + size / 2) % size;
            double turn = 2 * Math.PI * (f - size / 2) * coarse / size;
            cr += cross[2 * i] * Math.cos(turn) - cross[2 * i + 1] * Math.sin(turn);
            ci += cross[2 * i] * Math.sin(turn) + cross[2 * i + 1] * Math.cos(turn);
        }
        double offset = Math.atan2(ci, cr);
        double sw = 0;
        double sf = 0;
        double sp = 0;
        double sff = 0;
        double sfp = 0;
        for (int f = lo; f <= hi; f++) {
            int i = (f + size / 2) % size;
            double freq = f - size / 2;
            double turn = 2 * Math.PI * freq * coarse / size - offset;
            double c = Math.cos(turn);
            double sn = Math.sin(turn);
            double rr = cross[2 * i] * c - cross[2 * i + 1] * sn;
            double ri = cross[2 * i] * sn + cross[2 * i + 1] * c;
            double w = Math.hypot(rr, ri);
            double ph = Math.atan2(ri, rr);
            sw += w;
            sf += w * freq;
            sp += w * ph;
            sff += w * freq * freq;
            sfp += w * freq * ph;
        }
        double slope = (sw * sfp - sf * sp) / (sw * sff - sf * sf);
        return coarse - slope * size / (2 * Math.PI);
    }

    /** Tukey window: flat, with raised-cosine tapers over the first and last {@value #TAPER} of the samples. */
    private static double taper(int k, int count) {
        double edge = TAPER * count;
        double t = Math.min(k + 0.5, count - k - 0.5);
        return t >= edge ? 1 : 0.5 - 0.5 * Math.cos(Math.PI * t / edge);
    }

    /** {@code out[k] = y(from + k + delay)}: y advanced by {@code delay} samples, Hann-windowed sinc. */
    static void align(float[] y, double delay, int from, int count, double[] out) {
        int whole = (int) Math.floor(delay);
        double mu = delay - whole;
        int half = TAPS / 2;
        double[] h = new double[TAPS];
        double sum = 0;
        for (int j = 0; j < TAPS; j++) {
            double u = (j - half + 1) - mu;   // tap j reads sample floor(t) + j − half + 1, t = k + delay
            double sinc = u == 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u);
            h[j] = sinc * 0.5 * (1 + Math.cos(Math.PI * u / half));
            sum += h[j];
        }
        for (int j = 0; j < TAPS; j++) {
            h[j] /= sum;
        }
        for (int k = 0; k < count; k++) {
            int base = from + k + whole - half + 1;
            double re = 0;
            double im = 0;
            for (int j = 0; j < TAPS; j++) {
                re += h[j] * y[2 * (base + j)];
                im += h[j] * y[2 * (base + j) + 1];
            }
            out[2 * k] = re;
            out[2 * k + 1] = im;
        }
    }

    /** Dominant eigenvector (unit norm) of {@code Σ_k a_k a_kᴴ} by power iteration. */
    private static double[] dominant(double[][] a, int count) {
        int n = a.length;
        double[] v = new double[2 * n];
        for (int c = 0; c < n; c++) {
            v[2 * c] = 1 / Math.sqrt(n);
        }
        double[] next = new double[2 * n];
        for (int it = 0; it < POWER_ITERATIONS; it++) {
            Arrays.fill(next, 0);
            for (int k = 0; k < count; k++) {
                double pr = 0;
                double pi = 0;
                for (int c = 0; c < n; c++) {   // p = a_kᴴ v
                    pr += a[c][2 * k] * v[2 * c] + a[c][2 * k + 1] * v[2 * c + 1];
                    pi += a[c][2 * k] * v[2 * c + 1] - a[c][2 * k + 1] * v[2 * c];
                }
                for (int c = 0; c < n; c++) {   // next += a_k p
                    next[2 * c] += a[c][2 * k] * pr - a[c][2 * k + 1] * pi;
                    next[2 * c + 1] += a[c][2 * k] * pi + a[c][2 * k + 1] * pr;
                }
            }
            double norm = 0;
            for (double x : next) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < v.length; i++) {
                v[i] = next[i] / norm;
            }
        }
        return v;
    }
}
