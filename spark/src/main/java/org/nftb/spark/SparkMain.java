package org.nftb.spark;

import org.nftb.cli.Main;
import picocli.CommandLine;

/**
 * Entry point of {@code nftb} when the launcher runs this module's class path ({@code nftb study},
 * {@code nftb reprocess}, {@code nftb bench spark}): the controller's command line with these commands added, so
 * errors and exit codes are the controller's.
 */
public final class SparkMain {
    private SparkMain() {
    }

    public static void main(String[] args) {
        org.nftb.dsp.Fft.singleThreaded();
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = Main.commandLine();
        cl.addSubcommand(new StudyCommand());
        cl.addSubcommand(new ReprocessCommand());
        cl.getSubcommands().get("bench").addSubcommand(new SparkBench());
        return cl;
    }
}
