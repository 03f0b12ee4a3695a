package org.nftb.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code nftb}. */
@Command(name = "nftb", mixinStandardHelpOptions = true, version = "nftb 0.1.0",
        description = "NF-Testbed: hardware-in-the-loop controller for near-field array sensing.",
        subcommands = {RunCommand.class, DevicesCommand.class, SynthIqCommand.class, BenchCommand.class,
                CalibrateCommand.class, CalibrationCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        org.nftb.dsp.Fft.singleThreaded();   // process-wide JTransforms setting, made once by the entry point
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            boolean badInput = ex instanceof org.nftb.config.ConfigException
                    || ex instanceof org.nftb.calibration.CalibrationException
                    || ex instanceof org.nftb.output.OutputException
                    || ex instanceof UsageException;
            if (badInput) {
                cmd.getErr().println("nftb: " + ex.getMessage());
                return 2;
            }
            if (ex instanceof org.nftb.device.DeviceException) {
                cmd.getErr().println("nftb: radio: " + ex.getMessage());
                return 3;
            }
            cmd.getErr().println("nftb: internal error (a defect in nftb; please report it with the command line and "
                    + "configuration): " + ex + (ex.getStackTrace().length > 0 ? " at " + ex.getStackTrace()[0] : ""));
            org.slf4j.LoggerFactory.getLogger(Main.class).debug("stack trace", ex);
            return 1;
        });
        return cl;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
