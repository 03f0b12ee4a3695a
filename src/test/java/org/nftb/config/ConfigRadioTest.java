package org.nftb.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nftb.config.ConfigLoaderTest.defaultYaml;
import org.nftb.run.Configs;

/** The {@code radio:} section of a simulated array. */
class ConfigRadioTest {
    private static final String TX_LIMITS = "  txLimits:\n    frequencyRanges: [[27.5 GHz, 28.5 GHz]]\n"
            + "    maxGain: 30 dB\n    maxSampleRate: 1 MHz\n";

    @Test
    void aConfigurationWithoutTxLimitsIsReceiveOnly() throws Exception {
        String yaml = defaultYaml();
        assertTrue(yaml.contains(TX_LIMITS), "the default configuration changed; update this test");
        RunConfig c = Configs.parse("test.yaml", yaml.replace(TX_LIMITS, ""));
        TxLimits limits = c.radio().txLimits();
        assertFalse(limits.enabled());
        assertFalse(limits.allowsFrequency(c.carrierFrequencyHz()), "nothing may be transmitted, not even on the carrier");
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
    }

    @Test
    void txLimitsAreReadWithTheirUnits() throws Exception {
        TxLimits limits = Configs.parse("test.yaml", defaultYaml()).radio().txLimits();
        assertTrue(limits.enabled());
        assertEquals(1, limits.frequencyRangesHz().size());
        assertEquals(27.5e9, limits.frequencyRangesHz().get(0)[0]);
        assertEquals(28.5e9, limits.frequencyRangesHz().get(0)[1]);
        assertEquals(30, limits.maxGainDb());
        assertEquals(1e6, limits.maxSampleRateHz());
    }
}
