package org.nftb.device.sim;

import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.device.DeviceException;
import org.nftb.device.TxBurst;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Transmitted bursts as the simulated array hears them ({@code scene.transmitPath}). A burst starting at device
 * time T lands at the first sample with time ≥ T ({@link SampleClock#firstSampleAtOrAfter}), sample k_b; its
 * sample i is received at k_b + i. Its amplitude is scaled by {@code 10^(gainDb/20)} (TX gain), and every receive
 * chain mixes it from its centre frequency f_b to baseband ({@link ReceiveChains#addMixed}). Samples already
 * delivered when a burst is queued are not heard again (a late burst is heard from the next sample on).
 *
 * <ul>
 *   <li><b>reflect</b>: the burst is what illuminates the scene. Target t's echo on receive element n at sample k
 *       is {@code x(k − k_b) · a_t w_n s_{t,n}[m]}: the burst sample times the target's per-element phase and
 *       amplitude of the implicit echo ({@link SceneEcho}, evaluated at λ = c/f_b, per symbol m of the CPI).
 *       Propagation delays (2·7 m/c ≈ 47 ns) are far below a sample and neglected. A burst has one channel (an
 *       illuminator at the transmit array's reference point) or one per transmit element; then the target is
 *       illuminated by {@code Σ_j f_{t,j} x_j}, f the transmit array factor of {@link SceneEcho}. With a separate
 *       transmit array ({@code arrays.tx}) f is the full transmit leg of seed 000 eqs. (1)-(4) per symbol, so the
 *       receive samples are {@code Σ_i β_ij e^{−j2π/λ(L_ij + t_m L̇_ij)} x_i} exactly ({@link SceneEcho}).</li>
 *   <li><b>inject</b>: a reference through a splitter into every receive chain,
 *       {@code y_n[k] += g · w_n · x(k − k_b − d_n)} with the array errors W, the splitter gain g and the delay d_n
 *       of channel n (whole samples exactly, fractions by {@link FractionalDelay}). The burst's channels are
 *       summed before the splitter (a combiner), so any channel count is accepted. Targets are not
 *       illuminated.</li>
 * </ul>
 * <p>Bursts are copied when queued (the caller may reuse its arrays); synthesis allocates nothing. Not
 * thread-safe: the simulated array calls it under its lock.
 */
final class HeardBursts {
    /** Two-way: samples a burst is kept beyond its longest round trip seen (targets moving away meanwhile). */
    static final int TWO_WAY_MARGIN = 16;
    /** Samples per block that {@link #addTo} handles at most. */
    static final int BLOCK = 256;
    /** Bursts that may wait at once. */
    static final int MAX_QUEUED = 1024;

    private final boolean reflect;
    private final int channels;
    private final int txElements;
    private final int symbols;
    private final int samplesPerSymbol;
    private final double sampleRateHz;
    private final double[] errorsW;
    private final double splitterGain;
    private final long[] delayWhole;
    private final double[][] taps;
    private final long maxDelayWhole;
    private final SceneEcho echo;
    private final double[][] illumination;
    private final double[] sourceScratch;   // two-way: a target's combined burst over the samples a block needs
    private final double[] delayTaps = new double[2 * FractionalDelay.HALF];
    private final List<Burst> queue = new ArrayList<>();
    private long probeFirst = -1;
    private int probeWindow;
    private double[][] probeEnergy;

    private record Burst(float[][] samples, double[] combined, int length, double frequencyHz, double amplitude,
                         long timeNanos) {
    }

    HeardBursts(RunConfig config, SceneConfig.TransmitPath path, double[] errorsW) {
        this.reflect = path.mode() == SceneConfig.TransmitPath.Mode.REFLECT;
        this.channels = config.rxArray().count();
        this.txElements = config.txArray().count();
        this.symbols = config.cpiSymbols();
        this.samplesPerSymbol = config.samplesPerSymbol();
        this.sampleRateHz = config.radio().sampleRateHz();
        this.errorsW = errorsW;
        this.splitterGain = Math.pow(10, path.splitterGainDb() / 20);
        this.delayWhole = new long[channels];
        this.taps = new double[channels][];
        long maxWhole = 0;
        if (!reflect) {
            for (int n = 0; n < channels; n++) {
                double d = path.delaySamples().get(n);
                delayWhole[n] = (long) Math.floor(d);
                taps[n] = FractionalDelay.taps(d - delayWhole[n]);
                maxWhole = Math.max(maxWhole, delayWhole[n]);
            }
        }
        this.maxDelayWhole = maxWhole;
        this.echo = reflect ? new SceneEcho(config, errorsW, txElements > 1) : null;
        this.illumination = reflect ? new double[config.scene().targets().size()][2 * BLOCK] : null;
        this.sourceScratch = reflect && path.twoWay() ? new double[2 * (BLOCK + 2 * FractionalDelay.HALF)] : null;
    }

    /** Copies {@code burst} and queues it for device time {@code timeNanos}. */
    void add(TxBurst burst, long timeNanos) {
        float[][] x = burst.samples();
        if (Math.abs(burst.sampleRateHz() - sampleRateHz) > 1e-9 * sampleRateHz) {
            throw new DeviceException("sim: a burst at " + burst.sampleRateHz() + " Hz; the simulated array "
                    + "hears bursts only at its receive rate " + sampleRateHz + " Hz");
        }
        if (reflect && x.length != 1 && x.length != txElements) {
            throw new DeviceException("sim: a burst with " + x.length + " channels; transmitPath reflect takes 1 "
                    + "(an illuminator at the array reference) or one per transmit element (" + txElements + ")");
        }
        if (queue.size() >= MAX_QUEUED) {
            throw new DeviceException("sim: " + MAX_QUEUED + " bursts already wait to be heard; receive first");
        }
        int length = burst.length();
        if (x.length == 0 || length == 0) {
            return;
        }
        float[][] copy = new float[x.length][];
        for (int j = 0; j < x.length; j++) {
            if (x[j].length != 2 * length) {
                throw new DeviceException("sim: burst channel " + j + " holds " + x[j].length / 2
                        + " samples, channel 0 holds " + length + "; all channels must be the same length");
            }
            copy[j] = x[j].clone();
        }
        double[] combined = null;
        if (!reflect) {
            combined = new double[2 * length];
            for (float[] ch : copy) {
                for (int i = 0; i < 2 * length; i++) {
                    combined[i] += ch[i];
                }
            }
        }
        queue.add(new Burst(copy, combined, length, burst.centerFrequencyHz(),
                Math.pow(10, burst.gainDb() / 20), timeNanos));
    }

    /**
     * Field probes at the scene's targets: from stream sample {@code first}, in {@code windows} windows of
     * {@code windowSamples}, the energy {@code Σ_k |Σ_j f_{t,j} x_j[k]|²} radiated towards target t (TX gain
     * included; the transmit array factor f of {@link SceneEcho}, reflect mode). Measured as the samples are
     * synthesized.
     */
    void startProbes(long first, int windowSamples, int windows) {
        if (!reflect) {
            throw new DeviceException("sim: field probes need scene.transmitPath reflect (the targets are the probes)");
        }
        probeFirst = first;
        probeWindow = windowSamples;
        probeEnergy = new double[illumination.length][windows];
    }

    /** The probes' energies [target][window] so far (a copy). */
    double[][] probeEnergies() {
        double[][] c = new double[probeEnergy.length][];
        for (int t = 0; t < c.length; t++) {
            c[t] = probeEnergy[t].clone();
        }
        return c;
    }

    private void probe(int t, double[] il, long kA, int from, int to) {
        double[] e = probeEnergy[t];
        for (int i = from; i < to; i++) {
            long w = Math.floorDiv(kA + i - probeFirst, probeWindow);
            if (w >= 0 && w < e.length) {
                e[(int) w] += il[2 * i] * il[2 * i] + il[2 * i + 1] * il[2 * i + 1];
            }
        }
    }

    /** Bursts waiting or being heard. */
    int queued() {
        return queue.size();
    }

    /** Drops bursts whose last received sample lies before sample {@code next}. */
    void dropFinished(long next, SampleClock clock) {
        for (int b = queue.size() - 1; b >= 0; b--) {
            Burst burst = queue.get(b);
            if (clock.firstSampleAtOrAfter(burst.timeNanos()) + lastSample(burst) < next) {
                queue.remove(b);
            }
        }
    }

    /** Offset from k_b of the last sample a burst reaches (delay and interpolator included). */
    private long lastSample(Burst b) {
        if (reflect && sourceScratch != null) {
            // two-way: the longest round trip prepared so far, plus a margin for targets moving away meanwhile
            return b.length() - 1 + (long) Math.ceil(echo.maxDelaySamples()) + FractionalDelay.HALF + TWO_WAY_MARGIN;
        }
        return reflect ? b.length() - 1 : b.length() - 1 + maxDelayWhole + FractionalDelay.HALF;
    }

    /**
     * Adds every queued burst's contribution to samples {@code [kA, kA + len)} (len ≤ {@link #BLOCK}, all within
     * CPI {@code cpi} whose scene time is {@code centreNanos}) into {@code sig[n][2i]}, before gain and LO phase.
     */
    void addTo(double[][] sig, long kA, int len, int stream, long cpi, long centreNanos, SampleClock clock,
               ReceiveChains chains) {
        for (int q = 0; q < queue.size(); q++) {     // indexed: no iterator on the sample path
            Burst b = queue.get(q);
            long kb = clock.firstSampleAtOrAfter(b.timeNanos());
            if (kb + lastSample(b) < kA || kb - FractionalDelay.HALF >= kA + len) {
                continue;
            }
            if (reflect && sourceScratch != null) {
                reflectTwoWay(b, kb, sig, kA, len, stream, cpi, centreNanos, chains);
            } else if (reflect) {
                reflect(b, kb, sig, kA, len, stream, cpi, centreNanos, chains);
            } else {
                inject(b, kb, sig, kA, len, chains);
            }
        }
    }

    private void inject(Burst b, long kb, double[][] sig, long kA, int len, ReceiveChains chains) {
        double[] x = b.combined();
        for (int n = 0; n < channels; n++) {
            double df = b.frequencyHz() - chains.frequencyHz(n);
            if (!ReceiveChains.inBand(df, sampleRateHz)) {
                continue;
            }
            double a = b.amplitude() * splitterGain;
            double wr = a * errorsW[2 * n];
            double wi = a * errorsW[2 * n + 1];
            double[] h = taps[n];
            long first = kb + delayWhole[n] - (h == null ? 0 : FractionalDelay.HALF - 1);
            long last = kb + delayWhole[n] + b.length() - 1 + (h == null ? 0 : FractionalDelay.HALF);
            int from = (int) Math.max(0, first - kA);
            int to = (int) Math.min(len, last - kA + 1);
            double[] s = sig[n];
            for (int i = from; i < to; i++) {
                long k = kA + i;
                long base = k - kb - delayWhole[n];
                double xr = 0;
                double xi = 0;
                if (h == null) {
                    xr = x[(int) (2 * base)];
                    xi = x[(int) (2 * base + 1)];
                } else {
                    for (int j = 0; j < h.length; j++) {
                        long src = base - (j - FractionalDelay.HALF + 1);
                        if (src >= 0 && src < b.length()) {
                            xr += h[j] * x[(int) (2 * src)];
                            xi += h[j] * x[(int) (2 * src + 1)];
                        }
                    }
                }
                ReceiveChains.addMixed(s, 2 * i, wr * xr - wi * xi, wr * xi + wi * xr, df, k - chains.tuneSample(n),
                        sampleRateHz);
            }
        }
    }

    private void reflect(Burst b, long kb, double[][] sig, long kA, int len, int stream, long cpi,
                         long centreNanos, ReceiveChains chains) {
        int from = (int) Math.max(0, kb - kA);
        int to = (int) Math.min(len, kb + b.length() - kA);
        echo.prepare(stream, cpi, centreNanos, b.frequencyHz());
        int targets = echo.targets();
        float[][] x = b.samples();
        long cpiFirst = cpi * samplesPerSymbol * symbols;
        boolean perSymbol = x.length > 1 && echo.bistatic();
        for (int t = 0; t < targets; t++) {
            double[] il = illumination[t];
            double[] f = x.length > 1 ? echo.txFactors(t) : null;
            for (int i = from; i < to; i++) {
                int src = (int) (kA + i - kb);
                double re = 0;
                double im = 0;
                if (f == null) {
                    re = x[0][2 * src];
                    im = x[0][2 * src + 1];
                } else {
                    // bistatic: transmit leg of symbol m, [2 (j M + m)]; else the static factor [2 j]
                    int m = perSymbol ? (int) ((kA + i - cpiFirst) / samplesPerSymbol) : 0;
                    int stride = perSymbol ? symbols : 1;
                    for (int j = 0; j < x.length; j++) {
                        double xr = x[j][2 * src];
                        double xi = x[j][2 * src + 1];
                        int at = 2 * (j * stride + m);
                        re += f[at] * xr - f[at + 1] * xi;
                        im += f[at] * xi + f[at + 1] * xr;
                    }
                }
                il[2 * i] = b.amplitude() * re;
                il[2 * i + 1] = b.amplitude() * im;
            }
            if (probeEnergy != null) {
                probe(t, il, kA, from, to);
            }
        }
        long cpiStart = cpi * samplesPerSymbol * symbols;
        for (int n = 0; n < channels; n++) {
            double df = b.frequencyHz() - chains.frequencyHz(n);
            if (!ReceiveChains.inBand(df, sampleRateHz)) {
                continue;
            }
            double[] s = sig[n];
            for (int i = from; i < to; i++) {
                long k = kA + i;
                int at = 2 * (n * symbols + (int) ((k - cpiStart) / samplesPerSymbol));
                double re = 0;
                double im = 0;
                for (int t = 0; t < targets; t++) {
                    double[] tab = echo.table(t);
                    double lr = illumination[t][2 * i];
                    double li = illumination[t][2 * i + 1];
                    re += lr * tab[at] - li * tab[at + 1];
                    im += lr * tab[at + 1] + li * tab[at];
                }
                ReceiveChains.addMixed(s, 2 * i, re, im, df, k - chains.tuneSample(n), sampleRateHz);
            }
        }
    }

    /**
     * The reflect path with the two-way propagation ({@code transmitPath.twoWay}): target t's echo at receive sample
     * k is {@code a_t w_n s_{t,n}[m] · l_t[m] · u_t(k − k_b − d_t)}, u_t the burst combined by the transmit factors
     * (per sample, as in {@link #reflect}), d_t the round-trip delay of {@link SceneEcho#delaySamples} (whole samples
     * exactly, the fraction by {@link FractionalDelay}), l_t the transmit leg from the reference point
     * ({@link SceneEcho#referenceLeg}; a bistatic transmit leg is already in the factors) and m the symbol of the
     * receive sample. Allocation-free.
     */
    private void reflectTwoWay(Burst b, long kb, double[][] sig, long kA, int len, int stream, long cpi,
                               long centreNanos, ReceiveChains chains) {
        echo.prepare(stream, cpi, centreNanos, b.frequencyHz());
        int targets = echo.targets();
        float[][] x = b.samples();
        long cpiFirst = cpi * samplesPerSymbol * symbols;
        boolean perSymbol = x.length > 1 && echo.bistatic();
        int lo = len;
        int hi = 0;
        for (int t = 0; t < targets; t++) {
            double[] il = illumination[t];
            Arrays.fill(il, 0, 2 * len, 0);
            double d = echo.delaySamples(t);
            long whole = (long) Math.floor(d);
            boolean frac = FractionalDelay.taps(d - whole, delayTaps);
            int before = frac ? FractionalDelay.HALF - 1 : 0;
            int after = frac ? FractionalDelay.HALF : 0;
            int from = (int) Math.max(0, kb + whole - before - kA);
            int to = (int) Math.min(len, kb + whole + b.length() - 1 + after - kA + 1);
            if (from >= to) {
                continue;
            }
            lo = Math.min(lo, from);
            hi = Math.max(hi, to);
            // u over source samples [s0, s1]: the burst combined by the transmit factors, zero outside the burst
            long s0 = kA + from - kb - whole - after;
            long s1 = kA + to - 1 - kb - whole + before;
            double[] f = x.length > 1 ? echo.txFactors(t) : null;
            for (long src = s0; src <= s1; src++) {
                int at = (int) (2 * (src - s0));
                double re = 0;
                double im = 0;
                if (src >= 0 && src < b.length()) {
                    int q = (int) src;
                    if (f == null) {
                        re = x[0][2 * q];
                        im = x[0][2 * q + 1];
                    } else {
                        long sym = perSymbol ? Math.floorDiv(kb + q - cpiFirst, samplesPerSymbol) : 0;
                        int m = (int) Math.max(0, Math.min(symbols - 1, sym));
                        int stride = perSymbol ? symbols : 1;
                        for (int j = 0; j < x.length; j++) {
                            double xr = x[j][2 * q];
                            double xi = x[j][2 * q + 1];
                            int fa = 2 * (j * stride + m);
                            re += f[fa] * xr - f[fa + 1] * xi;
                            im += f[fa] * xi + f[fa + 1] * xr;
                        }
                    }
                }
                sourceScratch[at] = re;
                sourceScratch[at + 1] = im;
            }
            double[] leg = echo.bistatic() ? null : echo.referenceLeg(t);
            for (int i = from; i < to; i++) {
                long base = kA + i - kb - whole;
                double re = 0;
                double im = 0;
                if (frac) {
                    for (int j = 0; j < delayTaps.length; j++) {
                        int at = (int) (2 * (base - (j - FractionalDelay.HALF + 1) - s0));
                        re += delayTaps[j] * sourceScratch[at];
                        im += delayTaps[j] * sourceScratch[at + 1];
                    }
                } else {
                    int at = (int) (2 * (base - s0));
                    re = sourceScratch[at];
                    im = sourceScratch[at + 1];
                }
                if (leg != null) {
                    int m = 2 * (int) ((kA + i - cpiFirst) / samplesPerSymbol);
                    double lr = leg[m];
                    double li = leg[m + 1];
                    double r2 = re * lr - im * li;
                    im = re * li + im * lr;
                    re = r2;
                }
                il[2 * i] = b.amplitude() * re;
                il[2 * i + 1] = b.amplitude() * im;
            }
            if (probeEnergy != null) {
                probe(t, il, kA, from, to);
            }
        }
        long cpiStart = cpi * samplesPerSymbol * symbols;
        for (int n = 0; n < channels; n++) {
            double df = b.frequencyHz() - chains.frequencyHz(n);
            if (!ReceiveChains.inBand(df, sampleRateHz)) {
                continue;
            }
            double[] s = sig[n];
            for (int i = lo; i < hi; i++) {
                long k = kA + i;
                int at = 2 * (n * symbols + (int) ((k - cpiStart) / samplesPerSymbol));
                double re = 0;
                double im = 0;
                for (int t = 0; t < targets; t++) {
                    double[] tab = echo.table(t);
                    double lr = illumination[t][2 * i];
                    double li = illumination[t][2 * i + 1];
                    re += lr * tab[at] - li * tab[at + 1];
                    im += lr * tab[at + 1] + li * tab[at];
                }
                ReceiveChains.addMixed(s, 2 * i, re, im, df, k - chains.tuneSample(n), sampleRateHz);
            }
        }
    }
}
