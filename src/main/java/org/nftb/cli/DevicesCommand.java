package org.nftb.cli;

import org.nftb.config.Backend;
import org.nftb.device.backend.RadioDevices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code nftb devices}: what libuhd finds. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List the USRPs that libuhd finds (exit 1 when none).")
public final class DevicesCommand implements Callable<Integer> {

    @Option(names = "--args", paramLabel = "ARGS", defaultValue = "",
            description = "UHD device arguments, e.g. addr=192.168.10.2 or type=b200 (default: search everywhere; "
                    + "this broadcasts on every network interface)")
    String args;

    @Override
    public Integer call() {
        List<String> found = RadioDevices.discover(Backend.UHD, args);
        if (found.isEmpty()) {
            System.err.println("nftb: no UHD device found" + (args.isEmpty() ? "" : " for --args " + args));
            return 1;
        }
        for (String d : found) {
            System.out.println(d);
        }
        return 0;
    }
}
