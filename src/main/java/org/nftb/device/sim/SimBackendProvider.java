package org.nftb.device.sim;

import org.nftb.config.Backend;
import org.nftb.config.RunConfig;
import org.nftb.device.RadioBackendProvider;
import org.nftb.device.RadioDevice;

import java.util.List;

/** The {@code sim} backend: the simulated array renders the configuration's scene. */
public final class SimBackendProvider implements RadioBackendProvider {
    @Override
    public Backend backend() {
        return Backend.SIM;
    }

    @Override
    public RadioDevice open(RunConfig config) {
        return new SimulatedArray(config);
    }

    @Override
    public List<String> discover(String args) {
        return List.of("sim: the simulated array (always available; the hw-config's scene says what it hears)");
    }
}
