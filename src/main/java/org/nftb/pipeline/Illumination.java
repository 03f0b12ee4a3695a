package org.nftb.pipeline;

import org.nftb.device.RadioDevice;
import org.nftb.device.TxBurst;
import org.nftb.estimator.TransmitPlan;

/**
 * Sends an estimator's per-CPI transmission ({@link TransmitPlan}) as timed bursts on the receive stream's CPI grid:
 * CPI {@code k} starts at stream sample {@code k·S} (S samples per CPI), device time
 * {@code t₀ + ⌊k·S·10⁹ / f_s⌋} ns where {@code t₀} is the device time of stream sample 0 (the timed stream start),
 * the same truncation the simulated array's clock uses, so a burst lands on the first sample of its CPI. The stream
 * is started a lead in the future and every burst leaves the host at least {@code lead} ahead of its start, so the
 * radio's transmit latency never makes it late. The first CPI illuminated is CPI 0, or — when a start check has
 * already received samples — the first that starts a lead after the stream position (the pipeline passes over the
 * CPIs before it: they were not illuminated).
 *
 * <p>Called from the radio thread only; one {@link TxBurst} (a small record around the plan's waveform of that CPI,
 * {@link TransmitPlan#cpiWaveform(long)}: the shared one unless the plan adapts) per CPI.
 */
final class Illumination {
    private final RadioDevice device;
    private final TransmitPlan plan;
    private final double gainDb;
    private final double carrierHz;
    private final double sampleRateHz;
    private final long samplesPerCpi;
    private final long leadSamples;
    private final long stream0Nanos;
    private final long timeoutNanos;
    private long nextCpi = -1;
    private long sent;

    /**
     * @param stream0Nanos device time of stream sample 0 (the time the stream was started at)
     * @param leadNanos    how long before its start each burst is sent at least
     */
    Illumination(RadioDevice device, TransmitPlan plan, double carrierHz, double sampleRateHz, long samplesPerCpi,
                 long stream0Nanos, long leadNanos, long timeoutNanos) {
        this.device = device;
        this.plan = plan;
        this.gainDb = plan.gainDb();
        this.carrierHz = carrierHz;
        this.sampleRateHz = sampleRateHz;
        this.samplesPerCpi = samplesPerCpi;
        this.leadSamples = (long) Math.ceil(leadNanos * 1e-9 * sampleRateHz);
        this.stream0Nanos = stream0Nanos;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Fixes the first CPI illuminated: the first that starts at or after stream sample {@code earliestSample}.
     * Right after the timed start that is sample 0 (the stream begins a lead in the future); once samples were
     * received (a start check), the caller passes the position plus {@link #leadSamples()}. Returns the CPI's
     * first sample index.
     */
    long begin(long earliestSample) {
        nextCpi = Math.floorDiv(Math.max(0, earliestSample) + samplesPerCpi - 1, samplesPerCpi);
        return nextCpi * samplesPerCpi;
    }

    /** The lead in samples (rounded up). */
    long leadSamples() {
        return leadSamples;
    }

    /**
     * Sends the burst of every CPI that starts before {@code nextSampleIndex + lead + S}: with receive buffers of
     * at most S samples, each burst is sent while its start is still at least the lead ahead.
     */
    void sendDue(long nextSampleIndex) {
        long horizon = nextSampleIndex + leadSamples + samplesPerCpi;
        while (nextCpi * samplesPerCpi < horizon) {
            device.transmit(new TxBurst(plan.cpiWaveform(nextCpi), carrierHz, gainDb, sampleRateHz, startNanos(nextCpi)), timeoutNanos);
            nextCpi++;
            sent++;
        }
    }

    /** Device time of the first sample of CPI {@code k}, ns. */
    long startNanos(long k) {
        return stream0Nanos + (long) (k * samplesPerCpi * 1e9 / sampleRateHz);
    }

    /** Bursts sent so far. */
    long sent() {
        return sent;
    }
}
