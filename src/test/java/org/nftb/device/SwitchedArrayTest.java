package org.nftb.device;

import org.junit.jupiter.api.Test;
import org.nftb.config.SwitchedArrayConfig;

import java.util.ArrayDeque;
import java.util.Deque;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** De-multiplexing of a switched array against a scripted one-channel stream whose sample values encode their index. */
class SwitchedArrayTest {
    private static final int ELEMENTS = 4;
    private static final int DWELL = 3;
    private static final int SETTLING = 2;
    private static final int[] ORDER = {2, 0, 3, 1};
    private static final int CYCLE = ELEMENTS * (DWELL + SETTLING);

    /** Raw sample r carries (r, -r). One scripted chunk per receive call. */
    private static class ScriptedRadio implements RadioDevice {
        record Chunk(long first, int count, RxStatus status) {
        }

        final Deque<Chunk> script = new ArrayDeque<>();

        @Override
        public String description() {
            return "scripted";
        }

        @Override
        public int channelCount() {
            return 1;
        }

        @Override
        public double sampleRateHz() {
            return 20e3;
        }

        @Override
        public void startStreaming(StreamStart start) {
        }

        @Override
        public void receive(RxBuffer buffer, long timeoutNanos) {
            Chunk c = script.poll();
            if (c == null) {
                buffer.set(0, 0, 0, RxStatus.END_OF_STREAM, "script done");
                return;
            }
            int n = Math.min(c.count, buffer.capacity());
            if (n < c.count) {
                script.push(new Chunk(c.first + n, c.count - n, RxStatus.OK));
            }
            for (int i = 0; i < n; i++) {
                buffer.channel(0)[2 * i] = c.first + i;
                buffer.channel(0)[2 * i + 1] = -(c.first + i);
            }
            buffer.set(n, c.first, (long) (c.first * 1e9 / 20e3), c.status, c.status == RxStatus.OK ? "" : "fault");
        }

        @Override
        public void stopStreaming() {
        }

        @Override
        public void transmit(TxBurst burst, long timeoutNanos) {
        }

        double frequencyHz = 1e9;
        double gainDb;

        @Override
        public void setRxFrequency(double hz, int channel, CommandTime when) {
            frequencyHz = hz;
        }

        @Override
        public double rxFrequencyHz(int channel) {
            return frequencyHz;
        }

        @Override
        public void setRxGain(double g, int channel, CommandTime when) {
            gainDb = g;
        }

        @Override
        public double rxGainDb(int channel) {
            return gainDb;
        }

