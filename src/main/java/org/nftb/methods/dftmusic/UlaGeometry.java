package org.nftb.methods.dftmusic;

import org.nftb.model.ElementArray;

/** Checks that an array is the uniform linear array along the x-axis that the angle DFT of seed 001 needs. */
final class UlaGeometry {
    private UlaGeometry() {
    }

    /** Element spacing in metres; throws when the array is not a ULA along x in element order. */
    static double spacingM(ElementArray array) {
        int n = array.count();
        if (n < 2) {
            throw new IllegalArgumentException("dftmusic needs at least 2 elements, got " + n);
        }
        double d = array.xM(1) - array.xM(0);
        for (int i = 0; i < n; i++) {
            double expectedX = array.xM(0) + i * d;
            if (Math.abs(array.xM(i) - expectedX) > 1e-9 * Math.max(1, Math.abs(d) * n)
                    || Math.abs(array.yM(i) - array.yM(0)) > 1e-9) {
                throw new IllegalArgumentException("dftmusic needs a uniform linear array along the x-axis in "
                        + "element order (seed 001); element " + i + " breaks it");
            }
        }
        if (!(d > 0)) {
            throw new IllegalArgumentException("dftmusic needs elements in increasing x order, spacing was " + d);
        }
        return d;
    }
}
