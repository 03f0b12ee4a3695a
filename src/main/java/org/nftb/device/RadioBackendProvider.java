package org.nftb.device;

import org.nftb.config.Backend;
import org.nftb.config.RunConfig;

import java.util.List;

/**
 * A device backend that lives outside the core build (the UHD backend under {@code native/}), found with
 * {@link java.util.ServiceLoader} so that the core never links against it. Registered in
 * {@code META-INF/services/org.nftb.device.RadioBackendProvider}.
 */
public interface RadioBackendProvider {

    /** The backend this provider opens. */
    Backend backend();

    /**
     * Opens the radio as configured: {@link org.nftb.config.RadioConfig#deviceChannels()} channels at
     * {@link org.nftb.config.RadioConfig#deviceSampleRateHz()}. A switched array's de-multiplexing is added by
     * {@code device.backend.RadioDevices}, not here.
     *
     * @throws DeviceException when the device cannot be opened (naming it and UHD's reason)
     */
    RadioDevice open(RunConfig config);

    /**
     * Lists the devices the backend finds for {@code args} (e.g. {@code addr=192.168.10.2}; empty searches
     * everywhere the backend looks), one human-readable line per device.
     */
    List<String> discover(String args);
}
