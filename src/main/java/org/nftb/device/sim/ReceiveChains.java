package org.nftb.device.sim;

import org.nftb.config.SceneConfig;
import org.nftb.device.DeviceException;
import org.nftb.device.RadioDevice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The simulated receive chains: per channel the applied gain, tuned frequency and LO phase, and the timed
 * commands not yet in force. What a real receiver would show:
 * <ul>
 *   <li><b>Gain</b> {@code G_n} dB scales signal and noise of channel n by {@code 10^(G_n/20)} (0 dB: the scene's
 *       levels, unit-power noise).</li>
 *   <li><b>Tuning</b> to {@code f_n}: a source at RF frequency {@code f} (the scene's carrier, or a burst's
 *       centre frequency) is mixed down to {@code f − f_n}: its baseband is multiplied by
 *       {@code exp(+j 2π (f − f_n)(k − k_n)/f_s)}, k the sample, {@code k_n} the sample at which the tuning took
 *       effect (a carrier above the LO rotates counter-clockwise). A source with {@code |f − f_n| ≥ f_s/2} lies
 *       outside the receive band and is filtered out. Noise is not rotated (it is circular).</li>
 *   <li><b>LO phase jumps</b> ({@code scene.loPhaseJumps: quarterTurns}): each retune and each start of
 *       streaming is an event e = 1, 2, …; every channel it affects gets the phase {@code k·90°},
 *       {@code k = CounterNoise.quarterTurns(e, n)}.</li>
 *   <li><b>Timing</b>: a command stamped t takes effect at the first sample with time ≥ t
 *       ({@link SampleClock#firstSampleAtOrAfter}); one whose sample was already delivered takes effect at the
 *       next sample delivered (as a real radio executes a late timed command at once). Commands due at the same
 *       sample apply in the order they were given.</li>
 * </ul>
 * <p>Not thread-safe: the simulated array calls it under its lock.
 */
final class ReceiveChains {
    private final int channels;
    private final SceneConfig.LoPhaseJumps jumps;
    private final CounterNoise draws;
    private final double[] gainDb;
    private final double[] gainLinear;
    private final double[] frequencyHz;
    private final long[] tuneSample;
    private final int[] quarterTurns;
    private final List<Command> pending = new ArrayList<>();
    private long events;
    private long submitted;

    private record Command(boolean gain, double value, int channel, long timeNanos, long order) {
    }

    ReceiveChains(int channels, double carrierHz, SceneConfig.LoPhaseJumps jumps, CounterNoise draws) {
        this.channels = channels;
        this.jumps = jumps;
        this.draws = draws;
        this.gainDb = new double[channels];
        this.gainLinear = new double[channels];
        this.frequencyHz = new double[channels];
        this.tuneSample = new long[channels];
        this.quarterTurns = new int[channels];
        Arrays.fill(gainLinear, 1.0);
        Arrays.fill(frequencyHz, carrierHz);
    }

    /** Checks a channel argument: a channel index or {@link RadioDevice#ALL_CHANNELS}. */
    void checkChannel(int channel) {
        if (channel != RadioDevice.ALL_CHANNELS && (channel < 0 || channel >= channels)) {
            throw new DeviceException("sim: channel " + channel + " outside 0.." + (channels - 1)
                    + " (or ALL_CHANNELS)");
        }
    }

    /** Queues a gain or frequency command for device time {@code timeNanos}. */
    void submit(boolean gain, double value, int channel, long timeNanos) {
        check(gain, value, channel);
        Command c = new Command(gain, value, channel, timeNanos, submitted++);
        int at = pending.size();
        while (at > 0 && pending.get(at - 1).timeNanos() > timeNanos) {
            at--;
        }
        pending.add(at, c);
    }

    /** Applies every pending command whose first sample is at or before {@code k}, as of sample {@code k}. */
    void applyDue(long k, SampleClock clock) {
        while (!pending.isEmpty() && clock.firstSampleAtOrAfter(pending.get(0).timeNanos()) <= k) {
            apply(pending.remove(0), k);
        }
    }

    /** The sample at which the next pending command takes effect, or {@link Long#MAX_VALUE}. */
    long nextCommandSample(SampleClock clock) {
        return pending.isEmpty() ? Long.MAX_VALUE : clock.firstSampleAtOrAfter(pending.get(0).timeNanos());
    }

    /** Applies a command at once (no stream is running: the next stream's sample 0 is the tuning reference). */
    void applyNow(boolean gain, double value, int channel) {
        check(gain, value, channel);
        apply(new Command(gain, value, channel, 0, submitted++), 0);
    }

    private void check(boolean gain, double value, int channel) {
        checkChannel(channel);
        if (gain ? !Double.isFinite(value) : !(value > 0 && Double.isFinite(value))) {
            throw new DeviceException(String.format(Locale.ROOT, "sim: refused %s %s; the simulated receiver "
                    + "takes %s", gain ? "gain" : "frequency", value, gain ? "any finite gain in dB"
                    : "any finite frequency > 0 Hz"));
        }
    }

    /** A stream starts: the tuning reference is sample 0, and the LOs relock (an LO phase event). */
    void restart() {
        Arrays.fill(tuneSample, 0);
        relock(RadioDevice.ALL_CHANNELS);
    }

    private void apply(Command c, long k) {
        int from = c.channel() == RadioDevice.ALL_CHANNELS ? 0 : c.channel();
        int to = c.channel() == RadioDevice.ALL_CHANNELS ? channels : c.channel() + 1;
        for (int n = from; n < to; n++) {
            if (c.gain()) {
                gainDb[n] = c.value();
                gainLinear[n] = Math.pow(10, c.value() / 20);
            } else {
                frequencyHz[n] = c.value();
                tuneSample[n] = k;
            }
        }
        if (!c.gain()) {
            relock(c.channel());
        }
    }

    private void relock(int channel) {
        events++;
        if (jumps == SceneConfig.LoPhaseJumps.QUARTER_TURNS) {
            int from = channel == RadioDevice.ALL_CHANNELS ? 0 : channel;
            int to = channel == RadioDevice.ALL_CHANNELS ? channels : channel + 1;
            for (int n = from; n < to; n++) {
                quarterTurns[n] = draws.quarterTurns(events, n);
            }
        }
    }

    double gainDb(int channel) {
        return setting(gainDb, channel, "gain");
    }

    double frequencyHz(int channel) {
        return setting(frequencyHz, channel, "frequency");
    }

    private double setting(double[] values, int channel, String what) {
        checkChannel(channel);
        if (channel != RadioDevice.ALL_CHANNELS) {
            return values[channel];
        }
        for (int n = 1; n < channels; n++) {
            if (values[n] != values[0]) {
                throw new DeviceException("sim: the channels differ in " + what + " (channel 0: " + values[0]
                        + ", channel " + n + ": " + values[n] + "); ask for one channel");
            }
        }
        return values[0];
    }

    /** Linear amplitude gain of channel n. */
    double gainLinear(int n) {
        return gainLinear[n];
    }

    /** Sample at which channel n's current tuning took effect. */
    long tuneSample(int n) {
        return tuneSample[n];
    }

    /** LO phase of channel n in quarter turns (0..3; always 0 without LO phase jumps). */
    int quarterTurns(int n) {
        return quarterTurns[n];
    }

    /** LO phase events so far (retunes and starts of streaming). */
    long events() {
        return events;
    }

    /** Whether a source {@code offsetHz} from the tuned frequency lies in the receive band (|offset| < f_s/2). */
    static boolean inBand(double offsetHz, double sampleRateHz) {
        return Math.abs(offsetHz) < sampleRateHz / 2;
    }

    /**
     * Adds {@code (re, im) · exp(j 2π offsetHz · samplesSinceTune / f_s)} into {@code sig[at], sig[at + 1]}; the
     * phase is reduced to one turn before the trigonometry, and an offset of 0 adds the value unchanged.
     */
    static void addMixed(double[] sig, int at, double re, double im, double offsetHz, long samplesSinceTune,
                         double sampleRateHz) {
        if (offsetHz == 0) {
            sig[at] += re;
            sig[at + 1] += im;
            return;
        }
        double turns = offsetHz * (double) samplesSinceTune / sampleRateHz;
        double phase = 2 * Math.PI * (turns - Math.floor(turns));
        double c = Math.cos(phase);
        double s = Math.sin(phase);
        sig[at] += re * c - im * s;
        sig[at + 1] += re * s + im * c;
    }
}
