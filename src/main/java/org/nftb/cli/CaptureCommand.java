package org.nftb.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code nftb capture}: look into, plot, repair and pack SigMF captures. */
@Command(name = "capture", mixinStandardHelpOptions = true,
        description = "Inspect, plot, repair or pack a SigMF capture.",
        subcommands = {CaptureInfoCommand.class, CapturePlotCommand.class, CaptureRepairCommand.class,
            CapturePackCommand.class, HelpCommand.class})
public final class CaptureCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
