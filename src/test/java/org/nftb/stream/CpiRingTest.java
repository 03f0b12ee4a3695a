package org.nftb.stream;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpiRingTest {

    @Test
    void aFullRingRefusesAClaimInsteadOfWaiting() throws Exception {
        CpiRing ring = new CpiRing(2, 1, 1, new BlockingWaitStrategy());
        CpiFrame a = ring.tryClaim();
        ring.publish();
        CpiFrame b = ring.tryClaim();
        ring.publish();
        assertNull(ring.tryClaim());
        assertSame(a, ring.take(1000));
        ring.release();
        assertSame(a, ring.tryClaim(), "slots are reused");
        assertTrue(b != a);
    }

    @Test
    void takeTimesOutWhenNothingIsPublished() throws Exception {
        CpiRing ring = new CpiRing(4, 1, 1, new ParkingWaitStrategy());
        assertNull(ring.take(TimeUnit.MILLISECONDS.toNanos(5)));
    }

    @Test
    void slotCountMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new CpiRing(6, 1, 1, new BlockingWaitStrategy()));
    }

    @Test
    void everyPublishedFrameReachesTheConsumerInOrderAcrossThreads() throws Exception {
        for (WaitStrategy strategy : new WaitStrategy[] {new BlockingWaitStrategy(), new ParkingWaitStrategy()}) {
            CpiRing ring = new CpiRing(4, 1, 1, strategy);
            int total = 20_000;
            CountDownLatch done = new CountDownLatch(1);
            AtomicLong received = new AtomicLong();
            AtomicLong outOfOrder = new AtomicLong();
            Thread consumer = new Thread(() -> {
                long expected = 0;
                try {
                    while (expected < total) {
                        CpiFrame f = ring.take(TimeUnit.SECONDS.toNanos(5));
                        if (f == null) {
                            break;
                        }
                        if (f.sequence() != expected) {
                            outOfOrder.incrementAndGet();
                        }
                        expected++;
                        received.incrementAndGet();
                        ring.release();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
            consumer.start();
            long seq = 0;
            while (seq < total) {
                CpiFrame f = ring.tryClaim();
                if (f == null) {
                    Thread.onSpinWait();
                    continue;
                }
                f.stamp(seq++, 0, 0);
                ring.publish();
            }
            assertTrue(done.await(30, TimeUnit.SECONDS), strategy + " consumer did not finish");
            assertEquals(total, received.get(), strategy.toString());
            assertEquals(0, outOfOrder.get(), strategy.toString());
        }
    }
}
