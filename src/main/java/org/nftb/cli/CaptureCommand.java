package org.nftb.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code nftb capture}: look into, plot and repair SigMF captures. */
@Command(name = "capture", mixinStandardHelpOptions = true, description = "Inspect, plot or repair a SigMF capture.",
        subcommands = {CaptureInfoCommand.class, CapturePlotCommand.class, CaptureRepairCommand.class})
public final class CaptureCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
