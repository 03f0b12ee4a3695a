package org.nftb.cli;

import org.nftb.run.UsageException;

import java.util.ServiceLoader;

/**
 * What runs the commands whose work needs Spark's libraries: {@code nftb study}, {@code nftb reprocess} and
 * {@code nftb bench spark}. The controller defines these commands and their options (so {@code nftb --help} and
 * {@code nftb help CMD} show them like every other); the Spark runner module ({@code spark/}, built apart so that
 * Spark's jars stay off the controller's class path) implements this interface, registered in its
 * {@code META-INF/services/org.nftb.cli.SparkRunner}. The {@code ./nftb} launcher starts these three commands on
 * that module's class path.
 */
public interface SparkRunner {

    /** Runs {@code nftb study} with {@code command}'s options; the exit status. */
    int study(StudyCommand command) throws Exception;

    /** Runs {@code nftb reprocess} with {@code command}'s options; the exit status. */
    int reprocess(ReprocessCommand command) throws Exception;

    /** Runs {@code nftb bench spark} with {@code command}'s options; the exit status. */
    int benchSpark(BenchSparkCommand command) throws Exception;

    /**
     * The Spark runner on this class path.
     *
     * @param commandLine the command being run, for the message when the runner is missing
     * @throws UsageException when the Spark runner module is not on the class path
     */
    static SparkRunner find(String commandLine) {
        return ServiceLoader.load(SparkRunner.class).findFirst().orElseThrow(() -> new UsageException(commandLine
                + " runs on the Spark runner (spark/), which is not on this class path: start it as ./nftb "
                + commandLine.substring(commandLine.indexOf(' ') + 1) + " … (the launcher builds spark/ on first use "
                + "and runs it)"));
    }
}
