package org.nftb.stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CpiFrameTest {

    @Test
    void firstNonFiniteFindsNanAndBothInfinitiesInEitherComponent() {
        CpiFrame f = new CpiFrame(new CpiLayout(3, 4, 2));   // 24 complex samples
        assertEquals(-1, f.firstNonFinite());
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (float v : bad) {
            for (int index : new int[] {0, 9, 23}) {
                for (int part = 0; part < 2; part++) {
                    java.util.Arrays.fill(f.data(), 1f);
                    f.data()[2 * index + part] = v;
                    assertEquals(index, f.firstNonFinite(), v + " at sample " + index + " part " + part);
                }
            }
        }
        java.util.Arrays.fill(f.data(), Float.MAX_VALUE);
        assertEquals(-1, f.firstNonFinite(), "the largest finite value is finite");
    }
}
