package org.nftb.methods.vmp;

import org.nftb.model.SubarrayLayout;

/**
 * Seed 000's third baseline (§V, "Subarray-level Average"): each transmit-receive subarray pair estimates the
 * location and velocity on its own, and the estimates are averaged with equal weights. It reads the same
 * Algorithm 1 posteriors as the fusion ({@link VmpEstimator#posteriors()}) and ignores their concentrations: a
 * pair's location is the intersection of its two bearing lines (as in option B), its velocity needs a second
 * Doppler, so the velocity estimates are those of option B's configurations ω = {(m, n), (K_t−1−m, K_r−1−n)}
 * (eq. 48), each solved from its two Dopplers at its own location: the mean of its two pairs' bearing
 * intersections. Choice: the paper's "each T-R subarray pair independently estimates the location and velocity"
 * rules out solving at the averaged (already combined) location, which an earlier version did; a configuration
 * with neither pair's location is left out. Pairs whose bearings do not intersect in front of the arrays are left
 * out of the location average (counted in {@link #usedPairs()}).
 *
 * <p>Allocates nothing after construction; not thread-safe.
 */
public final class SubarrayAverage {
    private final SubarrayLayout layout;
    private final double wavelengthM;
    private final double[] d1 = new double[2];
    private final double[] d2 = new double[2];
    private final double[] u = new double[2];
    private final double[] w = new double[2];
    private final double[] pairX;
    private final double[] pairY;
    private final boolean[] located;
    private double px;
    private double py;
    private double vx;
    private double vy;
    private int used;

    public SubarrayAverage(SubarrayLayout layout, double wavelengthM) {
        this.layout = layout;
        this.wavelengthM = wavelengthM;
        this.pairX = new double[layout.pairs()];
        this.pairY = new double[layout.pairs()];
        this.located = new boolean[layout.pairs()];
    }

    /** Averages the pairs' estimates; false when no pair gives a location or no configuration a velocity. */
    public boolean run(PairPosteriors q) {
        double sx = 0;
        double sy = 0;
        used = 0;
        for (int k = 0; k < layout.pairs(); k++) {
            located[k] = Fusion.bearingIntersection(layout, q, k, d1, d2, u);
            if (located[k]) {
                pairX[k] = u[0];
                pairY[k] = u[1];
                sx += u[0];
                sy += u[1];
                used++;
            }
        }
        if (used == 0) {
            return false;
        }
        px = sx / used;
        py = sy / used;
        int pairs = layout.pairs();
        double svx = 0;
        double svy = 0;
        int configs = 0;
        for (int k = 0; k < pairs / 2; k++) {
            int l = pairs - 1 - k;
            int n = (located[k] ? 1 : 0) + (located[l] ? 1 : 0);
            if (n == 0) {
                continue;
            }
            double cx = ((located[k] ? pairX[k] : 0) + (located[l] ? pairX[l] : 0)) / n;
            double cy = ((located[k] ? pairY[k] : 0) + (located[l] ? pairY[l] : 0)) / n;
            if (Fusion.configurationVelocity(layout, q, k, cx, cy, wavelengthM, u, w, d1)) {
                svx += d1[0];
                svy += d1[1];
                configs++;
            }
        }
        if (configs == 0) {
            return false;
        }
        vx = svx / configs;
        vy = svy / configs;
        return true;
    }

    public double xM() { return px; }
    public double yM() { return py; }
    public double vxMps() { return vx; }
    public double vyMps() { return vy; }
    /** Pairs whose bearings gave a location. */
    public int usedPairs() { return used; }
}
