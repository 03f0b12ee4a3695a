package org.nftb.stream;

import org.junit.jupiter.api.Test;
import org.nftb.calibration.CalibrationApplier;
import org.nftb.calibration.CalibrationTable;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CpiAssemblerTest {
    static final int CH = 3;
    static final int M = 4;

    /** Sample value encoding (channel, index) so that every copy can be checked. */
    static float re(int c, long k) {
        return c * 1000 + k;
    }

    static void fill(RxBuffer b, long first, int n, RxStatus status) {
        for (int c = 0; c < CH; c++) {
            for (int i = 0; i < n; i++) {
                b.channel(c)[2 * i] = re(c, first + i);
                b.channel(c)[2 * i + 1] = -re(c, first + i);
            }
        }
        b.set(n, first, first * 1000, status, "");
    }

    @Test
    void samplesAreCalibratedAndLaidOutChannelMajorAcrossChunkBoundaries() throws Exception {
        // w_c = 2 for every channel: the assembler divides by 2
        double[] w = {2, 0, 2, 0, 2, 0};
        CpiRing ring = new CpiRing(4, CH, M, new BlockingWaitStrategy());
        StreamCounters counters = new StreamCounters();
        CpiAssembler a = new CpiAssembler(ring, new CalibrationApplier(new CalibrationTable("t", 1, Instant.EPOCH, "t", w, "x")),
                CH, M, 1, 1e6, counters);
        RxBuffer b = new RxBuffer(CH, 3);
        fill(b, 0, 3, RxStatus.OK);
        a.accept(b);
        fill(b, 3, 3, RxStatus.OK);
        a.accept(b);
        CpiFrame f = ring.take(1000);
        assertEquals(0, f.sequence());
        assertEquals(0, f.timeNanos());
        for (int c = 0; c < CH; c++) {
            for (int m = 0; m < M; m++) {
                assertEquals(re(c, m) / 2, f.data()[2 * (c * M + m)], 1e-6);
                assertEquals(-re(c, m) / 2, f.data()[2 * (c * M + m) + 1], 1e-6);
            }
        }
        ring.release();
        assertEquals(1, counters.cpisPublished());
        assertEquals(6, counters.samplesReceived());
    }

    @Test
    void anOverflowAbandonsThePartialCpiAndTheSequenceSkipsVisibly() throws Exception {
        CpiRing ring = new CpiRing(4, CH, M, new BlockingWaitStrategy());
        StreamCounters counters = new StreamCounters();
        CpiAssembler a = new CpiAssembler(ring, new CalibrationApplier(CalibrationTable.identity(CH, "t", 1)),
                CH, M, 1, 1e6, counters);
        RxBuffer b = new RxBuffer(CH, 4);
        fill(b, 0, 2, RxStatus.OK);          // half of CPI 0
        a.accept(b);
        b.set(0, 2, 0, RxStatus.OVERFLOW, "host too slow");
        a.accept(b);
        fill(b, 6, 4, RxStatus.OK);          // samples 6..9: CPI 1 starts at 4, so skip 6,7; CPI 2 starts at 8
        a.accept(b);
        fill(b, 10, 2, RxStatus.OK);
        a.accept(b);
        CpiFrame f = ring.take(1000);
        assertEquals(2, f.sequence(), "CPIs 0 and 1 are lost; the gap shows in the sequence");
        assertEquals(8, f.firstSampleIndex());
        assertEquals(re(1, 8), f.data()[2 * M], 1e-6);
        ring.release();
        assertEquals(1, counters.cpisDroppedGap());
        assertEquals(1, counters.statusCount(RxStatus.OVERFLOW));
    }

    @Test
    void aJumpInTheSampleIndexIsAGapEvenWithoutAnOverflowFlag() throws Exception {
        CpiRing ring = new CpiRing(4, CH, M, new BlockingWaitStrategy());
        StreamCounters counters = new StreamCounters();
        CpiAssembler a = new CpiAssembler(ring, new CalibrationApplier(CalibrationTable.identity(CH, "t", 1)),
                CH, M, 1, 1e6, counters);
        RxBuffer b = new RxBuffer(CH, 4);
        fill(b, 0, 3, RxStatus.OK);
        a.accept(b);
        fill(b, 4, 4, RxStatus.OK);
        a.accept(b);
        assertEquals(1, counters.cpisDroppedGap());
        assertEquals(1, ring.take(1000).sequence());
    }

    @Test
    void whenProcessingFallsBehindWholeCpisAreDroppedAndCounted() throws Exception {
        CpiRing ring = new CpiRing(2, CH, M, new BlockingWaitStrategy());
        StreamCounters counters = new StreamCounters();
        CpiAssembler a = new CpiAssembler(ring, new CalibrationApplier(CalibrationTable.identity(CH, "t", 1)),
                CH, M, 1, 1e6, counters);
        RxBuffer b = new RxBuffer(CH, M);
        for (int q = 0; q < 5; q++) {
            fill(b, q * M, M, RxStatus.OK);
            a.accept(b);
        }
        assertEquals(2, counters.cpisPublished());
        assertEquals(3, counters.cpisDroppedRingFull());
        assertEquals(0, ring.take(1000).sequence());
        ring.release();
        assertEquals(1, ring.take(1000).sequence());
        ring.release();
        assertNull(ring.take(1000));
    }

    @Test
    void severalSamplesPerSymbolAreIntegratedAndDumped() throws Exception {
        CpiRing ring = new CpiRing(2, CH, M, new BlockingWaitStrategy());
        CpiAssembler a = new CpiAssembler(ring, new CalibrationApplier(CalibrationTable.identity(CH, "t", 1)),
                CH, M, 3, 3e6, new StreamCounters());
        RxBuffer b = new RxBuffer(CH, 5);
        for (long k = 0; k < 12; k += 5) {
            int n = (int) Math.min(5, 12 - k);
            fill(b, k, n, RxStatus.OK);
            a.accept(b);
        }
        CpiFrame f = ring.take(1000);
        for (int c = 0; c < CH; c++) {
            for (int m = 0; m < M; m++) {
                double mean = (re(c, 3L * m) + re(c, 3L * m + 1) + re(c, 3L * m + 2)) / 3;
                assertEquals(mean, f.data()[2 * (c * M + m)], 1e-3);
            }
        }
    }
}
