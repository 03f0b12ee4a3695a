package org.nftb.device.backend;

import org.nftb.device.DeviceException;
import org.nftb.device.RadioBackendProvider;
import org.nftb.device.RadioDevice;
import org.nftb.device.SwitchedArray;
import org.nftb.device.fault.FaultInjectingDevice;
import org.nftb.device.replay.ReplayDevice;
import org.nftb.device.sim.SimulatedArray;
import org.nftb.config.Backend;
import org.nftb.config.RadioConfig;
import org.nftb.config.RunConfig;

import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Opens the {@link RadioDevice} a configuration names: the core backends ({@code sim}, {@code replay}) directly, the
 * UHD backend through its {@link RadioBackendProvider} (built apart, found with {@link ServiceLoader}). A package of
 * its own so that {@code device/} itself imports no implementation.
 */
public final class RadioDevices {
    /** What to install when the UHD backend is missing (Debian/Ubuntu package names). */
    public static final String UHD_INSTALL_HINT = "the uhd backend is not in this build: its native part (native/, "
            + "JavaCPP binding of libuhd) is built only where the UHD headers are installed. To build it: "
            + "apt-get install -y libuhd-dev g++ and rebuild (mvn package); to run it: "
            + "apt-get install -y libuhd4.3.0 uhd-host (see docs/uhd.md)";

    private RadioDevices() {
    }

    /**
     * Opens the device of {@code config.radio().backend()} (the simulated array with the scene's injected faults,
     * {@code scene.faults}, when it lists any); behind an RF switch ({@code radio.switched}) the
     * one-channel radio is wrapped in a {@link SwitchedArray} that presents one channel per element.
     */
    public static RadioDevice open(RunConfig config) {
        RadioConfig radio = config.radio();
        return switch (radio.backend()) {
            case SIM -> config.scene().faults().isEmpty() ? new SimulatedArray(config)
                    : FaultInjectingDevice.wrap(new SimulatedArray(config), config.scene().faults(), config);
            case REPLAY -> ReplayDevice.open(config);
            case UHD -> {
                RadioDevice device = provider(Backend.UHD).open(config);
                if (radio.switched() == null) {
                    yield device;
                }
                try {
                    yield new SwitchedArray(device, radio.channels(), radio.switched(), radio.sampleRateHz());
                } catch (RuntimeException e) {
                    device.close();
                    throw e;
                }
            }
        };
    }

    /** Devices the backend finds for {@code args}, one line each. */
    public static List<String> discover(Backend backend, String args) {
        return provider(backend).discover(args);
    }

    private static RadioBackendProvider provider(Backend backend) {
        RadioBackendProvider p = find(backend);
        if (p == null) {
            throw new DeviceException(backend == Backend.UHD ? UHD_INSTALL_HINT
                    : "no provider for backend " + backend.name().toLowerCase(Locale.ROOT));
        }
        return p;
    }

    private static RadioBackendProvider find(Backend backend) {
        for (RadioBackendProvider p : ServiceLoader.load(RadioBackendProvider.class)) {
            if (p.backend() == backend) {
                return p;
            }
        }
        return null;
    }
}
