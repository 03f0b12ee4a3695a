package org.nftb.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fault plan is read from inline YAML or a file the same way, with units, and bad items are refused by name. */
class FaultsReaderTest {

    static String refusal(String spec) {
        return assertThrows(ConfigException.class, () -> FaultsReader.parseSpec(spec, 8, 1e4)).getMessage();
    }

    @Test
    void anInlineSpecAndTheSameYamlInAFileGiveTheSamePlanInSiUnits(@TempDir Path dir) throws Exception {
        String yaml = "{seed: 4, faults: [{kind: phase, at: 250 ms, channels: [6, 2], size: 90 deg},"
                + " {kind: loss, at: 1 s, for: 5 ms}]}";
        Path file = dir.resolve("faults.yaml");
        Files.writeString(file, yaml);
        FaultPlan inline = FaultsReader.parseSpec(yaml, 8, 1e4);
        FaultPlan fromFile = FaultsReader.parseSpec(file.toString(), 8, 1e4);
        assertEquals("--inject", inline.source());
        assertEquals("--inject " + file, fromFile.source());
        for (FaultPlan p : new FaultPlan[] {inline, fromFile}) {
            assertEquals(4, p.seed());
            FaultPlan.Fault phase = p.faults().get(0);
            assertEquals("faults[0]", phase.item());
            assertEquals(0.25, phase.atS(), 0);
            assertEquals(Math.PI / 2, phase.size(), 1e-15);
            assertEquals(2, phase.channels()[0]);
            assertEquals(6, phase.channels()[1]);
            assertEquals(Double.POSITIVE_INFINITY, phase.durationS());
            assertEquals(2500, phase.startSample(1e4));
            FaultPlan.Fault loss = p.faults().get(1);
            assertNull(loss.channels());
            assertEquals(10_000, loss.startSample(1e4));
            assertEquals(10_050, loss.endSample(1e4));
        }
    }

    @Test
    void unknownKindsMissingChannelsAndChannelsThatDoNotExistAreRefusedNamingTheItem() {
        String m = refusal("[{kind: loss, at: 0 s, for: 1 ms}, {kind: sparkle, at: 0 s}]");
        assertTrue(m.contains("--inject: faults[1].kind: unknown value 'sparkle'; allowed: loss, timeout, late, "
                + "slip, phase, gain, dead, clip, nan, clock, tone"), m);
        m = refusal("[{kind: phase, at: 0 s, size: 90 deg}]");
        assertTrue(m.contains("faults[0]: a phase fault needs 'channels'"), m);
        m = refusal("[{kind: gain, at: 0 s, channels: [1, 8], size: 3 dB}]");
        assertTrue(m.contains("faults[0].channels[1]: channel 8 does not exist: the array has 8 channels, 0..7"), m);
        m = refusal("[{kind: gain, at: 0 s, channels: [1, 1], size: 3 dB}]");
        assertTrue(m.contains("channel 1 is listed twice"), m);
        m = refusal("[{kind: loss, at: 0 s, for: 1 ms, channels: [1]}]");
        assertTrue(m.contains("faults[0].channels: unknown key 'channels'"), m);
        m = refusal("[{kind: loss, at: 0 s}]");
        assertTrue(m.contains("faults[0]: a loss fault needs 'for'"), m);
        m = refusal("[]");
        assertTrue(m.contains("lists no fault"), m);
    }

    @Test
    void absurdSizesAndTimesAreRefusedWithTheAllowedRange() {
        String m = refusal("[{kind: gain, at: 0 s, channels: [0], size: 300 dB}]");
        assertTrue(m.contains("faults[0].size: must be between -60.0000 and 40.0000 dB"), m);
        m = refusal("[{kind: slip, at: 0 s, channels: [0], size: 100000}]");
        assertTrue(m.contains("faults[0].size: must be between 1.00000 and 4096.00 samples"), m);
        m = refusal("[{kind: phase, at: 0 s, channels: [0], size: 90}]");
        assertTrue(m.contains("faults[0].size") && m.contains("deg"), m);
        m = refusal("[{kind: tone, at: 0 s, size: 10 dB, frequency: 20 kHz}]");
        assertTrue(m.contains("faults[0].frequency: must be between -5000.00 and 5000.00 Hz"), m);
        m = refusal("[{kind: clock, at: 0 s, for: 100000 s, size: 10}]");
        assertTrue(m.contains("faults[0].for: 10.0000 ppm for 100000 s drifts 10000 samples"), m);
        m = refusal("[{kind: loss, at: -1 s, for: 1 ms}]");
        assertTrue(m.contains("faults[0].at: must be between 0"), m);
        m = refusal("[{kind: clip, at: 0 s, channels: all, size: -1}]");
        assertTrue(m.contains("faults[0].size: must be between"), m);
        FaultPlan plan = FaultsReader.parseSpec("[{kind: dead, at: 3 s, channels: [0]}]", 8, 1e4);
        m = assertThrows(ConfigException.class, () -> FaultsReader.checkEnd(plan, 2.0, "the capture")).getMessage();
        assertTrue(m.contains("--inject: faults[0].at: starts at 3.000000 s, at or past the end of the capture "
                + "(2.000000 s)"), m);
    }

    @Test
    void sceneFaultsInAHwConfigAreReadByTheSameReaderWithTheScenesSeed() {
        String yaml = org.nftb.record.CaptureFixtures.smallArrayYaml(1, "frozen")
                + "  faults: [{kind: dead, at: 10 ms, channels: [7], mode: noise}]\n";
        RunConfig cfg = org.nftb.run.Configs.parse("faults.yaml", yaml);
        FaultPlan p = cfg.scene().faults();
        assertEquals(5, p.seed());
        assertEquals("faults.yaml", p.source());
        assertEquals(FaultPlan.Kind.DEAD, p.faults().get(0).kind());
        assertEquals("noise", p.faults().get(0).mode());
        String bad = org.nftb.record.CaptureFixtures.smallArrayYaml(1, "frozen")
                + "  faults: [{kind: dead, at: 10 ms, channels: [9]}]\n";
        String m = assertThrows(ConfigException.class, () -> org.nftb.run.Configs.parse("bad.yaml", bad))
                .getMessage();
        assertTrue(m.contains("bad.yaml: scene.faults[0].channels[0]: channel 9 does not exist"), m);
    }
}
