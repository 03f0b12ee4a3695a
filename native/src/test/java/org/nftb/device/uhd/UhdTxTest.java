package org.nftb.device.uhd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.device.TxBurst;
import org.nftb.device.TxRefusedException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TX through libuhd into the simulator's file sink, and the interlock in front of it. */
class UhdTxTest {
    private static final int SAMPLES = 20_000;

    /**
     * A waveform whose fc32 values are {@code (k + 0.25·sign k) / 32767} for a known sc16 sequence k: libuhd's
     * fc32 → sc16 conversion brings these back to exactly k (plain k/32767 is truncated 1 LSB low in libuhd's
     * scalar tail path; see src/test/uhd-sim/README.md).
     */
    private static float[] waveform(short[] k) {
        float[] x = new float[k.length];
        for (int i = 0; i < k.length; i++) {
            x[i] = (float) ((k[i] + 0.25 * Math.signum(k[i])) / 32767.0);
        }
        return x;
    }

    @Test
    void aBurstReachesTheSimulatorsSinkSampleExact(@TempDir Path dir) throws Exception {
        short[] k = SimConfigs.randomSc16(dir.resolve("ref.sc16"), SAMPLES, 7);
        Path sink = dir.resolve("tx.sc16");
        try (UhdSimulator sim = UhdSimulator.start(dir.resolve("sim"), null, sink);
             UhdRadio radio = new UhdRadio(SimConfigs.e320(sim.deviceArgs(), 1e6))) {
            radio.transmit(new TxBurst(new float[][] {waveform(k)}, 5.8e9, 10, 1e6, -1), 2_000_000_000L);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Files.size(sink) < 4L * SAMPLES && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(300);   // anything extra (e.g. a zero EOB sample) would arrive now
            byte[] got = Files.readAllBytes(sink);
            assertEquals(4 * SAMPLES, got.length, "exactly the burst: end-of-burst rides on the last data packet");
            ByteBuffer b = ByteBuffer.wrap(got).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < k.length; i++) {
                assertEquals(k[i], b.getShort(), "sink value " + i);
            }
            System.out.printf("TX: %d samples sample-exact at the sink; async: %d acks, %d missing acks, "
                            + "%d underflows, %d sequence errors%n", SAMPLES,
                    radio.txEvents(UhdRadio.TxEvent.BURST_ACK), radio.txEvents(UhdRadio.TxEvent.ACK_MISSING),
                    radio.txEvents(UhdRadio.TxEvent.UNDERFLOW), radio.txEvents(UhdRadio.TxEvent.SEQUENCE_ERROR));
        }
    }

    @Test
    void theInterlockRefusesOutOfLimitFrequencyGainAndRateAndNothingIsSent(@TempDir Path dir) throws Exception {
        Path sink = dir.resolve("tx.sc16");
        float[][] wave = {new float[2000]};
        java.util.Arrays.fill(wave[0], 0.5f);
        try (UhdSimulator sim = UhdSimulator.start(dir.resolve("sim"), null, sink);
             UhdRadio radio = new UhdRadio(SimConfigs.e320(sim.deviceArgs(), 1e6))) {
            // e320-sim.yaml: frequencyRanges [[5.725 GHz, 5.875 GHz]], maxGain 40 dB, maxSampleRate 2 MHz
            TxRefusedException f = assertThrows(TxRefusedException.class,
                    () -> radio.transmit(new TxBurst(wave, 2.4e9, 10, 1e6, -1), 1_000_000_000L));
            assertTrue(f.getMessage().contains("2.400000 GHz is outside radio.txLimits.frequencyRanges"), f.getMessage());
            TxRefusedException g = assertThrows(TxRefusedException.class,
                    () -> radio.transmit(new TxBurst(wave, 5.8e9, 55, 1e6, -1), 1_000_000_000L));
            assertTrue(g.getMessage().contains("gain 55.0 dB exceeds radio.txLimits.maxGain 40.0 dB"), g.getMessage());
            TxRefusedException r = assertThrows(TxRefusedException.class,
                    () -> radio.transmit(new TxBurst(wave, 5.8e9, 10, 10e6, -1), 1_000_000_000L));
            assertTrue(r.getMessage().contains("exceeds radio.txLimits.maxSampleRate"), r.getMessage());
            Thread.sleep(1000);
            assertEquals(0, Files.size(sink), "nothing reached the simulator");
            for (UhdRadio.TxEvent e : UhdRadio.TxEvent.values()) {
                assertEquals(0, radio.txEvents(e), "no TX happened: " + e);
            }
        }
    }

    /**
     * Timed bursts (the pipeline's per-CPI illumination, queued a lead ahead): each transmit returns once its
     * samples are handed to libuhd, without waiting for the burst's ack, and every burst reaches the sink sample-exact
     * and in order. The simulator's clock stays at 0, so the bursts are stamped 1 s ahead: a transmit that waited
     * for its ack would wait that second or its timeout (counted as ACK_MISSING).
     */
    @Test
    void timedBurstsReturnWithoutWaitingForTheirAckAndReachTheSinkInOrder(@TempDir Path dir) throws Exception {
        short[] k = SimConfigs.randomSc16(dir.resolve("ref.sc16"), SAMPLES, 8);
        Path sink = dir.resolve("tx.sc16");
        int bursts = 3;
        int each = SAMPLES / bursts;
        try (UhdSimulator sim = UhdSimulator.start(dir.resolve("sim"), null, sink);
             UhdRadio radio = new UhdRadio(SimConfigs.e320(sim.deviceArgs(), 1e6))) {
            float[] all = waveform(k);
            long t0 = radio.deviceTimeNanos() + 1_000_000_000L;
            for (int b = 0; b < bursts; b++) {
                float[] part = java.util.Arrays.copyOfRange(all, 2 * b * each, 2 * (b + 1) * each);
                radio.transmit(new TxBurst(new float[][] {part}, 5.8e9, 10, 1e6, t0 + b * each * 1000L),
                        2_000_000_000L);
            }
            assertEquals(0, radio.txEvents(UhdRadio.TxEvent.ACK_MISSING), "no transmit waited for an ack");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Files.size(sink) < 4L * bursts * each && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(300);
            byte[] got = Files.readAllBytes(sink);
            assertEquals(4 * bursts * each, got.length, "exactly the three bursts");
            ByteBuffer b = ByteBuffer.wrap(got).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 2 * bursts * each; i++) {
                assertEquals(k[i], b.getShort(), "sink value " + i);
            }
        }
    }
}
