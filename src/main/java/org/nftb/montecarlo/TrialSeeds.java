package org.nftb.montecarlo;

/**
 * The seed of trial (point, trial) of a study: SplitMix64's finalizer over the study seed and the two indices, so
 * that seeds of neighbouring trials are unrelated and a trial's seed does not depend on which worker, thread or
 * machine runs it, nor on how many run.
 */
public final class TrialSeeds {
    private TrialSeeds() {
    }

    public static long seed(long studySeed, int point, int trial) {
        long z = mix(studySeed + 0x9E3779B97F4A7C15L * (1 + point));
        return mix(z + 0xBF58476D1CE4E5B9L * (1 + trial));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
