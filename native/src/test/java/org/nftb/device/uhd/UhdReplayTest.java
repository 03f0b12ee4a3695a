package org.nftb.device.uhd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.cli.Main;
import org.nftb.cli.RecordReplayCommandTest;
import org.nftb.device.replay.Capture;
import org.nftb.sigmf.NftbKeys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Through the real driver: {@code nftb run --record} on UHD's simulated E320 (the switched 16-element array of
 * {@code hw-config/e320-sim.yaml}), then {@code nftb replay} of that capture, gives the same estimates CPI by CPI,
 * bit for bit (the capture holds the de-multiplexed cf32 samples the pipeline received).
 */
class UhdReplayTest {
    private static final String CONFIG = "hw-config/e320-sim.yaml";

    @Test
    void aCaptureRecordedThroughTheSimulatedE320ReplaysToTheLiveRunsEstimates(@TempDir Path dir) throws Exception {
        Path iq = dir.resolve("scene.sc16");
        assertEquals(0, Main.commandLine().execute("synth-iq", "--config", CONFIG, "--cpis", "30", "--out",
                iq.toString()));
        Path live = dir.resolve("live.jsonl");
        Path cap = dir.resolve("e320");
        try (UhdSimulator sim = UhdSimulator.start(dir.resolve("sim"), iq, null)) {
            assertEquals(0, Main.commandLine().execute("run", "--config", CONFIG, "--cpis", "20", "--out",
                    live.toString(), "--record", cap.toString()));
        }
        Capture c = Capture.open(cap);
        assertEquals(16, c.channelCount());
        assertEquals(1000.0, c.sampleRateHz());
        assertTrue(c.nftb(NftbKeys.DEVICE).asText().startsWith("uhd"), c.nftb(NftbKeys.DEVICE).asText());
        assertEquals(5.8e9, c.reference().segments().get(0).frequencyHz(), "the configured tuning (UhdRadio does "
                + "not report the applied one yet)");
        assertEquals(30.0, c.reference().segments().get(0).gainDb());
        assertTrue(c.sampleCount() >= 20 * 32, "samples: " + c.sampleCount());

        Path replay = dir.resolve("replay.jsonl");
        assertEquals(0, Main.commandLine().execute("replay", cap.toString(), "--out", replay.toString()));
        Map<Long, String> want = RecordReplayCommandTest.byCpi(live);
        Map<Long, String> got = RecordReplayCommandTest.byCpi(replay);
        assertTrue(want.size() >= 15, "live CPIs: " + want.keySet());
        for (Map.Entry<Long, String> e : want.entrySet()) {
            assertEquals(e.getValue(), got.get(e.getKey()), "CPI " + e.getKey());
        }
        System.out.printf("E320 capture: %d samples per channel, %d live CPIs replayed identically; %s%n",
                c.sampleCount(), want.size(), Files.readAllLines(replay).get(0).substring(0, 120));
    }
}
