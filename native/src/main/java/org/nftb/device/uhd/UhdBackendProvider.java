package org.nftb.device.uhd;

import org.bytedeco.javacpp.Loader;
import org.nftb.config.Backend;
import org.nftb.config.RunConfig;
import org.nftb.device.DeviceException;
import org.nftb.device.RadioBackendProvider;
import org.nftb.device.RadioDevice;
import org.nftb.device.uhd.capi.Uhd;
import org.nftb.device.uhd.capi.UhdErrors;

import java.util.List;

/** The uhd backend, registered for {@link java.util.ServiceLoader} in META-INF/services. */
public final class UhdBackendProvider implements RadioBackendProvider {
    static final String RUNTIME_HINT = "libuhd could not be loaded; install the UHD runtime: "
            + "apt-get install -y libuhd4.3.0 uhd-host (see docs/uhd.md)";

    @Override
    public Backend backend() {
        return Backend.UHD;
    }

    @Override
    public RadioDevice open(RunConfig config) {
        loadLibuhd();
        return new UhdRadio(config);
    }

    @Override
    public List<String> discover(String args) {
        loadLibuhd();
        try (UhdStrings found = new UhdStrings()) {
            UhdErrors.check("uhd_usrp_find", Uhd.uhd_usrp_find(args, found.handle));
            return found.toList();
        } catch (RuntimeException e) {
            throw new DeviceException("uhd: discovery with args '" + args + "' failed: " + e.getMessage(), e);
        }
    }

    /** Loads libjniUhd (and with it libuhd), turning a missing library into a message naming the packages. */
    static void loadLibuhd() {
        try {
            Loader.load(Uhd.class);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new DeviceException(RUNTIME_HINT + " (" + e.getMessage() + ")", e);
        }
    }
}