        @Override
        public long deviceTimeNanos() {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    private static long rawIndexOf(int element, long elementSample) {
        long c = elementSample / DWELL;
        int k = (int) (elementSample % DWELL);
        int slot = 0;
        while (ORDER[slot] != element) {
            slot++;
        }
        return c * CYCLE + (long) slot * (DWELL + SETTLING) + SETTLING + k;
    }

    private static SwitchedArray array(ScriptedRadio radio) {
        return new SwitchedArray(radio, ELEMENTS, new SwitchedArrayConfig(DWELL, SETTLING, ORDER),
                20e3 * DWELL / CYCLE);
    }

    @Test
    void consecutiveDwellBlocksLandInTheirElementsAndSettlingSamplesAreDropped() {
        ScriptedRadio radio = new ScriptedRadio();
        long r = 0;
        for (int size : new int[] {7, 1, 13, 40, 3, 19, 60, 23}) {    // chunks that cut cycles anywhere
            radio.script.add(new ScriptedRadio.Chunk(r, size, RxStatus.OK));
            r += size;
        }
        SwitchedArray sw = array(radio);
        sw.startStreaming(StreamStart.NOW);
        RxBuffer out = new RxBuffer(ELEMENTS, 2 * DWELL);
        long expectedIndex = 0;
        long completeCycles = r / CYCLE;
        while (true) {
            sw.receive(out, 1_000_000);
            if (out.samples() == 0) {
                assertEquals(RxStatus.END_OF_STREAM, out.status());
                break;
            }
            assertEquals(expectedIndex, out.firstSampleIndex(), "element sample indices are contiguous");
            assertEquals(0, out.samples() % DWELL, "only whole cycles are delivered");
            for (int e = 0; e < ELEMENTS; e++) {
                for (int i = 0; i < out.samples(); i++) {
                    long raw = rawIndexOf(e, out.firstSampleIndex() + i);
                    assertEquals(raw, out.channel(e)[2 * i], "element " + e + " sample " + (out.firstSampleIndex() + i));
                    assertEquals(-raw, out.channel(e)[2 * i + 1]);
                }
            }
            assertEquals((long) (out.firstSampleIndex() / DWELL * CYCLE * 1e9 / 20e3), out.timeNanos(), 1.0,
                    "time of the cycle's first raw sample");
            expectedIndex += out.samples();
        }
        assertEquals(completeCycles * DWELL, expectedIndex);
        assertEquals(0, sw.droppedCycles(), "no gap: the trailing partial cycle is held, never delivered");
    }

    @Test
    void aGapInTheRadioStreamDropsTheCutCycleAndTheElementIndexJumps() {
        ScriptedRadio radio = new ScriptedRadio();
        radio.script.add(new ScriptedRadio.Chunk(0, CYCLE + 5, RxStatus.OK));            // cycle 0 + part of 1
        radio.script.add(new ScriptedRadio.Chunk(0, 0, RxStatus.OVERFLOW));              // samples lost
        radio.script.add(new ScriptedRadio.Chunk(3 * CYCLE + 7, 3 * CYCLE, RxStatus.OK)); // resumes inside cycle 3
        SwitchedArray sw = array(radio);
        sw.startStreaming(StreamStart.NOW);
        RxBuffer out = new RxBuffer(ELEMENTS, 10 * DWELL);
        sw.receive(out, 1_000_000);
        assertEquals(DWELL, out.samples());
        assertEquals(0, out.firstSampleIndex());
        sw.receive(out, 1_000_000);
        assertEquals(0, out.samples());
        assertEquals(RxStatus.OVERFLOW, out.status(), "the radio's fault is passed on as data");
        sw.receive(out, 1_000_000);
        assertEquals(4 * DWELL, out.firstSampleIndex(), "cycles 1-3 are missing: the index jumps to cycle 4");
        assertEquals(2 * DWELL, out.samples(), "cycles 4 and 5 are whole");
        assertEquals(rawIndexOf(ORDER[0], 4 * DWELL), out.channel(ORDER[0])[0]);
        assertEquals(1, sw.droppedCycles(), "cycle 1 was cut by the overflow");
    }

    @Test
    void aTimeoutWithNothingReceivedIsReportedAsData() {
        ScriptedRadio radio = new ScriptedRadio();
        radio.script.add(new ScriptedRadio.Chunk(0, 0, RxStatus.TIMEOUT));
        SwitchedArray sw = array(radio);
        sw.startStreaming(StreamStart.NOW);
        RxBuffer out = new RxBuffer(ELEMENTS, DWELL);
        sw.receive(out, 1_000_000);
        assertEquals(0, out.samples());
        assertEquals(RxStatus.TIMEOUT, out.status());
    }

    @Test
    void aRadioWithMoreThanOneChannelCannotSitBehindASwitch() {
        RadioDevice two = new ScriptedRadio() {
            @Override
            public int channelCount() {
                return 2;
            }
        };
        DeviceException e = assertThrows(DeviceException.class, () -> new SwitchedArray(two, ELEMENTS,
                new SwitchedArrayConfig(DWELL, SETTLING, ORDER), 1e3));
        assertEquals("scripted streams 2 channels; a switched array needs exactly one RF chain", e.getMessage());
    }
}
