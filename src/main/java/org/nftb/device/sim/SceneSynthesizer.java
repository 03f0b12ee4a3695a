package org.nftb.device.sim;

import org.nftb.config.RunConfig;
import org.nftb.device.RxBuffer;
import org.nftb.model.CpiTiming;

import java.util.Arrays;

/**
 * Writes samples {@code [k0, k0 + count)} of the simulated stream into a receive buffer. Sample k of channel n is
 * <pre>
 *   y_n[k] = G_n · ( j^{q_n} · Σ_sources mix_n(source, k) + z_n[k] )
 * </pre>
 * with the sources the implicit echo {@code Σ_t a_t w_n s_{t,n}[m]} of CPI {@code k / (S M)}, symbol m
 * ({@link SceneEcho}; present when the scene has no transmit path) and the heard bursts ({@link HeardBursts}),
 * each mixed by the receive chain ({@link ReceiveChains}: tuning offset, band), then the chain's LO phase
 * {@code q_n} quarter turns, the noise {@code z_n[k]} ({@link CounterNoise}) and the gain {@code G_n}.
 *
 * <p>Every term is a function of (seed, stream, channel, k) and of the commands and bursts in force at k, never
 * of how the caller chunks its receives: the range is cut into blocks at CPI boundaries, at the samples where
 * commands take effect and every {@link HeardBursts#BLOCK} samples, and each sample is computed on its own.
 *
 * <p>Allocates nothing. Not thread-safe: the simulated array calls it under its lock.
 */
final class SceneSynthesizer {
    private final int channels;
    private final int symbols;
    private final int samplesPerSymbol;
    private final long samplesPerCpi;
    private final double carrierHz;
    private final double sampleRateHz;
    private final long centreOffsetNanos;
    private final CounterNoise noise;
    private final ReceiveChains chains;
    private final SceneEcho echo;
    private final HeardBursts bursts;
    private final SampleClock clock;
    private final double[][] sig;

    /**
     * @param implicitEcho whether the targets echo an implicit unit pulse every symbol (no transmit path)
     * @param bursts       what the array hears of transmitted bursts, or null
     */
    SceneSynthesizer(RunConfig config, double[] errorsW, boolean implicitEcho, CounterNoise noise,
                     ReceiveChains chains, HeardBursts bursts, SampleClock clock) {
        this.channels = config.rxArray().count();
        this.symbols = config.cpiSymbols();
        this.samplesPerSymbol = config.samplesPerSymbol();
        this.samplesPerCpi = config.samplesPerCpi();
        this.carrierHz = config.carrierFrequencyHz();
        this.sampleRateHz = config.radio().sampleRateHz();
        this.centreOffsetNanos = CpiTiming.centreOffsetNanos(symbols, config.symbolPeriodS());
        this.noise = noise;
        this.chains = chains;
        this.echo = implicitEcho ? new SceneEcho(config, errorsW, false) : null;
        this.bursts = bursts;
        this.clock = clock;
        this.sig = new double[channels][2 * HeardBursts.BLOCK];
    }

    /** Device time of the centre of CPI {@code cpi} of the current stream: the time its scene is evaluated at. */
    long cpiCentreNanos(long cpi) {
        return clock.timeOf(cpi * samplesPerCpi) + centreOffsetNanos;
    }

    /** Writes samples {@code [k0, k0 + count)} of stream {@code stream} into {@code buffer}, from index 0. */
    void fill(RxBuffer buffer, long k0, int count, int stream) {
        int done = 0;
        while (done < count) {
            long k = k0 + done;
            chains.applyDue(k, clock);
            long cpi = k / samplesPerCpi;
            long end = Math.min(k0 + count, (cpi + 1) * samplesPerCpi);
            end = Math.min(end, k + HeardBursts.BLOCK);
            end = Math.min(end, chains.nextCommandSample(clock));
            int len = (int) (end - k);
            block(buffer, done, k, len, cpi, stream);
            done += len;
        }
    }

    private void block(RxBuffer buffer, int offset, long kA, int len, long cpi, int stream) {
        long centre = cpiCentreNanos(cpi);
        for (int n = 0; n < channels; n++) {
            Arrays.fill(sig[n], 0, 2 * len, 0);
        }
        if (echo != null) {
            echo.prepare(stream, cpi, centre, carrierHz);
            addEcho(kA, len, cpi);
        }
        if (bursts != null) {
            bursts.addTo(sig, kA, len, stream, cpi, centre, clock, chains);
        }
        for (int n = 0; n < channels; n++) {
            float[] out = buffer.channel(n);
            double[] s = sig[n];
            double g = chains.gainLinear(n);
            int q = chains.quarterTurns(n);
            for (int i = 0; i < len; i++) {
                double re = s[2 * i];
                double im = s[2 * i + 1];
                // multiply by j^q exactly (no rounding): the LO phase jump
                double r = q == 0 ? re : q == 1 ? -im : q == 2 ? -re : im;
                double m = q == 0 ? im : q == 1 ? re : q == 2 ? -im : -re;
                noise.gaussian(n, kA + i, stream);
                out[2 * (offset + i)] = (float) (g * (r + noise.re()));
                out[2 * (offset + i) + 1] = (float) (g * (m + noise.im()));
            }
        }
    }

    private void addEcho(long kA, int len, long cpi) {
        int targets = echo.targets();
        long cpiStart = cpi * samplesPerCpi;
        for (int n = 0; n < channels; n++) {
            double df = carrierHz - chains.frequencyHz(n);
            if (!ReceiveChains.inBand(df, sampleRateHz)) {
                continue;
            }
            double[] s = sig[n];
            long sinceTune = kA - chains.tuneSample(n);
            for (int i = 0; i < len; i++) {
                int at = 2 * (n * symbols + (int) ((kA + i - cpiStart) / samplesPerSymbol));
                double re = 0;
                double im = 0;
                for (int t = 0; t < targets; t++) {
                    double[] tab = echo.table(t);
                    re += tab[at];
                    im += tab[at + 1];
                }
                ReceiveChains.addMixed(s, 2 * i, re, im, df, sinceTune + i, sampleRateHz);
            }
        }
    }
}
