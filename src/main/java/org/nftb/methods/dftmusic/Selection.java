package org.nftb.methods.dftmusic;

/** The k-th smallest of an array in expected linear time (Hoare's quickselect), for the AD map's noise floor. */
final class Selection {
    private Selection() {
    }

    /**
     * Returns the {@code k}-th smallest (0-based) of {@code a[0..n)}, reordering those elements. Median-of-three
     * pivots; allocates nothing.
     */
    static double select(double[] a, int n, int k) {
        if (k < 0 || k >= n) {
            throw new IllegalArgumentException("rank " + k + " outside 0.." + (n - 1));
        }
        int lo = 0;
        int hi = n - 1;
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            // median of three into a[mid]
            if (a[mid] < a[lo]) {
                swap(a, mid, lo);
            }
            if (a[hi] < a[lo]) {
                swap(a, hi, lo);
            }
            if (a[hi] < a[mid]) {
                swap(a, hi, mid);
            }
            double pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i, j);
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
