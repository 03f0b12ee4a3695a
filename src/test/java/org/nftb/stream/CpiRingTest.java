package org.nftb.stream;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpiRingTest {
    private static final CpiLayout ONE = new CpiLayout(1, 1, 1);

    @Test
    void aFullRingRefusesAClaimInsteadOfWaiting() throws Exception {
        CpiRing ring = new CpiRing(2, ONE, new BlockingWaitStrategy());
        CpiFrame a = ring.tryClaim();
        ring.publish();
        CpiFrame b = ring.tryClaim();
        ring.publish();
        assertNull(ring.tryClaim());
        long seq = ring.take(1000);
        assertSame(a, ring.frame(seq));
        ring.release(seq);
        assertSame(a, ring.tryClaim(), "slots are reused");
        assertTrue(b != a);
    }

    @Test
    void aLosslessClaimWaitsUntilASlotIsReleased() throws Exception {
        CpiRing ring = new CpiRing(2, ONE, new BlockingWaitStrategy());
        ring.tryClaim();
        ring.publish();
        ring.tryClaim();
        ring.publish();
        assertNull(ring.claim(TimeUnit.MILLISECONDS.toNanos(20)), "times out while the ring stays full");
        Thread consumer = new Thread(() -> {
            try {
                long s = ring.take(TimeUnit.SECONDS.toNanos(5));
                Thread.sleep(20);
                ring.release(s);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        assertNotNull(ring.claim(TimeUnit.SECONDS.toNanos(5)));
        consumer.join();
    }

    @Test
    void releasesMustComeInSequenceOrder() throws Exception {
        CpiRing ring = new CpiRing(4, ONE, new BlockingWaitStrategy());
        for (int i = 0; i < 2; i++) {
            ring.tryClaim();
            ring.publish();
        }
        long first = ring.take(1000);
        long second = ring.take(1000);
        assertThrows(IllegalStateException.class, () -> ring.release(second));
        ring.release(first);
        ring.release(second);
        assertEquals(2, ring.releasedCount());
    }

    @Test
    void takeTimesOutWhenNothingIsPublished() throws Exception {
        CpiRing ring = new CpiRing(4, ONE, new ParkingWaitStrategy());
        assertEquals(-1, ring.take(TimeUnit.MILLISECONDS.toNanos(5)));
    }

    @Test
    void slotCountMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new CpiRing(6, ONE, new BlockingWaitStrategy()));
    }

    @Test
    void withSeveralConsumersEveryPublishedFrameIsTakenExactlyOnce() throws Exception {
        for (WaitStrategy strategy : new WaitStrategy[] {new BlockingWaitStrategy(), new ParkingWaitStrategy()}) {
            CpiRing ring = new CpiRing(4, ONE, strategy);
            int total = 20_000;
            int consumers = 3;
            ConcurrentHashMap<Long, Long> taken = new ConcurrentHashMap<>();
            AtomicLong duplicates = new AtomicLong();
            AtomicLong releasedUpTo = new AtomicLong(-1);
            CountDownLatch done = new CountDownLatch(consumers);
            Object order = new Object();
            boolean[] finished = new boolean[total];
            for (int k = 0; k < consumers; k++) {
                new Thread(() -> {
                    try {
                        while (releasedUpTo.get() < total - 1) {
                            long seq = ring.take(TimeUnit.MILLISECONDS.toNanos(100));
                            if (seq < 0) {
                                continue;
                            }
                            if (taken.put(seq, ring.frame(seq).sequence()) != null) {
                                duplicates.incrementAndGet();
                            }
                            synchronized (order) {   // release in order, as the pipeline's emitter does
                                finished[(int) seq] = true;
                                while (releasedUpTo.get() + 1 < total && finished[(int) (releasedUpTo.get() + 1)]) {
                                    ring.release(releasedUpTo.incrementAndGet());
                                }
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        done.countDown();
                    }
                }).start();
            }
            long seq = 0;
            while (seq < total) {
                CpiFrame f = ring.tryClaim();
                if (f == null) {
                    Thread.onSpinWait();
                    continue;
                }
                f.stamp(seq++, 0, 0, 1);
                ring.publish();
            }
            assertTrue(done.await(30, TimeUnit.SECONDS), strategy + " consumers did not finish");
            assertEquals(total, taken.size(), strategy.toString());
            assertEquals(0, duplicates.get(), strategy.toString());
            for (long s = 0; s < total; s++) {
                assertEquals(s, taken.get(s), "slot of ring sequence " + s + " held CPI " + taken.get(s));
            }
        }
    }
}
