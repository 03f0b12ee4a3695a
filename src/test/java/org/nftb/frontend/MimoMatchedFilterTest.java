package org.nftb.frontend;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nftb.model.MimoWaveform;
import org.nftb.stream.CpiFrame;
import org.nftb.stream.CpiLayout;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The MIMO matched filter's time-division path against its definition, whole and split by receive channels. */
class MimoMatchedFilterTest {
    @ParameterizedTest
    @CsvSource({"1", "3"})
    void timeDivisionOutputsAreSlotMeansAndChannelRangesOnTwoFiltersAddUpToTheWhole(int slot) {
        int nt = 5;
        int nr = 4;
        int pulses = 7;
        int s = nt * slot;
        CpiLayout layout = new CpiLayout(nr, pulses, s);
        MimoWaveform w = new MimoWaveform(MimoWaveform.Scheme.TDM, nt, s);
        CpiFrame frame = new CpiFrame(layout);
        SplittableRandom r = new SplittableRandom(3);
        for (int k = 0; k < frame.data().length; k++) {
            frame.data()[k] = (float) r.nextGaussian();
        }
        MimoMatchedFilter whole = new MimoMatchedFilter(layout, w);
        Snapshot a = new Snapshot(whole.outputShape());
        Snapshot b = new Snapshot(whole.outputShape());
        whole.process(frame, a);
        new MimoMatchedFilter(layout, w).process(frame, b, 1, nr);
        new MimoMatchedFilter(layout, w).process(frame, b, 0, 1);
        float[] in = frame.data();
        for (int i = 0; i < nt; i++) {
            for (int j = 0; j < nr; j++) {
                for (int l = 0; l < pulses; l++) {
                    double re = 0;
                    double im = 0;
                    for (int c = 0; c < slot; c++) {
                        int at = 2 * (j * layout.samplesPerChannel() + l * s + i * slot + c);
                        re += in[at];
                        im += in[at + 1];
                    }
                    int o = a.shape().index(i, j, l);
                    assertEquals(re / slot, a.data()[o], 1e-6);
                    assertEquals(im / slot, a.data()[o + 1], 1e-6);
                    assertEquals(a.data()[o], b.data()[o], 0.0);
                    assertEquals(a.data()[o + 1], b.data()[o + 1], 0.0);
                }
            }
        }
    }
}
