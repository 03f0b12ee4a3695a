package org.nftb.device.sim;

import org.nftb.device.RadioDevice;
import org.nftb.device.RadioDeviceContract;
import org.nftb.device.TxBurst;
import org.nftb.testing.TestConfigs;

class SimulatedArrayContractTest extends RadioDeviceContract {
    @Override
    protected RadioDevice open() {
        return new SimulatedArray(TestConfigs.seed001(1, true));
    }

    @Override
    protected TxBurst forbiddenBurst() {
        // 24 GHz is outside the default's [27.5, 28.5] GHz
        return new TxBurst(new float[256][8], 24e9, 0, 5e3, -1);
    }
}
