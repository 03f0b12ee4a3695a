package org.nftb.device;

/**
 * One radio front end: configured from the array configuration when opened, it streams per-channel complex
 * samples with timestamps and health, and transmits waveforms as timed bursts. Implementations: {@code sim}
 * (synthesizes what the array would receive), {@code uhd} (libuhd), {@code replay} (SigMF). None knows about
 * estimators or UI.
 *
 * <p>Stream faults (overflow, timeout, late command …) are data: they come back in {@link RxBuffer#status()}.
 * Misuse and a device that is gone are exceptions ({@link DeviceException}).
 *
 * <p>Threading: one thread receives; {@link #close()} may be called from another thread to stop a blocked
 * receive.
 */
public interface RadioDevice extends AutoCloseable {

    /** The channel argument that addresses every channel at once (UHD's {@code ALL_CHANS}). */
    int ALL_CHANNELS = -1;

    /** One line naming the device for operators (backend, channels, rate, identity). */
    String description();

    /** Receive channels, one per receive element, in element order. */
    int channelCount();

    /** Per-channel complex sample rate, Hz. */
    double sampleRateHz();

    /** Starts streaming on all channels at once, now or at a device time. */
    void startStreaming(StreamStart start);

    /**
     * Fills {@code buffer} with the next samples of every channel (at most its capacity). Blocks up to
     * {@code timeoutNanos}; a timeout is reported as {@link RxStatus#TIMEOUT} with zero samples.
     *
     * @throws DeviceException when the device is gone or was never started
     */
    void receive(RxBuffer buffer, long timeoutNanos);

    /**
     * Stops streaming; samples already delivered stay valid. May be called from another thread than the one in
     * {@link #receive}, which then returns (or throws {@link DeviceException}) within its timeout.
     */
    void stopStreaming();

    /**
     * Transmits a burst at its time (or now). Callers check it against the hardware limits with
     * {@link TxInterlock} first; implementations check again before anything reaches hardware.
     */
    void transmit(TxBurst burst, long timeoutNanos);

    /**
     * Whether {@link #transmit} can send anything: false for a device that plays a recording (its echoes of what
     * was transmitted are already in the capture), so the pipeline does not send an estimator's illumination.
     */
    default boolean canTransmit() {
        return true;
    }

    /**
     * Tunes the receive chain(s) to {@code frequencyHz} at {@code when}. Samples stamped at or after the command
     * time carry the new tuning; a device that cannot time the command applies it now and says so in its log.
     *
     * @param channel a receive channel, or {@link #ALL_CHANNELS}
     * @throws DeviceException when the device refuses the frequency (naming the range it supports)
     */
    void setRxFrequency(double frequencyHz, int channel, CommandTime when);

    /** Receive frequency the device actually applied on {@code channel}, Hz (after the command took effect). */
    double rxFrequencyHz(int channel);

    /**
     * Sets the receive gain of the channel(s) at {@code when}.
     *
     * @param channel a receive channel, or {@link #ALL_CHANNELS}
     * @throws DeviceException when the device refuses the gain
     */
    void setRxGain(double gainDb, int channel, CommandTime when);

    /** Receive gain the device actually applied on {@code channel}, dB. */
    double rxGainDb(int channel);

    /** Current device time, nanoseconds (the time base of {@link RxBuffer#timeNanos()} and timed commands). */
    long deviceTimeNanos();

    /** Releases the device; idempotent. */
    @Override
    void close();
}
