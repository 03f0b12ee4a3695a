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
import org.nftb.model.PropagationModel;
import org.nftb.model.TargetState;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The simulated near-field array: synthesizes the complex baseband samples each receive element would see from
 * a scene of point targets, using the exact per-element model of {@link PropagationModel} (seed 001 eqs. 1-7):
 * per-element range and per-element Doppler, the array's gain/phase errors W, and circular complex Gaussian noise
 * of unit power per sample ({@link SceneSynthesizer} has the formula). Produces raw samples, never estimates.
 *
 * <p><b>Time.</b> Sample k of a stream is stamped {@code start + (long) (k · 10⁹/f_s)} ns ({@link SampleClock});
 * the first start now is at device time 0, a later start now continues the device clock. Sample k belongs to
 * symbol {@code (k mod S M) / S} (S samples per symbol) of CPI {@code k / (S M)}; every CPI the scene is evaluated
 * at the CPI's centre {@code timeOf(q S M) + CpiTiming.centreOffsetNanos} and within it every path evolves linearly
 * (no range migration, as the paper assumes). The S samples of one symbol carry the same echo with independent
 * noise (the matched-filter outputs of one pulse). {@link #truthAt} gives the states of every target at any device
 * time with the same function ({@link SceneEcho}).
 *
 * <p><b>Reproducible.</b> Every sample is a function of (scene seed, number of the stream, channel, sample index)
 * and of the commands and bursts given, not of the receive-buffer sizes: {@link #receive} fills the whole buffer
 * (it may straddle CPIs) or, when pacing in real time, what is due within the timeout.
 *
 * <p><b>Steering.</b> Gain, tuning (mixing with the offset from the carrier), LO phase jumps and timed commands
 * behave as described in {@link ReceiveChains}; commands take effect sample-exactly since the simulator owns the
 * clock. <b>Transmit.</b> Bursts pass the {@link TxInterlock} and are heard through {@code scene.transmitPath}
 * ({@link HeardBursts}); without one they are counted and go nowhere, and each target echoes an implicit unit pulse
 * every symbol. A burst sent "now" while not streaming is not heard.
 *
 * <p>Threading: one receiving thread; commands, {@link #transmit} and the getters may come from other threads
 * (they wait for a synthesis in progress); {@link #close()} from any thread.
 */
public final class SimulatedArray implements RadioDevice, GroundTruthSource {
    private final SceneConfig scene;
    private final TxInterlock interlock;
    private final int channels;
    private final double sampleRateHz;
    private final double[] errorsW;
    private final Object lock = new Object();
    private final SampleClock clock;
    private final ReceiveChains chains;
    private final HeardBursts bursts;
    private final SceneSynthesizer synth;

    private volatile boolean streaming;
    private volatile boolean closed;
    private long nextSampleIndex;
    private int stream = -1;
    private long wallStartNanos;
    private long transmittedBursts;

    public SimulatedArray(RunConfig config) {
        if (config.scene() == null) {
            throw new DeviceException("sim: " + config.source() + " has no 'scene'; the simulated array needs targets");
        }
        this.scene = config.scene();
        this.interlock = new TxInterlock(config.radio().txLimits(), config.source());
        this.channels = config.rxArray().count();
        this.sampleRateHz = config.radio().sampleRateHz();
        SceneConfig.CalibrationErrors e = scene.calibrationErrors();
        this.errorsW = e == null ? ArrayErrors.identity(channels)
                : ArrayErrors.draw(channels, e.phaseMaxRad(), e.amplitudeMaxDb(), e.seed());
        CounterNoise noise = new CounterNoise(scene.seed());
        this.clock = new SampleClock(sampleRateHz);
        this.chains = new ReceiveChains(channels, config.carrierFrequencyHz(), scene.loPhaseJumps(),
                new CounterNoise(scene.seed()));
        this.bursts = scene.transmitPath() == null ? null : new HeardBursts(config, scene.transmitPath(), errorsW);
        this.synth = new SceneSynthesizer(config, errorsW, scene.transmitPath() == null, noise, chains, bursts, clock);
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "sim: %d channels at %.1f kHz, %d target(s), seed %d%s%s%s", channels,
                sampleRateHz / 1e3, scene.targets().size(), scene.seed(),
                scene.calibrationErrors() == null ? ", perfect array" : ", with array errors W",
                scene.transmitPath() == null ? "" : ", transmit path "
                        + scene.transmitPath().mode().name().toLowerCase(Locale.ROOT),
                scene.loPhaseJumps() == SceneConfig.LoPhaseJumps.NONE ? "" : ", LO phase jumps");
    }

    @Override
    public int channelCount() {
        return channels;
    }

    @Override
    public double sampleRateHz() {
        return sampleRateHz;
    }

    /** Starts a stream at sample index 0: now (at the current device time) or at {@code start.timeNanos()}. */
    @Override
    public void startStreaming(StreamStart start) {
        ensureOpen();
        synchronized (lock) {
            clock.start(start.now() ? clock.timeOf(nextSampleIndex) : start.timeNanos());
            nextSampleIndex = 0;
            stream++;
            chains.restart();
            wallStartNanos = System.nanoTime();
            streaming = true;
        }
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
        long k0;
        long wallStart;
        synchronized (lock) {
            k0 = nextSampleIndex;
            wallStart = wallStartNanos;
        }
        int count = buffer.capacity();
        if (scene.realTime()) {
            count = paceFor(k0, count, wallStart, timeoutNanos);
            ensureOpen();
        }
        synchronized (lock) {
            k0 = nextSampleIndex;   // a restart from another thread during the wait begins a new stream
            if (count == 0) {
                buffer.set(0, k0, clock.timeOf(k0), RxStatus.TIMEOUT, "no samples due within the timeout");
                return;
            }
            synth.fill(buffer, k0, count, stream);
            buffer.set(count, k0, clock.timeOf(k0), RxStatus.OK, "");
            nextSampleIndex = k0 + count;
            if (bursts != null) {
                bursts.dropFinished(nextSampleIndex, clock);
            }
        }
    }

    /**
     * Waits until {@code capacity} samples from {@code k0} are due, or until the timeout; returns how many are due
     * then (0: a timeout), as a real radio's receive returns what arrived within its timeout.
     */
    private int paceFor(long k0, int capacity, long wallStart, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        long dueAll = wallStart + (long) ((k0 + capacity) * 1e9 / sampleRateHz);
        long until = Math.min(dueAll, deadline);
        long wait;
        while ((wait = until - System.nanoTime()) > 0 && !closed) {
            LockSupport.parkNanos(wait);
        }
        if (dueAll <= until) {
            return capacity;
        }
        long due = (long) Math.floor((until - wallStart) * sampleRateHz / 1e9) - k0;
        return (int) Math.max(0, Math.min(capacity, due));
    }

    /**
     * True states of every target at device time {@code streamTimeNanos} (for {@code motion: linear}
     * {@code initial.advancedBy(t)}, for {@code frozen} the initial state): at the centre of CPI q,
     * {@code timeOf(q S M) + CpiTiming.centreOffsetNanos}, exactly the states the samples of CPI q encode.
     */
    @Override
    public List<TargetState> truthAt(long streamTimeNanos) {
        return SceneEcho.statesAt(scene, streamTimeNanos);
    }

    /** Device time of the centre of CPI {@code cpi} of the current stream (where its scene is evaluated). */
    public long cpiCentreNanos(long cpi) {
        synchronized (lock) {
            return synth.cpiCentreNanos(cpi);
        }
    }

    @Override
    public void stopStreaming() {
        streaming = false;
    }

    /**
     * Checks the burst with the {@link TxInterlock}, then queues it to be heard through {@code scene.transmitPath}
     * at its time (or at the next sample, for now).
     *
     * @throws DeviceException when the burst's rate differs from the receive rate or its channel count does not
     *                         fit the transmit path
     */
    @Override
    public void transmit(TxBurst burst, long timeoutNanos) {
        ensureOpen();
        interlock.check(burst);
        synchronized (lock) {
            if (bursts != null) {
                long t = burst.timeNanos() >= 0 ? burst.timeNanos() : streaming ? clock.timeOf(nextSampleIndex) : -1;
                if (t >= 0) {
                    bursts.add(burst, t);
                }
            }
            transmittedBursts++;
        }
    }

    /**
     * Starts field probes at every scene target (measurement of what was radiated, seed 002's beams on the air): per
     * target, the energy {@code Σ_k |Σ_j f_{t,j} x_j[k]|²} of the transmitted bursts towards it (f the exact near-field
     * transmit array factor, TX gain included), in {@code windows} windows of {@code windowSamples} stream samples
     * from {@code firstSample}, accumulated as the samples are synthesized (so receive them).
     *
     * @throws DeviceException without {@code scene.transmitPath: reflect}
     */
    public void startFieldProbes(long firstSample, int windowSamples, int windows) {
        synchronized (lock) {
            if (bursts == null) {
                throw new DeviceException("sim: field probes need scene.transmitPath reflect");
            }
            bursts.startProbes(firstSample, windowSamples, windows);
        }
    }

    /** The field probes' energies, [scene target][window] (see {@link #startFieldProbes}). */
    public double[][] fieldProbeEnergies() {
        synchronized (lock) {
            return bursts.probeEnergies();
        }
    }

    /** Bursts accepted by {@link #transmit} (heard only with a {@code scene.transmitPath}). */
    public long transmittedBursts() {
        synchronized (lock) {
            return transmittedBursts;
        }
    }

    @Override
    public void setRxFrequency(double frequencyHz, int channel, CommandTime when) {
        command(false, frequencyHz, channel, when);
    }

    @Override
    public double rxFrequencyHz(int channel) {
        synchronized (lock) {
            return chains.frequencyHz(channel);
        }
    }

    /** Sets the gain relative to the scene's levels (0 dB: unit-power noise); it scales signal and noise. */
    @Override
    public void setRxGain(double gainDb, int channel, CommandTime when) {
        command(true, gainDb, channel, when);
    }

    @Override
    public double rxGainDb(int channel) {
        synchronized (lock) {
            return chains.gainDb(channel);
        }
    }

    private void command(boolean gain, double value, int channel, CommandTime when) {
        ensureOpen();
        synchronized (lock) {
            if (when.now() && !streaming) {
                chains.applyNow(gain, value, channel);
            } else {
                chains.submit(gain, value, channel, when.now() ? clock.timeOf(nextSampleIndex) : when.timeNanos());
            }
        }
    }

    /** The stream clock: the device time of the next sample to be delivered. */
    @Override
    public long deviceTimeNanos() {
        synchronized (lock) {
            return clock.timeOf(nextSampleIndex);
        }
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
