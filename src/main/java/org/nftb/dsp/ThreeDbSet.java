package org.nftb.dsp;

/**
 * The 3-dB set of a power profile (seed 001 eq. 12): the bins whose power exceeds half of the maximum.
 * Kernel: no allocation; results are read from the instance after {@link #measure}.
 */
public final class ThreeDbSet {
    private int count;
    private double medianBin;
    private int peakBin;
    private double extentBins;

    /**
     * Finds the 3-dB set of {@code profile[0..length)} (bins in ascending order of the physical quantity) and
     * its median bin. Bins where {@code visible} is false are ignored.
     */
    public void measure(double[] profile, int length, boolean[] visible) {
        double max = -1;
        int peak = -1;
        for (int i = 0; i < length; i++) {
            if ((visible == null || visible[i]) && profile[i] > max) {
                max = profile[i];
                peak = i;
            }
        }
        double half = 0.5 * max;
        int n = 0;
        for (int i = 0; i < length; i++) {
            if ((visible == null || visible[i]) && profile[i] > half) {
                n++;
            }
        }
        // median of the member bins in ascending order (Med() of eqs. 14-15): the middle member, or the mean of
        // the two middle members for an even count
        int lower = (n - 1) / 2;
        int upper = n / 2;
        int seen = 0;
        double median = peak;
        int lowerBin = -1;
        for (int i = 0; i < length; i++) {
            if ((visible == null || visible[i]) && profile[i] > half) {
                if (seen == lower) {
                    lowerBin = i;
                }
                if (seen == upper) {
                    median = 0.5 * (lowerBin + i);
                    break;
                }
                seen++;
            }
        }
        this.count = n;
        this.medianBin = median;
        this.peakBin = peak;
        // extent: outermost members, each edge moved to where the profile crosses half power (linear interpolation)
        int first = -1;
        int last = -1;
        for (int i = 0; i < length; i++) {
            if ((visible == null || visible[i]) && profile[i] > half) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        double left = first;
        if (first > 0 && (visible == null || visible[first - 1])) {
            left = first - (profile[first] - half) / (profile[first] - profile[first - 1]);
        }
        double right = last;
        if (last < length - 1 && (visible == null || visible[last + 1])) {
            right = last + (profile[last] - half) / (profile[last] - profile[last + 1]);
        }
        this.extentBins = right - left;
    }

    /**
     * Width of the set in bins, from the half-power crossing before its first member to the one after its last
     * (linear interpolation between bins): a continuous version of the set's extent.
     */
    public double extentBins() {
        return extentBins;
    }

    /** Members of the set (its measure in bins). */
    public int count() {
        return count;
    }

    /** Median of the members' bin positions (a half-integer for an even count). */
    public double medianBin() {
        return medianBin;
    }

    /** Strongest bin. */
    public int peakBin() {
        return peakBin;
    }
}
