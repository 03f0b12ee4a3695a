package org.nftb.device.uhd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;
import org.nftb.device.StreamStart;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Known IQ in, identical samples out: our Java code → JavaCPP → the real libuhd → CHDR over UDP on loopback →
 * UHD's simulated E320 reading a file. Documented scaling: libuhd converts the wire's sc16 value k to fc32 as
 * exactly {@code float(k) * float(1/32767)}.
 */
class UhdRxRoundTripTest {
    private static final int SAMPLES = 300_000;

    @Test
    void everySampleOfAKnownFileArrivesExactlyWithContiguousIndicesAndTimes(@TempDir Path dir) throws Exception {
        short[] sent = SimConfigs.randomSc16(dir.resolve("rx.sc16"), SAMPLES, 42);
        try (UhdSimulator sim = UhdSimulator.start(dir.resolve("sim"), dir.resolve("rx.sc16"), null);
             UhdRadio radio = new UhdRadio(SimConfigs.e320(sim.deviceArgs(), 1e6))) {
            assertEquals(1, radio.channelCount());
            assertEquals(1e6, radio.sampleRateHz());
            RxBuffer buf = new RxBuffer(1, 5000);
            radio.startStreaming(StreamStart.NOW);
            long got = 0;
            long firstTime = Long.MIN_VALUE;
            float scale = 1f / 32767f;
            int timeouts = 0;
            while (got < SAMPLES && timeouts < 5) {
                radio.receive(buf, 1_000_000_000L);
                if (buf.samples() == 0) {
                    assertEquals(RxStatus.TIMEOUT, buf.status());
                    timeouts++;
                    continue;
                }
                assertEquals(RxStatus.OK, buf.status(), buf.detail());
                assertEquals(got, buf.firstSampleIndex(), "sample indices are contiguous and start at 0");
                if (firstTime == Long.MIN_VALUE) {
                    firstTime = buf.timeNanos();
                }
                assertEquals(firstTime + Math.round(got * 1e3), buf.timeNanos(), 1.0,
                        "time advances by 1 us per sample at 1 MS/s");
                int n = (int) Math.min(buf.samples(), SAMPLES - got);
                float[] ch = buf.channel(0);
                for (int i = 0; i < 2 * n; i++) {
                    long k = 2 * got + i;
                    if (ch[i] != (float) sent[(int) k] * scale) {
                        throw new AssertionError("sample " + (k / 2) + (k % 2 == 0 ? " re" : " im") + ": got "
                                + ch[i] + ", sent sc16 " + sent[(int) k]);
                    }
                }
                got += buf.samples();
            }
            assertTrue(got >= SAMPLES, "received " + got + " of " + SAMPLES);
            radio.stopStreaming();
            UhdRadio.RxCost cost = radio.rxCost();
            System.out.printf("RX round trip: %d samples sample-exact; copy into RxBuffer %.2f ns/sample, "
                            + "recv %.1f ns/sample (waiting on the simulator included)%n", got,
                    cost.copyNanos() / (double) cost.samples(), cost.recvNanos() / (double) cost.samples());
        }
    }
}
