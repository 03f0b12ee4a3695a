package org.nftb.methods.cvtracker;

import org.nftb.config.SequentialConfig;

import java.io.Serializable;
import java.util.Locale;

/**
 * The constant-velocity tracker's {@code sequential:} section ({@code type: cvtracker}), validated by
 * {@link CvTrackerProvider}.
 *
 * @param accelerationNoiseM2PerS3 q, the spectral density of the white-noise acceleration the constant-velocity model
 *                                 allows (m²/s³): each second of prediction adds q (m/s)² to each velocity variance;
 *                                 0 trusts straight lines completely (the filter is then a recursive least-squares
 *                                 line fit)
 * @param gateProbability          the probability that a target's own estimate falls inside its track's gate (the
 *                                 chi-square quantile of the measurement's dimension: 2 for position-only estimates,
 *                                 4 with velocity)
 * @param confirmUpdates           updates (the first included) before a track is confirmed; a tentative track that
 *                                 misses one CPI ends
 * @param maxMisses                consecutive estimated CPIs without an estimate for a confirmed track before it ends
 * @param maxCoastNanos            longest time a track is predicted without an update (misses and gaps alike), ns
 * @param maxTracks                most tracks at once (tentative and confirmed); estimates beyond start no track and
 *                                 are counted
 * @param initialVelocityStdMps    velocity standard deviation of a track started from a position-only estimate, m/s
 */
public record CvTrackerConfig(double accelerationNoiseM2PerS3, double gateProbability, int confirmUpdates,
                              int maxMisses, long maxCoastNanos, int maxTracks, double initialVelocityStdMps)
        implements SequentialConfig, Serializable {
    /** {@code sequential.type} of this stage. */
    public static final String TYPE = "cvtracker";

    @Override
    public String type() {
        return TYPE;
    }

    /** The gate on the normalized innovation squared of a {@code dimension}-dimensional estimate (2 or 4). */
    public double gate(int dimension) {
        return ChiSquare.quantile(dimension, gateProbability);
    }

    /** One line for logs and the start record. */
    @Override
    public String describe() {
        return String.format(Locale.ROOT, "cvtracker (q %.3g m2/s3, gate %.6g, confirm after %d, end after %d misses "
                        + "or %.3g s coasting, at most %d tracks)", accelerationNoiseM2PerS3, gateProbability,
                confirmUpdates, maxMisses, maxCoastNanos / 1e9, maxTracks);
    }
}
