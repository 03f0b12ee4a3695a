package org.nftb.device;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract every {@link RadioDevice} keeps (DESIGN: one abstract contract test run against every device).
 * Subclasses supply a fresh, opened device and a burst that is outside the configured TX limits.
 */
public abstract class RadioDeviceContract {

    /** A fresh device, not yet streaming. */
    protected abstract RadioDevice open();

    /** A burst that violates the device's configured TX limits. */
    protected abstract TxBurst forbiddenBurst();

    @Test
    void receivingBeforeStartIsAClearError() {
        try (RadioDevice d = open()) {
            RxBuffer b = new RxBuffer(d.channelCount(), 16);
            DeviceException e = assertThrows(DeviceException.class, () -> d.receive(b, 1_000_000_000L));
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        }
    }

    @Test
    void sampleIndicesAdvanceWithoutGapsAndTimesWithTheSampleRate() {
        try (RadioDevice d = open()) {
            RxBuffer b = new RxBuffer(d.channelCount(), 16);
            d.startStreaming(StreamStart.NOW);
            long next = -1;
            long firstTime = 0;
            long firstIndex = 0;
            for (int i = 0; i < 8; i++) {
                d.receive(b, 5_000_000_000L);
                if (b.status() == RxStatus.TIMEOUT) {
                    continue;
                }
                assertEquals(RxStatus.OK, b.status(), b.detail());
                if (next < 0) {
                    firstTime = b.timeNanos();
                    firstIndex = b.firstSampleIndex();
                } else {
                    assertEquals(next, b.firstSampleIndex());
                    double expected = firstTime + (b.firstSampleIndex() - firstIndex) * 1e9 / d.sampleRateHz();
                    assertEquals(expected, b.timeNanos(), 1e3);
                }
                next = b.firstSampleIndex() + b.samples();
            }
            assertTrue(next > 0, "no samples arrived");
            d.stopStreaming();
        }
    }

    @Test
    void aBurstOutsideTheLimitsIsRefusedAndNothingIsSent() {
        try (RadioDevice d = open()) {
            assertThrows(TxRefusedException.class, () -> d.transmit(forbiddenBurst(), 1_000_000_000L));
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseIsAClearError() {
        RadioDevice d = open();
        d.close();
        d.close();
        RxBuffer b = new RxBuffer(d.channelCount(), 4);
        assertThrows(DeviceException.class, () -> d.startStreaming(StreamStart.NOW));
        assertThrows(DeviceException.class, () -> d.receive(b, 1000));
    }
}
