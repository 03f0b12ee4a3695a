package org.nftb.device;

/**
 * When a device command takes effect: now, or at a device time (a timed command, UHD's {@code set_command_time}).
 * Timed commands let a retune or gain step land on a known sample, so the CPI it affects is known exactly.
 *
 * @param now       apply as soon as possible
 * @param timeNanos device time at which the command applies when not {@code now}
 */
public record CommandTime(boolean now, long timeNanos) {
    public static final CommandTime NOW = new CommandTime(true, 0);

    public static CommandTime at(long timeNanos) {
        if (timeNanos < 0) {
            throw new IllegalArgumentException("command time must be >= 0 ns, got " + timeNanos);
        }
        return new CommandTime(false, timeNanos);
    }
}
