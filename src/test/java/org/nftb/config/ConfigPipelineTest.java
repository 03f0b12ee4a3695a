package org.nftb.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nftb.config.ConfigLoaderTest.defaultYaml;
import static org.nftb.config.ConfigLoaderTest.fails;
import org.nftb.run.Configs;

/** The {@code pipeline:} section: {@code workers}, {@code ringMode} and {@code transmitLead}. */
class ConfigPipelineTest {

    private static String withPipeline(String section) throws Exception {
        return defaultYaml() + "pipeline: {" + section + "}\n";
    }

    private static PipelineConfig pipeline(String section) throws Exception {
        return Configs.parse("test.yaml", withPipeline(section)).pipeline();
    }

    @Test
    void workersFromOneTo256AreTakenAsWritten() throws Exception {
        assertEquals(1, pipeline("workers: 1").workers());
        assertEquals(3, pipeline("workers: 3").workers());
        assertEquals(256, pipeline("workers: 256").workers());
    }

    @Test
    void workersOutsideOneTo256AreRefusedNamingTheField() throws Exception {
        for (String n : new String[] {"0", "-1", "257"}) {
            ConfigException e = fails(withPipeline("workers: " + n));
            assertEquals("pipeline.workers", e.field(), e.getMessage());
            assertTrue(e.getMessage().contains("must be 1..256 processing threads, got " + n), e.getMessage());
        }
    }

    @Test
    void workersMustBeAWholeNumber() throws Exception {
        ConfigException e = fails(withPipeline("workers: 2.5"));
        assertEquals("pipeline.workers", e.field(), e.getMessage());
        assertTrue(e.getMessage().contains("expected a whole number"), e.getMessage());
    }

    @Test
    void ringModeIsLiveUnlessTheConfigurationSaysLossless() throws Exception {
        assertEquals(PipelineConfig.RingMode.LIVE, Configs.parse("test.yaml", defaultYaml()).pipeline().ringMode());
        assertEquals(PipelineConfig.RingMode.LIVE, pipeline("ringMode: live").ringMode());
        assertEquals(PipelineConfig.RingMode.LOSSLESS, pipeline("ringMode: lossless").ringMode());
    }

    @Test
    void anUnknownRingModeIsRefusedListingTheAllowedOnes() throws Exception {
        ConfigException e = fails(withPipeline("ringMode: drop"));
        assertEquals("pipeline.ringMode", e.field(), e.getMessage());
        assertEquals("test.yaml: pipeline.ringMode: unknown value 'drop'; allowed: live, lossless", e.getMessage());
    }

    @Test
    void theTransmitLeadIs50MsUnlessGivenAndMustLieBetween1MsAnd10S() throws Exception {
        assertEquals(50_000_000L, Configs.parse("test.yaml", defaultYaml()).pipeline().transmitLeadNanos());
        assertEquals(200_000_000L, pipeline("transmitLead: 200 ms").transmitLeadNanos());
        for (String bad : new String[] {"0.5 ms", "11 s"}) {
            ConfigException e = fails(withPipeline("transmitLead: " + bad));
            assertEquals("pipeline.transmitLead", e.field(), e.getMessage());
            assertTrue(e.getMessage().contains("must be between 0.00100000 and 10.0000 s (the transmit lead)"), e.getMessage());
        }
        ConfigException e = fails(withPipeline("transmitLead: 5 furlongs"));
        assertEquals("pipeline.transmitLead", e.field(), e.getMessage());
    }
}
