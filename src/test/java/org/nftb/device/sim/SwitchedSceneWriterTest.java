package org.nftb.device.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.config.Backend;
import org.nftb.config.RadioConfig;
import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.device.RxBuffer;
import org.nftb.device.StreamStart;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.nftb.run.Configs;

class SwitchedSceneWriterTest {

    @Test
    void theFileHoldsTheSceneInSwitchOrderWithTransientsInTheSettlingSamples(@TempDir Path dir) throws IOException {
        RunConfig cfg = Configs.load(Path.of("hw-config/e320-sim.yaml"));
        int cpis = 3;
        Path out = dir.resolve("scene.sc16");
        SwitchedSceneWriter.Written w = SwitchedSceneWriter.write(cfg, cpis, 0.01, out);
        int n = 16;
        int perCpi = cfg.samplesPerCpi();
        assertEquals((long) cpis * perCpi * n * 2, w.rawSamples(), "16 elements x (1 settling + 1 dwell) per sample");
        assertEquals(4 * w.rawSamples(), Files.size(out));
        assertEquals(0, w.clipped());

        // independent reference: the simulated array itself, N channels, same seed
        SceneConfig s = cfg.scene();
        RunConfig sim = cfg.withRadio(new RadioConfig(Backend.SIM, cfg.radio().sampleRateHz(), n, cfg.radio().txLimits()))
                .withScene(new SceneConfig(s.seed(), s.motion(), false, s.targets(), s.calibrationErrors()));
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        try (SimulatedArray array = new SimulatedArray(sim)) {
            array.startStreaming(StreamStart.NOW);
            RxBuffer buf = new RxBuffer(n, perCpi);
            for (int q = 0; q < cpis; q++) {
                array.receive(buf, 1_000_000_000L);
                for (int k = 0; k < perCpi; k++) {
                    for (int e = 0; e < n; e++) {         // identity order in e320-sim.yaml
                        assertEquals(Math.round(0.9 * 32767), file.getShort(), "settling sample = transient re");
                        assertEquals(Math.round(-0.9 * 32767), file.getShort(), "settling sample = transient im");
                        assertEquals(Math.round(buf.channel(e)[2 * k] * 0.01 * 32767), file.getShort(),
                                "CPI " + q + " sample " + k + " element " + e);
                        assertEquals(Math.round(buf.channel(e)[2 * k + 1] * 0.01 * 32767), file.getShort());
                    }
                }
            }
        }
    }
}
