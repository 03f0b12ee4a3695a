package org.nftb.dashboard;

import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordRingTest {

    static void write(OutputStream w, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        w.write(b, 0, b.length / 2);                 // a record may arrive in several writes; flush ends it
        w.write(b, b.length / 2, b.length - b.length / 2);
        w.flush();
    }

    @Test
    void eachFlushPublishesOneRecordAndAReaderSeesOnlyTheLastCapacityRecords() throws Exception {
        RecordRing ring = new RecordRing(4, new WallClock());
        OutputStream w = ring.writer();
        for (int i = 0; i < 6; i++) {
            write(w, "{\"seq\":" + i + ",\"pad\":\"" + "y".repeat(3000 * (i % 2)) + "\"}\n");
        }
        assertEquals(6, ring.head());
        RecordRing.Copy c = new RecordRing.Copy();
        assertFalse(ring.read(0, c), "overwritten");
        assertFalse(ring.read(1, c), "overwritten");
        double last = 0;
        for (int i = 2; i < 6; i++) {
            assertTrue(ring.read(i, c));
            assertTrue(c.text().startsWith("{\"seq\":" + i + ","), c.text());
            assertFalse(c.text().endsWith("\n"));
            assertTrue(c.timeMs >= last);
            last = c.timeMs;
        }
        assertFalse(ring.read(6, c), "not written yet");
    }

    /** A reader racing the writer either gets a whole record or is told it was overtaken, never a mix. */
    @Test
    void aReaderRacingTheWriterNeverGetsATornRecord() throws Exception {
        RecordRing ring = new RecordRing(8, new WallClock());
        int records = 200_000;
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<String> torn = new AtomicReference<>();
        AtomicLong whole = new AtomicLong();
        AtomicLong overtaken = new AtomicLong();
        Thread reader = new Thread(() -> {
            RecordRing.Copy c = new RecordRing.Copy();
            while (done.getCount() > 0) {
                long head = ring.head();
                for (long s = Math.max(0, head - 8); s < head; s++) {
                    if (!ring.read(s, c)) {
                        overtaken.incrementAndGet();
                        continue;
                    }
                    String t = c.text();
                    String expect = String.valueOf((char) ('a' + s % 26)).repeat(1 + (int) (s % 97));
                    if (!t.equals(expect) && torn.get() == null) {
                        torn.set("record " + s + ": " + t);
                    }
                    whole.incrementAndGet();
                }
            }
        });
        reader.start();
        OutputStream w = ring.writer();
        for (int s = 0; s < records; s++) {
            byte[] b = String.valueOf((char) ('a' + s % 26)).repeat(1 + s % 97).getBytes(StandardCharsets.US_ASCII);
            w.write(b, 0, b.length);
            w.flush();
        }
        done.countDown();
        reader.join(TimeUnit.SECONDS.toMillis(30));
        assertNull(torn.get());
        assertTrue(whole.get() > 0, "the reader read records");
    }
}
