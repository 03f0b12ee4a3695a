package org.nftb.methods.dftmusic;

import org.junit.jupiter.api.Test;
import org.nftb.config.ConfigException;
import org.nftb.config.RunConfig;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.run.Configs;

/** The dftmusic section's keys for targets, coarse stage, valid region and detection. */
class DftMusicConfigTest {
    static String withEstimatorKeys(String keys) throws Exception {
        return Files.readString(Path.of("hw-config/seed001-sim.yaml"))
                .replace("  refinementSweeps: 2\n", "  refinementSweeps: 2\n" + keys);
    }

    static DftMusicConfig read(String keys) throws Exception {
        return (DftMusicConfig) Configs.parse("test.yaml", withEstimatorKeys(keys)).estimator();
    }

    static ConfigException fails(String keys) {
        return assertThrows(ConfigException.class, () -> Configs.parse("test.yaml", withEstimatorKeys(keys)));
    }

    @Test
    void theDefaultsAreTwoTargetsBothReadingsTwoAperturesFifteenMetresPerSecondAnd15Db() throws Exception {
        DftMusicConfig c = read("");
        RunConfig cfg = Configs.loadDefault();
        assertEquals(2, c.maxTargets());
        assertEquals(DftMusicConfig.Coarse.BOTH, c.coarse());
        assertEquals(2 * cfg.rxArray().apertureM(), c.nearLimitM(cfg.rxArray().apertureM()), 1e-12);
        assertEquals(15, c.maxVelocityMps());
        assertEquals(15, c.detectionThresholdDb());
    }

    @Test
    void everyNewKeyIsReadWithItsUnits() throws Exception {
        DftMusicConfig c = read("  maxTargets: 3\n  coarse: geometry\n  region: {minRange: 3 m, maxVelocity: 54 km/h}\n"
                + "  detectionThreshold: 20 dB\n");
        assertEquals(3, c.maxTargets());
        assertEquals(DftMusicConfig.Coarse.GEOMETRY, c.coarse());
        assertEquals(3, c.nearLimitM(99), 1e-12);
        assertEquals(15, c.maxVelocityMps(), 1e-12);
        assertEquals(20, c.detectionThresholdDb());
    }

    @Test
    void badValuesNameTheFieldAndTheFix() {
        assertEquals("estimator.maxTargets", fails("  maxTargets: 0\n").field());
        ConfigException coarse = fails("  coarse: magic\n");
        assertEquals("estimator.coarse", coarse.field());
        assertTrue(coarse.getMessage().contains("tables, geometry, both"), coarse.getMessage());
        ConfigException far = fails("  region: {minRange: 50 m}\n");
        assertEquals("estimator.region.minRange", far.field());
        assertTrue(far.getMessage().contains("effective beamfocusing distance"), far.getMessage());
        ConfigException unknown = fails("  region: {maxRange: 5 m}\n");
        assertEquals("estimator.region.maxRange", unknown.field());
        assertTrue(unknown.getMessage().contains("minRange"), unknown.getMessage());
        assertEquals("estimator.detectionThreshold", fails("  detectionThreshold: -3 dB\n").field());
    }

    @Test
    void theMotionModelIsLinearUnlessToldAndTheSimulatedDefaultSaysFrozen() throws Exception {
        String yaml = withEstimatorKeys("");
        assertEquals(DftMusicConfig.MotionModel.FROZEN, ((DftMusicConfig) Configs.parse("test.yaml", yaml)
                .estimator()).motionModel(), "seed001-sim.yaml matches its simulated data");
        RunConfig unset = Configs.parse("test.yaml", yaml.replace("  motionModel: frozen\n", ""));
        assertEquals(DftMusicConfig.MotionModel.LINEAR, ((DftMusicConfig) unset.estimator()).motionModel());
        String w = unset.warnings().toString();
        assertTrue(w.contains("estimator.motionModel: linear") && w.contains("motionModel: frozen"), w);
        RunConfig linear = Configs.parse("test.yaml", yaml.replace("  motionModel: frozen\n",
                "  motionModel: linear\n"));
        assertEquals(DftMusicConfig.MotionModel.LINEAR, ((DftMusicConfig) linear.estimator()).motionModel());
        RunConfig moving = Configs.parse("test.yaml", yaml.replace("motion: frozen", "motion: linear"));
        String mw = moving.warnings().toString();
        assertTrue(mw.contains("estimator.motionModel: frozen leaves out") && mw.contains("motionModel: linear"), mw);
        RunConfig matched = Configs.parse("test.yaml", yaml.replace("motion: frozen", "motion: linear")
                .replace("  motionModel: frozen\n", "  motionModel: linear\n"));
        assertTrue(matched.warnings().stream().noneMatch(x -> x.contains("motionModel")), matched.warnings()
                .toString());
        ConfigException bad = assertThrows(ConfigException.class, () -> Configs.parse("test.yaml",
                yaml.replace("  motionModel: frozen\n", "  motionModel: curved\n")));
        assertEquals("estimator.motionModel", bad.field());
        assertTrue(bad.getMessage().contains("frozen, linear"), bad.getMessage());
    }

    @Test
    void aSceneOutsideTheRegionOrWithMoreTargetsThanReportedWarns() throws Exception {
        String yaml = withEstimatorKeys("  maxTargets: 1\n").replace(
                "    - {range: 7.0165 m, angle: 15 deg, radialVelocity: 10 m/s, transverseVelocity: 8 m/s, processedSnrDb: 50}",
                "    - {range: 2 m, angle: 15 deg, radialVelocity: 10 m/s, transverseVelocity: 8 m/s, processedSnrDb: 50}\n"
                        + "    - {range: 9 m, angle: 0 deg, radialVelocity: 20 m/s, transverseVelocity: 0 m/s, processedSnrDb: 50}");
        RunConfig c = Configs.parse("test.yaml", yaml);
        String w = c.warnings().toString();
        assertTrue(w.contains("2 targets but estimator.maxTargets is 1"), w);
        assertTrue(w.contains("scene.targets[0]") && w.contains("near limit"), w);
        assertTrue(w.contains("scene.targets[1]") && w.contains("faster than"), w);
    }
}
