package org.nftb.device.replay;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.config.ReplayConfig;
import org.nftb.config.RunConfig;
import org.nftb.device.RadioDevice;
import org.nftb.device.RadioDeviceContract;
import org.nftb.device.TxBurst;
import org.nftb.record.CaptureFixtures;

import java.nio.file.Path;

class ReplayDeviceContractTest extends RadioDeviceContract {
    @TempDir
    static Path dir;
    static RunConfig config;
    static Capture capture;

    @BeforeAll
    static void record() throws Exception {
        String yaml = CaptureFixtures.smallArrayYaml(1, "linear");
        config = CaptureFixtures.config(yaml);
        CaptureFixtures.record(dir.resolve("cap"), yaml, 640, 100);
        capture = Capture.open(dir.resolve("cap"));
    }

    @Override
    protected RadioDevice open() {
        return ReplayDevice.open(capture, config, new ReplayConfig(dir.resolve("cap").toString(),
                ReplayConfig.Pace.MAX, false, 0, Double.POSITIVE_INFINITY));
    }

    @Override
    protected TxBurst forbiddenBurst() {
        // a recording transmits nothing, whatever the burst
        return new TxBurst(new float[8][8], 28e9, 0, 5e3, -1);
    }
}
