package org.nftb.methods.cvtracker;

import org.junit.jupiter.api.Test;
import org.nftb.config.ConfigException;
import org.nftb.config.RunConfig;
import org.nftb.run.Configs;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code sequential:} section of type cvtracker: units converted, every bad value refused naming its field. */
class CvTrackerConfigTest {

    /** hw-config/seed001-tracked-sim.yaml with its sequential section replaced by {@code section}. */
    static RunConfig parse(String section) throws Exception {
        String yaml = Files.readString(Path.of("hw-config/seed001-tracked-sim.yaml"));
        return Configs.parse("tracked.yaml", yaml.substring(0, yaml.indexOf("sequential:")) + section);
    }

    static ConfigException fails(String keys) {
        return assertThrows(ConfigException.class, () -> parse("sequential:\n  type: cvtracker\n" + keys));
    }

    @Test
    void theShippedConfigurationReadsWithItsUnits() throws Exception {
        RunConfig cfg = Configs.load(Path.of("hw-config/seed001-tracked-sim.yaml"));
        CvTrackerConfig c = (CvTrackerConfig) cfg.sequential();
        assertEquals(1, c.accelerationNoiseM2PerS3());
        assertEquals(0.9999, c.gateProbability());
        assertEquals(250_000_000L, c.maxCoastNanos());
        assertEquals(8, c.maxTracks());
        assertTrue(cfg.warnings().isEmpty(), cfg.warnings().toString());
    }

    @Test
    void absentFieldsTakeTheDefaultsAndUnitsConvert() throws Exception {
        CvTrackerConfig c = (CvTrackerConfig) parse("sequential:\n  type: cvtracker\n  maxCoast: 40 ms\n"
                + "  initialVelocityStd: 36 km/h\n  accelerationNoise: 0.25 m^2/s^3\n").sequential();
        assertEquals(40_000_000L, c.maxCoastNanos());
        assertEquals(10, c.initialVelocityStdMps(), 1e-12);
        assertEquals(0.25, c.accelerationNoiseM2PerS3());
        assertEquals(CvTrackerProvider.DEFAULT_CONFIRM_UPDATES, c.confirmUpdates());
        assertEquals(CvTrackerProvider.DEFAULT_MAX_MISSES, c.maxMisses());
    }

    @Test
    void everyBadValueIsRefusedNamingItsField() {
        assertTrue(fails("  gateProbability: 1.5\n").getMessage().contains("sequential.gateProbability"));
        assertTrue(fails("  accelerationNoise: -1 m2/s3\n").getMessage().contains("sequential.accelerationNoise"));
        ConfigException unit = fails("  accelerationNoise: 1 m/s\n");
        assertTrue(unit.getMessage().contains("m2/s3"), unit.getMessage());
        assertTrue(fails("  maxCoast: 5 kg\n").getMessage().contains("sequential.maxCoast"));
        assertTrue(fails("  maxTracks: 0\n").getMessage().contains("sequential.maxTracks: must be 1..64"));
        assertTrue(fails("  confirmUpdates: 2.5\n").getMessage().contains("sequential.confirmUpdates"));
        assertTrue(fails("  initialVelocityStd: 0 m/s\n").getMessage().contains("sequential.initialVelocityStd"));
        ConfigException unknown = fails("  gate: 0.99\n");
        assertTrue(unknown.getMessage().contains("gateProbability"), unknown.getMessage());
        ConfigException type = assertThrows(ConfigException.class, () -> parse("sequential:\n  type: kalman\n"));
        assertTrue(type.getMessage().contains("sequential.type") && type.getMessage().contains("cvtracker"),
                type.getMessage());
    }

    @Test
    void aCoastShorterThanOneCpiIsWarnedAbout() throws Exception {
        RunConfig cfg = parse("sequential:\n  type: cvtracker\n  maxCoast: 1 ms\n");
        assertTrue(cfg.warnings().stream().anyMatch(w -> w.startsWith("sequential.maxCoast")), cfg.warnings()
                .toString());
    }
}
