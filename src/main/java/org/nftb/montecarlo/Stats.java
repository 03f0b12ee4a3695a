package org.nftb.montecarlo;

import java.util.Arrays;

/** Order statistics of repeated measurements. */
public final class Stats {
    private Stats() {
    }

    /** The q-quantile (0..1) of {@code values} (not modified). */
    public static double quantile(double[] values, double q) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.floor(q * s.length))];
    }

    public static double median(double[] values) {
        return quantile(values, 0.5);
    }
}
