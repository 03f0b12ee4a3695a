package org.nftb.stream;

import org.junit.jupiter.api.Test;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.config.PipelineConfig.RingMode;
import org.nftb.frontend.IntegrateAndDump;
import org.nftb.frontend.Snapshot;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        CpiRing ring = new CpiRing(4, new CpiLayout(CH, M, 1), new BlockingWaitStrategy());
        StreamCounters counters = new StreamCounters();
        CpiAssembler a = new CpiAssembler(ring, new CalibrationState(new CalibrationTable("t", 1, Instant.EPOCH, "t", w, "x")),
                new CpiLayout(CH, M, 1), 1e6, RingMode.LIVE, counters, () -> false);
        RxBuffer b = new RxBuffer(CH, 3);
        fill(b, 0, 3, RxStatus.OK);
        a.accept(b);
        fill(b, 3, 3, RxStatus.OK);
        a.accept(b);
        long seq = ring.take(1000);
        CpiFrame f = ring.frame(seq);
        assertEquals(0, f.sequence());
        assertEquals(0, f.timeNanos());
        for (int c = 0; c < CH; c++) {
            for (int m = 0; m < M; m++) {
                assertEquals(re(c, m) / 2, f.data()[2 * (c * M + m)], 1e-6);
                assertEquals(-re(c, m) / 2, f.data()[2 * (c * M + m) + 1], 1e-6);
            }
        }
        ring.release(seq);
        assertEquals(1, counters.cpisPublished());
        assertEquals(6, counters.samplesReceived());
    }

    @Test
    void anOverflowAbandonsThePartialCpiAndTheSequenceSkipsVisibly() throws Exception {
        CpiRing ring = new CpiRing(4, new CpiLayout(CH, M, 1), new BlockingWaitStrategy());
        StreamCounters counters = new StreamCounters();
        CpiAssembler a = new CpiAssembler(ring, new CalibrationState(CalibrationTable.identity(CH, "t", 1)),
                new CpiLayout(CH, M, 1), 1e6, RingMode.LIVE, counters, () -> false);
        RxBuffer b = new RxBuffer(CH, 4);
        fill(b, 0, 2, RxStatus.OK);          // half of CPI 0
        a.accept(b);
        b.set(0, 2, 0, RxStatus.OVERFLOW, "host too slow");
        a.accept(b);
        fill(b, 6, 4, RxStatus.OK);          // samples 6..9: CPI 1 starts at 4, so skip 6,7; CPI 2 starts at 8
        a.accept(b);
        fill(b, 10, 2, RxStatus.OK);
        a.accept(b);
        long seq = ring.take(1000);
        CpiFrame f = ring.frame(seq);
        assertEquals(2, f.sequence(), "CPIs 0 and 1 are lost; the gap shows in the sequence");
        assertEquals(8, f.firstSampleIndex());
        assertEquals(re(1, 8), f.data()[2 * M], 1e-6);
        ring.release(seq);
        assertEquals(1, counters.cpisDroppedGap());
        assertEquals(1, counters.statusCount(RxStatus.OVERFLOW));
    }

    @Test
    void aJumpInTheSampleIndexIsAGapEvenWithoutAnOverflowFlag() throws Exception {
        CpiRing ring = new CpiRing(4, new CpiLayout(CH, M, 1), new BlockingWaitStrategy());
        StreamCounters counters = new StreamCounters();
        CpiAssembler a = new CpiAssembler(ring, new CalibrationState(CalibrationTable.identity(CH, "t", 1)),
                new CpiLayout(CH, M, 1), 1e6, RingMode.LIVE, counters, () -> false);
        RxBuffer b = new RxBuffer(CH, 4);
        fill(b, 0, 3, RxStatus.OK);
        a.accept(b);
        fill(b, 4, 4, RxStatus.OK);
        a.accept(b);
        assertEquals(1, counters.cpisDroppedGap());
        assertEquals(1, ring.frame(ring.take(1000)).sequence());
    }

    @Test
    void whenProcessingFallsBehindWholeCpisAreDroppedAndCounted() throws Exception {
        CpiRing ring = new CpiRing(2, new CpiLayout(CH, M, 1), new BlockingWaitStrategy());
        StreamCounters counters = new StreamCounters();
        CpiAssembler a = new CpiAssembler(ring, new CalibrationState(CalibrationTable.identity(CH, "t", 1)),
                new CpiLayout(CH, M, 1), 1e6, RingMode.LIVE, counters, () -> false);
        RxBuffer b = new RxBuffer(CH, M);
        for (int q = 0; q < 5; q++) {
            fill(b, q * M, M, RxStatus.OK);
            a.accept(b);
        }
        assertEquals(2, counters.cpisPublished());
        assertEquals(3, counters.cpisDroppedRingFull());
        assertEquals(0, ring.frame(ring.take(1000)).sequence());
        ring.release(0);
        assertEquals(1, ring.frame(ring.take(1000)).sequence());
        ring.release(1);
        assertEquals(-1, ring.take(1000));
    }

    @Test
    void inLosslessModeAFullRingMakesTheProducerWaitAndNothingIsDropped() throws Exception {
        CpiRing ring = new CpiRing(2, new CpiLayout(CH, M, 1), new BlockingWaitStrategy());
        StreamCounters counters = new StreamCounters();
        CpiAssembler a = new CpiAssembler(ring, new CalibrationState(CalibrationTable.identity(CH, "t", 1)),
                new CpiLayout(CH, M, 1), 1e6, RingMode.LOSSLESS, counters, () -> false);
        int cpis = 50;
        java.util.List<Long> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Thread consumer = new Thread(() -> {
            try {
                while (seen.size() < cpis) {
                    long seq = ring.take(java.util.concurrent.TimeUnit.SECONDS.toNanos(5));
                    if (seq < 0) {
                        return;
                    }
                    seen.add(ring.frame(seq).sequence());
                    ring.release(seq);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        RxBuffer b = new RxBuffer(CH, M);
        for (int q = 0; q < cpis; q++) {
            fill(b, (long) q * M, M, RxStatus.OK);
            a.accept(b);
        }
        consumer.join(10_000);
        assertEquals(cpis, counters.cpisPublished());
        assertEquals(0, counters.cpisDroppedRingFull());
        assertEquals(cpis, seen.size());
        for (int q = 0; q < cpis; q++) {
            assertEquals(q, seen.get(q));
        }
    }

    @Test
    void aStopRequestReleasesALosslessProducerWaitingOnAFullRing() throws Exception {
        CpiRing ring = new CpiRing(2, new CpiLayout(CH, M, 1), new BlockingWaitStrategy());
        StreamCounters counters = new StreamCounters();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        CpiAssembler a = new CpiAssembler(ring, new CalibrationState(CalibrationTable.identity(CH, "t", 1)),
                new CpiLayout(CH, M, 1), 1e6, RingMode.LOSSLESS, counters, stop::get);
        RxBuffer b = new RxBuffer(CH, M);
        for (int q = 0; q < 2; q++) {
            fill(b, (long) q * M, M, RxStatus.OK);
            a.accept(b);
        }
        java.util.concurrent.CountDownLatch returned = new java.util.concurrent.CountDownLatch(1);
        Thread producer = new Thread(() -> {
            try {
                fill(b, 2L * M, M, RxStatus.OK);
                a.accept(b);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            returned.countDown();
        });
        producer.start();
        assertEquals(false, returned.await(200, java.util.concurrent.TimeUnit.MILLISECONDS),
                "the producer must wait while the ring is full");
        stop.set(true);
        assertEquals(true, returned.await(5, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(2, counters.cpisPublished());
    }

    @Test
    void aNewCalibrationTableAppliesFromTheNextCpiBoundaryAndEveryFrameCarriesItsVersion() throws Exception {
        CpiRing ring = new CpiRing(8, new CpiLayout(CH, M, 1), new BlockingWaitStrategy());
        CalibrationState cal = new CalibrationState(CalibrationTable.identity(CH, "t", 1));
        CpiAssembler a = new CpiAssembler(ring, cal, new CpiLayout(CH, M, 1), 1e6, RingMode.LIVE,
                new StreamCounters(), () -> false);
        RxBuffer b = new RxBuffer(CH, 2);
        fill(b, 0, 2, RxStatus.OK);     // first half of CPI 0 with the identity table
        a.accept(b);
        long v2 = cal.offer(new CalibrationTable("t", 1, Instant.EPOCH, "t", new double[] {2, 0, 2, 0, 2, 0}, "x"));
        fill(b, 2, 2, RxStatus.OK);     // second half of CPI 0: still the table it began with
        a.accept(b);
        fill(b, 4, 2, RxStatus.OK);     // CPI 1: the new table
        a.accept(b);
        fill(b, 6, 2, RxStatus.OK);
        a.accept(b);
        CpiFrame f0 = ring.frame(ring.take(1000));
        CpiFrame f1 = ring.frame(ring.take(1000));
        assertEquals(1, f0.calibrationVersion());
        assertEquals(v2, f1.calibrationVersion());
        assertEquals(2, v2);
        assertEquals(re(0, 3), f0.data()[6], 1e-6, "no CPI mixes two tables");
        assertEquals(re(0, 4) / 2, f1.data()[0], 1e-6);
    }

    @Test
    void severalSamplesPerSymbolAreIntegratedAndDumpedByTheFrontEnd() throws Exception {
        CpiLayout layout = new CpiLayout(CH, M, 3);
        CpiRing ring = new CpiRing(2, layout, new BlockingWaitStrategy());
        CpiAssembler a = new CpiAssembler(ring, new CalibrationState(CalibrationTable.identity(CH, "t", 1)),
                layout, 3e6, RingMode.LIVE, new StreamCounters(), () -> false);
        RxBuffer b = new RxBuffer(CH, 5);
        for (long k = 0; k < 12; k += 5) {
            int n = (int) Math.min(5, 12 - k);
            fill(b, k, n, RxStatus.OK);
            a.accept(b);
        }
        CpiFrame f = ring.frame(ring.take(1000));
        IntegrateAndDump frontEnd = new IntegrateAndDump(layout);
        Snapshot y = new Snapshot(frontEnd.outputShape());
        frontEnd.process(f, y);
        for (int c = 0; c < CH; c++) {
            for (int m = 0; m < M; m++) {
                double mean = (re(c, 3L * m) + re(c, 3L * m + 1) + re(c, 3L * m + 2)) / 3;
                assertEquals(mean, y.data()[2 * (c * M + m)], 1e-3);
                assertEquals(-mean, y.data()[2 * (c * M + m) + 1], 1e-3);
            }
        }
    }

    @Test
    void samplesBeforeTheStartCpiArePassedOverWithoutCountingADrop() throws Exception {
        CpiRing ring = new CpiRing(4, new CpiLayout(CH, M, 1), new BlockingWaitStrategy());
        StreamCounters counters = new StreamCounters();
        CpiAssembler a = new CpiAssembler(ring, new CalibrationState(CalibrationTable.identity(CH, "t", 1)),
                new CpiLayout(CH, M, 1), 1e6, RingMode.LIVE, counters, () -> false);
        a.startAt(2 * M);                     // CPIs 0 and 1 were not illuminated
        RxBuffer b = new RxBuffer(CH, 3);
        for (long k = 0; k < 3 * M; k += 3) {
            fill(b, k, 3, RxStatus.OK);       // buffers straddle the CPI boundaries
            a.accept(b);
        }
        long seq = ring.take(1000);
        CpiFrame f = ring.frame(seq);
        assertEquals(2, f.sequence());
        assertEquals(re(1, 2L * M), f.data()[2 * M], 1e-6, "channel 1 starts at stream sample 2M");
        ring.release(seq);
        assertEquals(1, counters.cpisPublished());
        assertEquals(0, counters.cpisDroppedGap());
        assertEquals(0, counters.cpisDroppedRingFull());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> a.startAt(M + 1));
    }
}
