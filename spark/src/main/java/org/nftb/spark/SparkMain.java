package org.nftb.spark;

import org.nftb.cli.Main;

/**
 * Entry point of {@code nftb} when the launcher runs this module's class path ({@code nftb study},
 * {@code nftb reprocess}, {@code nftb bench spark}): the controller's own entry point, which defines those commands
 * and finds this module's {@link SparkCommands} to run them, so help, errors and exit codes are the controller's.
 */
public final class SparkMain {
    private SparkMain() {
    }

    public static void main(String[] args) {
        Main.main(args);
    }
}
