package org.nftb.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code nftb}. */
@Command(name = "nftb", mixinStandardHelpOptions = true, version = "nftb 0.1.0",
        description = "NF-Testbed: hardware-in-the-loop controller for near-field array sensing.",
        subcommands = {RunCommand.class, DevicesCommand.class, SynthIqCommand.class, BenchCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("nftb: " + ex.getMessage());
            return 2;
        });
        return cl;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
