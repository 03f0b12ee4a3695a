package org.nftb.device.uhd;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.device.RadioDevice;
import org.nftb.device.RadioDeviceContract;
import org.nftb.device.TxBurst;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The RadioDevice contract, run against UhdRadio on UHD's simulated E320 (a fresh simulator per test). */
class UhdRadioContractTest extends RadioDeviceContract {
    @TempDir
    Path dir;
    private UhdSimulator sim;

    @AfterEach
    void stopSimulator() {
        if (sim != null) {
            sim.close();
        }
    }

    @Override
    protected RadioDevice open() {
        try {
            if (sim == null) {
                Path rx = dir.resolve("rx.sc16");
                SimConfigs.randomSc16(rx, 200_000, 3);
                sim = UhdSimulator.start(dir.resolve("sim"), rx, null);
            }
            return new UhdRadio(SimConfigs.e320(sim.deviceArgs(), 1e6));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected TxBurst forbiddenBurst() {
        // e320-sim.yaml allows [5.725 GHz, 5.875 GHz]
        return new TxBurst(new float[][] {new float[128]}, 2.4e9, 10, 1e6, -1);
    }
}
