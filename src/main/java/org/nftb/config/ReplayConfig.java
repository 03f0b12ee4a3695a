package org.nftb.config;

/**
 * The {@code radio.replay} section: which capture the {@code replay} backend plays and how.
 *
 * @param capture  the capture (directory, {@code .sigmf-collection}, {@code .sigmf-meta} or {@code .sigmf} archive); a relative path
 *                 resolves against the working directory, like {@code calibration.table}
 * @param pace     {@link Pace#REALTIME}: samples are delivered at the rate they were recorded (a radio);
 *                 {@link Pace#MAX}: as fast as they are taken (with {@code pipeline.ringMode: lossless}, as fast as
 *                 the estimator goes, nothing dropped)
 * @param loop     start again at {@code from} after {@code to}
 * @param fromS    first sample played: seconds after the capture's first sample
 * @param toS      end of the part played, seconds after the first sample ({@code +∞}: to the end)
 */
public record ReplayConfig(String capture, Pace pace, boolean loop, double fromS, double toS) {

    /** Delivery pace of a replay. */
    public enum Pace { REALTIME, MAX }

    public ReplayConfig {
        if (!(fromS >= 0) || !(toS > fromS)) {
            throw new IllegalArgumentException("replay needs 0 <= from < to, got from " + fromS + " s, to " + toS + " s");
        }
    }

    /** The whole capture at real-time pace, once. */
    public static ReplayConfig of(String capture) {
        return new ReplayConfig(capture, Pace.REALTIME, false, 0, Double.POSITIVE_INFINITY);
    }
}
