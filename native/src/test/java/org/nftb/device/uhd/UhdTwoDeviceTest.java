package org.nftb.device.uhd;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.config.RunConfig;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;
import org.nftb.device.StreamStart;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two simulated E320s, each in a network namespace of its own (their ports are fixed and bound on all addresses),
 * as one multi-USRP: {@code addr0=10.99.0.2,addr1=10.99.1.2}, channel 0 of each (multi-USRP channels 0 and 2),
 * started with one timed stream command. Needs root (ip netns); skipped otherwise.
 */
class UhdTwoDeviceTest {
    private static final int SAMPLES = 50_000;

    @Test
    void twoDevicesStreamBothChannelsSampleExactFromOneTimedStart(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        short[] a = SimConfigs.randomSc16(dir.resolve("rx0.sc16"), SAMPLES, 10);
        short[] b = SimConfigs.randomSc16(dir.resolve("rx1.sc16"), SAMPLES, 11);
        try (UhdSimulator s0 = UhdSimulator.inNamespace(0, dir.resolve("w0"), dir.resolve("rx0.sc16"), "NFTBS0");
             UhdSimulator s1 = UhdSimulator.inNamespace(1, dir.resolve("w1"), dir.resolve("rx1.sc16"), "NFTBS1")) {
            RunConfig cfg = SimConfigs.twoE320("two-e320.yaml", s0.address(), s1.address(), 0, 20, 20);
            assertEquals(1, cfg.warnings().size(), "two devices without a shared PPS are flagged");
            try (UhdRadio radio = new UhdRadio(cfg)) {
                assertTrue(radio.description().contains(" + "), radio.description());
                RxBuffer buf = new RxBuffer(2, 4000);
                // 2 channels: timed, at device time now + 0.5 s; the simulator's clock runs (since the running
                // timekeeper), so the commanded time lies between now + 0.5 s read before and after the command
                long before = radio.deviceTimeNanos();
                radio.startStreaming(StreamStart.NOW);
                long after = radio.deviceTimeNanos();
                long got = 0;
                long firstTime = Long.MIN_VALUE;
                int timeouts = 0;
                float scale = 1f / 32767f;
                while (got < SAMPLES && timeouts < 5) {
                    radio.receive(buf, 2_000_000_000L);
                    if (buf.samples() == 0) {
                        timeouts++;
                        continue;
                    }
                    assertEquals(RxStatus.OK, buf.status(), buf.detail());
                    assertEquals(got, buf.firstSampleIndex());
                    if (firstTime == Long.MIN_VALUE) {
                        firstTime = buf.timeNanos();
                    }
                    int n = (int) Math.min(buf.samples(), SAMPLES - got);
                    for (int i = 0; i < 2 * n; i++) {
                        int k = (int) (2 * got + i);
                        assertEquals(a[k] * scale, buf.channel(0)[i], "device 0 sample " + k / 2);
                        assertEquals(b[k] * scale, buf.channel(1)[i], "device 1 sample " + k / 2);
                    }
                    got += buf.samples();
                }
                assertTrue(got >= SAMPLES, "received " + got);
                System.out.printf("two devices (%s): %d samples on both channels sample-exact, aligned by one timed "
                        + "start; first sample at device time %.3f s%n", radio.description(), got, firstTime / 1e9);
                assertTrue(firstTime >= before + 500_000_000L && firstTime <= after + 500_000_000L, "first packet "
                        + "carries the commanded start time, device time now + 0.5 s: " + firstTime + " ns, now read "
                        + before + " ns before the command and " + after + " ns after it");
            }
        } finally {
            new ProcessBuilder(UhdSimulator.NETNS.toString(), "down", "all").inheritIO().start().waitFor();
        }
    }
}
