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

    /** Releases the device; idempotent. */
    @Override
    void close();
}
