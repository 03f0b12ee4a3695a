package org.nftb.device;

import org.junit.jupiter.api.Test;
import org.nftb.config.TxLimits;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TxInterlockTest {
    static final TxLimits LIMITS = new TxLimits(List.<double[]>of(new double[] {27.5e9, 28.5e9}), 30, 1e6);

    static TxBurst burst(double hz, double gainDb, double rateHz) {
        return new TxBurst(new float[][] {{0.5f, -0.5f}}, hz, gainDb, rateHz, -1);
    }

    @Test
    void aReceiveOnlyConfigurationRefusesEveryBurstAndSaysWhy() {
        TxInterlock lock = new TxInterlock(TxLimits.DISABLED, "hw-config/rx-only.yaml");
        assertFalse(TxLimits.DISABLED.enabled());
        TxRefusedException e = assertThrows(TxRefusedException.class, () -> lock.check(burst(28e9, 0, 1e5)));
        assertTrue(e.getMessage().contains("disabled") && e.getMessage().contains("hw-config/rx-only.yaml")
                && e.getMessage().contains("radio.txLimits"), e.getMessage());
        assertTrue(TxLimits.DISABLED.describe().startsWith("disabled"));
    }

    @Test
    void aBurstInsideEveryLimitPassesAndOneOutsideAnyLimitIsRefused() {
        TxInterlock lock = new TxInterlock(LIMITS, "t.yaml");
        assertDoesNotThrow(() -> lock.check(burst(28e9, 30, 1e6)));
        assertThrows(TxRefusedException.class, () -> lock.check(burst(2.4e9, 0, 1e5)));
        assertThrows(TxRefusedException.class, () -> lock.check(burst(28e9, 30.1, 1e5)));
        assertThrows(TxRefusedException.class, () -> lock.check(burst(28e9, 0, 1.1e6)));
        assertThrows(TxRefusedException.class, () -> lock.check(burst(Double.NaN, 0, 1e5)));
        TxBurst nan = new TxBurst(new float[][] {{Float.NaN, 0}}, 28e9, 0, 1e5, -1);
        assertThrows(TxRefusedException.class, () -> lock.check(nan));
        assertTrue(LIMITS.describe().contains("[27.500000, 28.500000] GHz"), LIMITS.describe());
    }

    @Test
    void aSampleAboveTheAmplitudeLimitIsRefusedNamingChannelAndSample() {
        TxLimits lim = new TxLimits(List.<double[]>of(new double[] {27.5e9, 28.5e9}), 30, 1e6, 0.8);
        TxInterlock lock = new TxInterlock(lim, "t.yaml");
        assertDoesNotThrow(() -> lock.check(new TxBurst(new float[][] {{0.5f, 0.5f}, {0.79f, 0f}}, 28e9, 0, 1e5, -1)));
        TxRefusedException e = assertThrows(TxRefusedException.class, () -> lock.check(
                new TxBurst(new float[][] {{0.5f, 0.5f}, {0.1f, 0f, 0.6f, 0.6f}}, 28e9, 0, 1e5, -1)));
        assertTrue(e.getMessage().contains("sample 1 of channel 1") && e.getMessage().contains("maxAmplitude 0.8000"),
                e.getMessage());
        assertTrue(lim.describe().contains("|sample| <= 0.800"), lim.describe());
    }
}
