package org.nftb.device;

/**
 * When streaming starts: now, or at a device time (a timed command for all channels at once).
 *
 * @param now       start as soon as possible
 * @param timeNanos device time of the first sample when not {@code now}
 */
public record StreamStart(boolean now, long timeNanos) {
    public static final StreamStart NOW = new StreamStart(true, 0);

    public static StreamStart at(long timeNanos) {
        return new StreamStart(false, timeNanos);
    }
}
