package org.nftb.dsp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ThreeDbSetTest {
    @Test
    void theSetHoldsTheBinsAboveHalfThePeakAndItsMedianIsTheMiddleMember() {
        double[] p = {0.1, 0.6, 1.0, 0.9, 0.51, 0.5, 0.2};
        ThreeDbSet s = new ThreeDbSet();
        s.measure(p, p.length, null);
        assertEquals(4, s.count());          // bins 1..4 (0.5 is not above half)
        assertEquals(2, s.medianBin());      // members 1,2,3,4 → lower middle = 2
        assertEquals(2, s.peakBin());
    }

    @Test
    void invisibleBinsAreIgnored() {
        double[] p = {5, 1, 0.9, 0.1};
        ThreeDbSet s = new ThreeDbSet();
        s.measure(p, p.length, new boolean[] {false, true, true, true});
        assertEquals(2, s.count());
        assertEquals(1, s.peakBin());
    }
}
