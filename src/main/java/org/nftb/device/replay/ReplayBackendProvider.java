package org.nftb.device.replay;

import org.nftb.config.Backend;
import org.nftb.config.RunConfig;
import org.nftb.device.RadioBackendProvider;
import org.nftb.device.RadioDevice;

import java.util.List;

/** The {@code replay} backend: a recorded SigMF capture ({@code radio.replay.capture}) played as a radio. */
public final class ReplayBackendProvider implements RadioBackendProvider {
    @Override
    public Backend backend() {
        return Backend.REPLAY;
    }

    @Override
    public RadioDevice open(RunConfig config) {
        return ReplayDevice.open(config);
    }

    @Override
    public List<String> discover(String args) {
        return List.of("replay: any SigMF capture (nftb capture info DIR describes one)");
    }
}
