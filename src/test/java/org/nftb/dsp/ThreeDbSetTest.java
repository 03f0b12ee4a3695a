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
        assertEquals(2.5, s.medianBin());    // members 1,2,3,4 → mean of the middle two
        // crossings: left between bins 0 and 1 at 1 - (0.6-0.5)/(0.6-0.1) = 0.8; right between 4 and 5 at
        // 4 + (0.51-0.5)/(0.51-0.5) = 5.0 → extent 4.2 bins
        assertEquals(4.2, s.extentBins(), 1e-12);
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
