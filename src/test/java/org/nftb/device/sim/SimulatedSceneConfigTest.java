package org.nftb.device.sim;

import org.junit.jupiter.api.Test;
import org.nftb.config.ConfigException;
import org.nftb.config.SceneConfig;

import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.run.Configs;

/** The scene's hardware keys, {@code scene.loPhaseJumps} and {@code scene.transmitPath}, as the loader reads them. */
class SimulatedSceneConfigTest {

    static SceneConfig scene(String... lines) {
        SimScenes s = new SimScenes();
        s.channels = 4;
        for (String line : lines) {
            s.scene(line);
        }
        return s.config().scene();
    }

    static ConfigException fails(String line) {
        SimScenes s = new SimScenes();
        s.channels = 4;
        s.scene(line);
        return assertThrows(ConfigException.class, () -> Configs.parse("sim-test.yaml", s.yaml()));
    }

    @Test
    void theDefaultSceneHasNoTransmitPathAndNoLoPhaseJumps() {
        SceneConfig d = Configs.loadDefault().scene();
        assertNull(d.transmitPath());
        assertEquals(SceneConfig.LoPhaseJumps.NONE, d.loPhaseJumps());
    }

    @Test
    void loPhaseJumpsAndTheShortTransmitPathsAreRead() {
        assertEquals(SceneConfig.LoPhaseJumps.QUARTER_TURNS, scene("loPhaseJumps: quarterTurns").loPhaseJumps());
        assertEquals(SceneConfig.TransmitPath.reflect(), scene("transmitPath: reflect").transmitPath());
        assertEquals(SceneConfig.TransmitPath.inject(0, Collections.nCopies(4, 0.0)),
                scene("transmitPath: inject").transmitPath());
    }

    @Test
    void anInjectPathTakesAGainAndOneDelayForAllOrOnePerChannel() {
        SceneConfig.TransmitPath one = scene("transmitPath: {mode: inject, splitterGain: -20 dB, delaySamples: 1.5}")
                .transmitPath();
        assertEquals(SceneConfig.TransmitPath.inject(-20, Collections.nCopies(4, 1.5)), one);
        SceneConfig.TransmitPath each = scene("transmitPath: {mode: inject, delaySamples: [0, 0.25, 3, 12.5]}")
                .transmitPath();
        assertEquals(List.of(0.0, 0.25, 3.0, 12.5), each.delaySamples());
    }

    @Test
    void faultsNameTheFieldAndTheFix() {
        ConfigException count = fails("transmitPath: {mode: inject, delaySamples: [0, 1]}");
        assertEquals("scene.transmitPath.delaySamples", count.field());
        assertTrue(count.getMessage().contains("one per receive channel (4)"), count.getMessage());
        ConfigException negative = fails("transmitPath: {mode: inject, delaySamples: [0, 1, -2, 3]}");
        assertEquals("scene.transmitPath.delaySamples[2]", negative.field());
        ConfigException reflect = fails("transmitPath: {mode: reflect, splitterGain: 3 dB}");
        assertTrue(reflect.getMessage().contains("belong to mode inject"), reflect.getMessage());
        ConfigException mode = fails("transmitPath: echo");
        assertTrue(mode.getMessage().contains("allowed: reflect, inject"), mode.getMessage());
        ConfigException jumps = fails("loPhaseJumps: halfTurns");
        assertEquals("scene.loPhaseJumps", jumps.field());
    }
}
