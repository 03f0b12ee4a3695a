package org.nftb.device.uhd;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.config.RunConfig;
import org.nftb.device.CommandTime;
import org.nftb.device.DeviceException;
import org.nftb.device.RadioDevice;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;
import org.nftb.device.StreamStart;
import org.nftb.device.TxBurst;
import org.nftb.device.uhd.capi.UhdException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RX frequency, gain and device time of a running UhdRadio against UHD's simulated E320 (one RX chain, 70 MHz to
 * 6 GHz and 0 to 76 dB as its AD9361 reports them). What the simulator cannot show is listed in docs/uhd.md.
 */
class UhdRxTuningTest {
    private static final long SECOND = 1_000_000_000L;

    /** A thread that receives until stopped, counting OK buffers; fails the test with what it caught. */
    private static final class Receiver implements AutoCloseable {
        final AtomicLong okBuffers = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final CountDownLatch first = new CountDownLatch(1);
        private volatile boolean stop;
        private volatile CountDownLatch more = new CountDownLatch(0);
        private final Thread thread;

        Receiver(RadioDevice radio) {
            thread = new Thread(() -> {
                RxBuffer buf = new RxBuffer(radio.channelCount(), 2000);
                try {
                    while (!stop) {
                        radio.receive(buf, SECOND / 2);
                        if (buf.samples() > 0 && buf.status() == RxStatus.OK) {
                            okBuffers.incrementAndGet();
                            first.countDown();
                            more.countDown();
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "test-receiver");
            thread.start();
        }

        /** Waits until {@code n} more OK buffers arrived after this call. */
        boolean awaitMore(int n) throws InterruptedException {
            CountDownLatch l = new CountDownLatch(n);
            more = l;
            return l.await(20, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(5_000);
        }
    }

    @Test
    void gainAndFrequencyChangeOnARunningDeviceNowAndTimedAndReadBackAsApplied(@TempDir Path dir) throws Exception {
        Path rx = dir.resolve("rx.sc16");
        SimConfigs.randomSc16(rx, 200_000, 5);
        Path sink = dir.resolve("tx.sc16");
        try (UhdSimulator sim = UhdSimulator.start(dir.resolve("sim"), rx, sink, "--rx-repeat");
             UhdRadio radio = new UhdRadio(SimConfigs.e320(sim.deviceArgs(), 1e6))) {
            // what the open applied from e320-sim.yaml (gain 30 dB, frequency = carrier 5.8 GHz)
            assertEquals(30.0, radio.rxGainDb(0), 1e-9);
            assertEquals(5.8e9, radio.rxFrequencyHz(0), 1.0);

            radio.startStreaming(StreamStart.NOW);
            try (Receiver receiver = new Receiver(radio)) {
                assertTrue(receiver.first.await(20, TimeUnit.SECONDS), "samples flow before the retune");

                radio.setRxGain(42, 0, CommandTime.NOW);
                assertEquals(42.0, radio.rxGainDb(0), 1e-9);
                radio.setRxFrequency(5.75e9, RadioDevice.ALL_CHANNELS, CommandTime.NOW);
                double now = radio.rxFrequencyHz(RadioDevice.ALL_CHANNELS);
                assertEquals(5.75e9, now, 1e3, "applied frequency, read back with uhd_usrp_get_rx_freq");

                CommandTime at = CommandTime.at(radio.deviceTimeNanos() + SECOND / 10);
                radio.setRxGain(20, RadioDevice.ALL_CHANNELS, at);
                radio.setRxFrequency(5.85e9, 0, at);
                assertEquals(20.0, radio.rxGainDb(0), 1e-9);
                assertEquals(5.85e9, radio.rxFrequencyHz(0), 1e3);

                assertTrue(receiver.awaitMore(20), "the stream keeps delivering after the retunes");
                assertNull(receiver.failure.get(), () -> "receive failed: " + receiver.failure.get());
                System.out.printf("retune on a running E320 sim: gain 42 dB then 20 dB (timed), frequency %.3f MHz "
                                + "then %.3f MHz (timed); %d OK buffers received meanwhile%n", now / 1e6,
                        radio.rxFrequencyHz(0) / 1e6, receiver.okBuffers.get());
            }

            // the RX retune made TX forget its applied settings: the next burst is set up and re-checked, and goes out
            radio.transmit(new TxBurst(new float[][] {new float[2 * 1000]}, 5.8e9, 10, 1e6, -1), SECOND);
            long deadline = System.nanoTime() + 10 * SECOND;
            while (Files.size(sink) < 4000 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(4000, Files.size(sink), "the burst after an RX retune reached the sink");
        }
    }

    @Test
    void anOutOfRangeFrequencyOrGainIsRefusedNamingTheDeviceAndTheRangeAndNothingChanges(@TempDir Path dir)
            throws Exception {
        Path rx = dir.resolve("rx.sc16");
        SimConfigs.randomSc16(rx, 10_000, 6);
        try (UhdSimulator sim = UhdSimulator.start(dir.resolve("sim"), rx, null);
             UhdRadio radio = new UhdRadio(SimConfigs.e320(sim.deviceArgs(), 1e6))) {
            double f0 = radio.rxFrequencyHz(0);
            double g0 = radio.rxGainDb(0);

            DeviceException f = assertThrows(DeviceException.class,
                    () -> radio.setRxFrequency(7e9, 0, CommandTime.NOW));
            assertTrue(f.getMessage().contains(sim.deviceArgs()), f.getMessage());
            assertTrue(f.getMessage().contains("cannot tune to 7.000000 GHz: the device's range is 0.070000 GHz to "
                    + "6.000000 GHz"), f.getMessage());
            assertEquals(f0, radio.rxFrequencyHz(0), "libuhd would have coerced 7 GHz to 6 GHz; nothing was applied");

            DeviceException g = assertThrows(DeviceException.class,
                    () -> radio.setRxGain(99, RadioDevice.ALL_CHANNELS, CommandTime.NOW));
            assertTrue(g.getMessage().contains("cannot set gain 99.00 dB: the device's range is 0.00 to 76.00 dB"),
                    g.getMessage());
            assertEquals(g0, radio.rxGainDb(0));

            DeviceException c = assertThrows(DeviceException.class,
                    () -> radio.setRxGain(10, 1, CommandTime.NOW));
            assertTrue(c.getMessage().contains("has RX channels 0..0"), c.getMessage());
            assertThrows(DeviceException.class, () -> radio.setRxFrequency(Double.NaN, 0, CommandTime.NOW));
            System.out.println("out of range: " + f.getMessage() + " | " + g.getMessage());
        }
    }

    /**
     * Device time runs with real time: two reads of {@code deviceTimeNanos} differ by the host time between them,
     * bracketed by the host clock read just outside and just inside the two calls (so the RPC latency of a loaded
     * machine does not enter), within 1 ms. The simulator's timekeeper counts on the host's monotonic clock at the
     * tick period libuhd programs (src/test/uhd-sim compat patch 12); libuhd converts its ticks to time.
     */
    @Test
    void deviceTimeNanosAdvancesWithTheDeviceClock(@TempDir Path dir) throws Exception {
        Path rx = dir.resolve("rx.sc16");
        SimConfigs.randomSc16(rx, 10_000, 7);
        try (UhdSimulator sim = UhdSimulator.start(dir.resolve("sim"), rx, null, "--rx-repeat");
             UhdRadio radio = new UhdRadio(SimConfigs.e320(sim.deviceArgs(), 1e6))) {
            long before0 = System.nanoTime();
            long t0 = radio.deviceTimeNanos();
            long after0 = System.nanoTime();
            RxBuffer buf = new RxBuffer(1, 1000);
            radio.startStreaming(StreamStart.NOW);
            for (int i = 0; i < 200; i++) {
                radio.receive(buf, SECOND);         // the device's own time passes meanwhile
            }
            long before1 = System.nanoTime();
            long t1 = radio.deviceTimeNanos();
            long after1 = System.nanoTime();
            System.out.printf("device time: %d ns, then %d ns: %.6f s later, host %.6f to %.6f s%n", t0, t1,
                    (t1 - t0) / 1e9, (before1 - after0) / 1e9, (after1 - before0) / 1e9);
            assertTrue(t1 - t0 >= before1 - after0 - SECOND / 1000, "device time ran at least as long as the host "
                    + "time between the calls");
            assertTrue(t1 - t0 <= after1 - before0 + SECOND / 1000, "device time ran at most as long as the host "
                    + "time around the calls");
        }
    }

    @Test
    void whenTheDeviceIsGoneDeviceTimeAndTuningFailWithLibuhdsErrorAsTheCause(@TempDir Path dir) throws Exception {
        Path rx = dir.resolve("rx.sc16");
        SimConfigs.randomSc16(rx, 10_000, 8);
        try (UhdSimulator sim = UhdSimulator.start(dir.resolve("sim"), rx, null);
             UhdRadio radio = new UhdRadio(SimConfigs.e320(sim.deviceArgs(), 1e6))) {
            radio.deviceTimeNanos();
            sim.kill();
            DeviceException t = assertThrows(DeviceException.class, radio::deviceTimeNanos);
            assertTrue(t.getMessage().contains("cannot read the device time of " + sim.deviceArgs()), t.getMessage());
            assertInstanceOf(UhdException.class, t.getCause(), "libuhd's error is kept as the cause");
            DeviceException g = assertThrows(DeviceException.class,
                    () -> radio.setRxGain(10, 0, CommandTime.NOW));
            assertInstanceOf(UhdException.class, g.getCause(), g.getMessage());
            System.out.println("device gone: " + t.getMessage() + " | " + g.getMessage());
        }
    }

    /**
     * Channel mapping: RadioDevice channel = element, mapped through radio.uhd.channels. The config lists the
     * multi-USRP channels against element order (element 0 on channel 2 of the second E320), so a mapping by list
     * position or by index would show. Needs root (network namespaces), as UhdTwoDeviceTest.
     */
    @Test
    void eachElementTunesTheMultiUsrpChannelItIsMappedTo(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        short[] a = SimConfigs.randomSc16(dir.resolve("rx0.sc16"), 20_000, 12);
        short[] b = SimConfigs.randomSc16(dir.resolve("rx1.sc16"), 20_000, 13);
        try (UhdSimulator s0 = UhdSimulator.inNamespace(0, dir.resolve("w0"), dir.resolve("rx0.sc16"), "NFTBS0");
             UhdSimulator s1 = UhdSimulator.inNamespace(1, dir.resolve("w1"), dir.resolve("rx1.sc16"), "NFTBS1")) {
            RunConfig cfg = SimConfigs.twoE320("two-e320-crossed.yaml", s0.address(), s1.address(), 1, 20, 25);
            try (UhdRadio radio = new UhdRadio(cfg)) {
                // element 0 is the second device's channel (multi-USRP channel 2): its samples and its 25 dB
                RxBuffer buf = new RxBuffer(2, 1000);
                radio.startStreaming(StreamStart.NOW);
                do {
                    radio.receive(buf, 2 * SECOND);
                } while (buf.samples() == 0);
                float scale = 1f / 32767f;
                for (int i = 0; i < 2 * buf.samples(); i++) {
                    assertEquals(b[i] * scale, buf.channel(0)[i], "element 0 streams device 1");
                    assertEquals(a[i] * scale, buf.channel(1)[i], "element 1 streams device 0");
                }
                assertEquals(25.0, radio.rxGainDb(0), 1e-9);
                assertEquals(20.0, radio.rxGainDb(1), 1e-9);

                radio.setRxFrequency(2.45e9, 0, CommandTime.NOW);
                assertEquals(2.45e9, radio.rxFrequencyHz(0), 1e3);
                assertEquals(2.4e9, radio.rxFrequencyHz(1), 1e3, "element 1 untouched");
                DeviceException differ = assertThrows(DeviceException.class,
                        () -> radio.rxFrequencyHz(RadioDevice.ALL_CHANNELS));
                assertTrue(differ.getMessage().contains("differ by channel"), differ.getMessage());
                DeviceException range = assertThrows(DeviceException.class,
                        () -> radio.setRxFrequency(10e9, 0, CommandTime.NOW));
                assertTrue(range.getMessage().contains("RX channel 2 (element 0)"), range.getMessage());

                radio.setRxGain(30, RadioDevice.ALL_CHANNELS, CommandTime.at(radio.deviceTimeNanos() + SECOND));
                assertEquals(30.0, radio.rxGainDb(RadioDevice.ALL_CHANNELS), 1e-9);
                System.out.printf("crossed mapping: element 0 -> channel 2 at %.1f MHz, element 1 -> channel 0 at "
                        + "%.1f MHz; gains %s dB%n", radio.rxFrequencyHz(0) / 1e6, radio.rxFrequencyHz(1) / 1e6,
                        radio.rxGainDb(RadioDevice.ALL_CHANNELS));
            }
        } finally {
            new ProcessBuilder(UhdSimulator.NETNS.toString(), "down", "all").inheritIO().start().waitFor();
        }
    }
}
