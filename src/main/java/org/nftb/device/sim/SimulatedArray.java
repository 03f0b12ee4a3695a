package org.nftb.device.sim;

import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.device.CommandTime;
import org.nftb.device.DeviceException;
import org.nftb.device.GroundTruthSource;
import org.nftb.device.RadioDevice;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;
import org.nftb.device.StreamStart;
import org.nftb.device.TxBurst;
import org.nftb.device.TxInterlock;
import org.nftb.model.ArrayErrors;
import org.nftb.model.CpiTiming;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PropagationModel;
import org.nftb.model.TargetState;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The simulated near-field array: synthesizes the complex baseband samples each receive element would see from
 * a scene of point targets, using the exact per-element model of {@link PropagationModel} (seed 001 eqs. 1-7):
 * per-element range and per-element Doppler, the array's gain/phase errors W, and circular complex Gaussian noise
 * of unit power per sample. Produces raw samples, never estimates.
 *
 * <p>Sample k of channel n belongs to symbol {@code k / S} (S = samples per symbol) and CPI {@code k / (S M)}.
 * Each CPI the scene is evaluated at the CPI's centre ({@link CpiTiming}), and within it every path evolves
 * linearly (no range migration, as the paper assumes). With {@code motion: linear} the target is at
 * {@code p₀ + v t} at the CPI centre t. The S samples of one symbol carry the same echo with independent noise (the
 * matched-filter outputs of one pulse). Deterministic under the scene seed; chunks never straddle a CPI boundary.
 *
 * <p>Threading: one receiving thread; {@link #close()} may come from another.
 */
public final class SimulatedArray implements RadioDevice, GroundTruthSource {
    private static final double NOISE_STD_PER_COMPONENT = Math.sqrt(0.5);

    private final RunConfig config;
    private final SceneConfig scene;
    private final PropagationModel model;
    private final TxInterlock interlock;
    private final int channels;
    private final int symbols;
    private final int samplesPerSymbol;
    private final double sampleRateHz;
    private final double[] errorsW;
    private final double[] amplitude;
    private final SplittableRandom noise;

    // per (target, channel) phasor of the current symbol and per-symbol step, interleaved
    private final double[][] phasor;
    private final double[][] step;
    private final double[] pathScratch;
    private final double[] rateScratch;
    private final double[] current;

    private volatile boolean streaming;
    private volatile boolean closed;
    private long nextSampleIndex;
    private long startTimeNanos;
    private long wallStartNanos;
    private long transmittedBursts;

    public SimulatedArray(RunConfig config) {
        if (config.scene() == null) {
            throw new DeviceException("sim: " + config.source() + " has no 'scene'; the simulated array needs targets");
        }
        this.config = config;
        this.scene = config.scene();
        this.model = new ElementRangeModel(config.rxArray(), config.wavelengthM());
        this.interlock = new TxInterlock(config.radio().txLimits(), config.source());
        this.channels = config.rxArray().count();
        this.symbols = config.cpiSymbols();
        this.samplesPerSymbol = config.samplesPerSymbol();
        this.sampleRateHz = config.radio().sampleRateHz();
        SceneConfig.CalibrationErrors e = scene.calibrationErrors();
        this.errorsW = e == null ? ArrayErrors.identity(channels)
                : ArrayErrors.draw(channels, e.phaseMaxRad(), e.amplitudeMaxDb(), e.seed());
        List<SceneConfig.Target> targets = scene.targets();
        this.amplitude = new double[targets.size()];
        for (int t = 0; t < targets.size(); t++) {
            amplitude[t] = Math.sqrt(Math.pow(10, targets.get(t).perSampleSnrDb() / 10));
        }
        this.noise = new SplittableRandom(scene.seed());
        this.phasor = new double[targets.size()][2 * channels];
        this.step = new double[targets.size()][2 * channels];
        this.pathScratch = new double[channels];
        this.rateScratch = new double[channels];
        this.current = new double[2 * targets.size()];
    }

    /** The array errors W this simulation applies (interleaved re/im), e.g. to write a true calibration table. */
    public double[] arrayErrors() {
        return errorsW.clone();
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "sim: %d channels at %.1f kHz, %d target(s), seed %d%s", channels,
                sampleRateHz / 1e3, scene.targets().size(), scene.seed(),
                scene.calibrationErrors() == null ? ", perfect array" : ", with array errors W");
    }

    @Override
    public int channelCount() {
        return channels;
    }

    @Override
    public double sampleRateHz() {
        return sampleRateHz;
    }

    @Override
    public void startStreaming(StreamStart start) {
        ensureOpen();
        startTimeNanos = start.now() ? 0 : start.timeNanos();
        wallStartNanos = System.nanoTime();
        nextSampleIndex = 0;
        streaming = true;
    }

    @Override
    public void receive(RxBuffer buffer, long timeoutNanos) {
        ensureOpen();
        if (!streaming) {
            throw new DeviceException("sim: receive() called before startStreaming()");
        }
        if (buffer.channelCount() != channels) {
            throw new DeviceException("sim: RxBuffer has " + buffer.channelCount() + " channels, device has " + channels);
        }
        long samplesPerCpi = (long) samplesPerSymbol * symbols;
        long k0 = nextSampleIndex;
        int count = (int) Math.min(buffer.capacity(), samplesPerCpi - k0 % samplesPerCpi);
        if (scene.realTime()) {
            long due = wallStartNanos + (long) ((k0 + count) * 1e9 / sampleRateHz);
            long wait = due - System.nanoTime();
            if (wait > timeoutNanos) {
                LockSupport.parkNanos(timeoutNanos);
                buffer.set(0, k0, timeOf(k0), RxStatus.TIMEOUT, "no samples due within the timeout");
                return;
            }
            while ((wait = due - System.nanoTime()) > 0 && !closed) {
                LockSupport.parkNanos(wait);
            }
            ensureOpen();
        }
        synthesize(buffer, k0, count);
        buffer.set(count, k0, timeOf(k0), RxStatus.OK, "");
        nextSampleIndex = k0 + count;
    }

    private long timeOf(long sampleIndex) {
        return startTimeNanos + (long) (sampleIndex * 1e9 / sampleRateHz);
    }

    private void synthesize(RxBuffer buffer, long k0, int count) {
        long samplesPerCpi = (long) samplesPerSymbol * symbols;
        int offsetInCpi = (int) (k0 % samplesPerCpi);
        if (offsetInCpi == 0) {
            beginCpi(k0 / samplesPerCpi);
        }
        int firstSymbol = offsetInCpi / samplesPerSymbol;
        int firstSub = offsetInCpi % samplesPerSymbol;
        int targets = amplitude.length;
        double[] cur = current;
        for (int c = 0; c < channels; c++) {
            float[] out = buffer.channel(c);
            double wRe = errorsW[2 * c];
            double wIm = errorsW[2 * c + 1];
            for (int t = 0; t < targets; t++) {
                double pr = phasor[t][2 * c];
                double pi = phasor[t][2 * c + 1];
                double sr = step[t][2 * c];
                double si = step[t][2 * c + 1];
                for (int m = 0; m < firstSymbol; m++) {
                    double nr = pr * sr - pi * si;
                    pi = pr * si + pi * sr;
                    pr = nr;
                }
                cur[2 * t] = pr;
                cur[2 * t + 1] = pi;
            }
            double eRe = echoRe(cur, targets);
            double eIm = echoIm(cur, targets);
            int sub = firstSub;
            for (int i = 0; i < count; i++) {
                double yr = wRe * eRe - wIm * eIm + NOISE_STD_PER_COMPONENT * noise.nextGaussian();
                double yi = wRe * eIm + wIm * eRe + NOISE_STD_PER_COMPONENT * noise.nextGaussian();
                out[2 * i] = (float) yr;
                out[2 * i + 1] = (float) yi;
                if (++sub == samplesPerSymbol) {
                    sub = 0;
                    for (int t = 0; t < targets; t++) {
                        double sr = step[t][2 * c];
                        double si = step[t][2 * c + 1];
                        double pr = cur[2 * t];
                        double pi = cur[2 * t + 1];
                        cur[2 * t] = pr * sr - pi * si;
                        cur[2 * t + 1] = pr * si + pi * sr;
                    }
                    eRe = echoRe(cur, targets);
                    eIm = echoIm(cur, targets);
                }
            }
        }
    }

    private double echoRe(double[] cur, int targets) {
        double e = 0;
        for (int t = 0; t < targets; t++) {
            e += amplitude[t] * cur[2 * t];
        }
        return e;
    }

    private double echoIm(double[] cur, int targets) {
        double e = 0;
        for (int t = 0; t < targets; t++) {
            e += amplitude[t] * cur[2 * t + 1];
        }
        return e;
    }

    /** Evaluates the scene at the start of CPI {@code cpiIndex}: phase and per-symbol phase step of every path. */
    private void beginCpi(long cpiIndex) {
        double k = 2 * Math.PI / model.wavelengthM();
        double symbolPeriodS = config.symbolPeriodS();
        for (int t = 0; t < amplitude.length; t++) {
            TargetState st = stateAtCpi(t, cpiIndex);
            model.paths(st, pathScratch, rateScratch);
            double t0 = CpiTiming.symbolTimeS(0, symbols, symbolPeriodS);
            for (int c = 0; c < channels; c++) {
                double ph = -k * (pathScratch[c] + t0 * rateScratch[c]);
                double dph = -k * rateScratch[c] * symbolPeriodS;
                phasor[t][2 * c] = Math.cos(ph);
                phasor[t][2 * c + 1] = Math.sin(ph);
                step[t][2 * c] = Math.cos(dph);
                step[t][2 * c + 1] = Math.sin(dph);
            }
        }
    }

    private TargetState stateAtCpi(int target, long cpiIndex) {
        TargetState initial = scene.targets().get(target).initial();
        if (scene.motion() == SceneConfig.Motion.FROZEN) {
            return initial;
        }
        double t = cpiIndex * (double) samplesPerSymbol * symbols / sampleRateHz
                + CpiTiming.centreOffsetS(symbols, config.symbolPeriodS());
        return initial.advancedBy(t);
    }

    /** States of every target at stream time t; the scene is evaluated with the same function at each CPI centre. */
    @Override
    public List<TargetState> truthAt(long streamTimeNanos) {
        List<TargetState> out = new java.util.ArrayList<>(scene.targets().size());
        for (SceneConfig.Target t : scene.targets()) {
            out.add(scene.motion() == SceneConfig.Motion.FROZEN ? t.initial()
                    : t.initial().advancedBy((streamTimeNanos - startTimeNanos) / 1e9));
        }
        return out;
    }

    @Override
    public void stopStreaming() {
        streaming = false;
    }

    @Override
    public void transmit(TxBurst burst, long timeoutNanos) {
        ensureOpen();
        interlock.check(burst);
        transmittedBursts++;
    }

    /** Bursts accepted by {@link #transmit} (they go nowhere: the scene is an independent echo model). */
    public long transmittedBursts() {
        return transmittedBursts;
    }

    @Override
    public void setRxFrequency(double frequencyHz, int channel, CommandTime when) {
        ensureOpen();
        throw new DeviceException("sim: retuning the simulated array is being wired (issue 6)");
    }

    @Override
    public double rxFrequencyHz(int channel) {
        return config.carrierFrequencyHz();
    }

    @Override
    public void setRxGain(double gainDb, int channel, CommandTime when) {
        ensureOpen();
        throw new DeviceException("sim: gain steps on the simulated array are being wired (issue 6)");
    }

    @Override
    public double rxGainDb(int channel) {
        return 0;
    }

    @Override
    public long deviceTimeNanos() {
        return timeOf(nextSampleIndex);
    }

    @Override
    public void close() {
        closed = true;
        streaming = false;
    }

    private void ensureOpen() {
        if (closed) {
            throw new DeviceException("sim: device is closed");
        }
    }
}
