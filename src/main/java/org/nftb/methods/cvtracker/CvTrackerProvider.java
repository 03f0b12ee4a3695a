package org.nftb.methods.cvtracker;

import org.nftb.config.ConfigNode;
import org.nftb.config.Quantity;
import org.nftb.config.RunConfig;
import org.nftb.config.SequentialConfig;
import org.nftb.sequential.SequentialStage;
import org.nftb.sequential.SequentialStageProvider;

import java.util.List;
import java.util.Locale;

/**
 * The constant-velocity tracker as a sequential-stage plug-in ({@code sequential.type: cvtracker}): reads and checks
 * its section, with units where a field has one, and makes one {@link CvTracker} per run. Every field is optional;
 * the defaults suit a person or a cart seen by a lab array.
 *
 * <pre>
 * sequential:
 *   type: cvtracker
 *   accelerationNoise: 1 m2/s3     # q of the white-noise acceleration model
 *   gateProbability: 0.9999        # chi-square gate on each estimate's normalized innovation
 *   confirmUpdates: 3              # updates before a track is confirmed
 *   maxMisses: 5                   # CPIs without an estimate before a confirmed track ends
 *   maxCoast: 250 ms               # longest prediction without an update (misses and gaps alike)
 *   maxTracks: 8
 *   initialVelocityStd: 10 m/s     # for tracks started from position-only estimates
 * </pre>
 */
public final class CvTrackerProvider implements SequentialStageProvider {
    static final double DEFAULT_ACCELERATION_NOISE = 1;
    static final double DEFAULT_GATE_PROBABILITY = 0.9999;
    static final int DEFAULT_CONFIRM_UPDATES = 3;
    static final int DEFAULT_MAX_MISSES = 5;
    static final double DEFAULT_MAX_COAST_S = 0.25;
    static final int DEFAULT_MAX_TRACKS = 8;
    static final int MAX_TRACKS_LIMIT = 64;
    static final double DEFAULT_INITIAL_VELOCITY_STD_MPS = 10;

    @Override
    public String type() {
        return CvTrackerConfig.TYPE;
    }

    @Override
    public SequentialConfig read(ConfigNode node, RunConfig config, List<String> warnings) {
        node.allowOnly("type", "accelerationNoise", "gateProbability", "confirmUpdates", "maxMisses", "maxCoast",
                "maxTracks", "initialVelocityStd");
        double q = DEFAULT_ACCELERATION_NOISE;
        if (node.has("accelerationNoise")) {
            q = node.get("accelerationNoise").quantity(Quantity.ACCELERATION_DENSITY);
            if (q < 0) {
                throw node.get("accelerationNoise").error("must be >= 0 m2/s3 (0: exactly straight lines), got " + q);
            }
        }
        double gate = DEFAULT_GATE_PROBABILITY;
        if (node.has("gateProbability")) {
            ConfigNode g = node.get("gateProbability");
            gate = g.number();
            if (!(gate > 0.5 && gate < 1 - 1e-12)) {
                throw g.error("must be a probability in (0.5, 1 - 1e-12), e.g. 0.9999, got " + gate);
            }
        }
        int confirm = count(node, "confirmUpdates", DEFAULT_CONFIRM_UPDATES, 1, 1000);
        int misses = count(node, "maxMisses", DEFAULT_MAX_MISSES, 0, 1_000_000);
        double coastS = node.optional("maxCoast").map(n -> n.positiveQuantity(Quantity.DURATION))
                .orElse(DEFAULT_MAX_COAST_S);
        if (coastS > 3600) {
            throw node.get("maxCoast").error("must be at most 1 h, got " + coastS + " s");
        }
        int tracks = count(node, "maxTracks", DEFAULT_MAX_TRACKS, 1, MAX_TRACKS_LIMIT);
        double initialVelocity = node.optional("initialVelocityStd")
                .map(n -> n.positiveQuantity(Quantity.VELOCITY)).orElse(DEFAULT_INITIAL_VELOCITY_STD_MPS);
        double cpiS = config.samplesPerCpi() / config.radio().sampleRateHz();
        if (coastS < cpiS) {
            warnings.add(String.format(Locale.ROOT, "sequential.maxCoast: %.3g s is shorter than one CPI (%.3g s): "
                    + "a single dropped or rejected CPI ends every track", coastS, cpiS));
        }
        return new CvTrackerConfig(q, gate, confirm, misses, Math.round(coastS * 1e9), tracks, initialVelocity);
    }

    @Override
    public SequentialStage newStage(RunConfig config) {
        return new CvTracker((CvTrackerConfig) config.sequential());
    }

    private static int count(ConfigNode node, String key, int defaultValue, int min, int max) {
        if (!node.has(key)) {
            return defaultValue;
        }
        ConfigNode n = node.get(key);
        int v = n.integer();
        if (v < min || v > max) {
            throw n.error("must be " + min + ".." + max + ", got " + v);
        }
        return v;
    }
}
