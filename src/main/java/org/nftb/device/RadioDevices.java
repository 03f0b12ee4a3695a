package org.nftb.device;

import org.nftb.config.ConfigException;
import org.nftb.config.RunConfig;
import org.nftb.device.sim.SimulatedArray;

/** Opens the {@link RadioDevice} a configuration names. */
public final class RadioDevices {
    private RadioDevices() {
    }

    /** Opens the device of {@code config.radio().backend()}. */
    public static RadioDevice open(RunConfig config) {
        return switch (config.radio().backend()) {
            case SIM -> new SimulatedArray(config);
            case UHD -> throw new ConfigException(config.source(), "radio.backend",
                    "the uhd backend is not in this build (see README: Real radios)");
            case REPLAY -> throw new ConfigException(config.source(), "radio.backend",
                    "the replay backend is not in this build yet; use sim");
        };
    }
}
