package org.nftb.cli;

import org.nftb.calibration.table.CalibrationException;
import org.nftb.config.ConfigException;
import org.nftb.device.DeviceException;
import org.nftb.dsp.Fft;
import org.nftb.output.OutputException;
import org.nftb.run.UsageException;
import org.nftb.sigmf.CaptureException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Entry point of {@code nftb}: every command, {@code study}, {@code reprocess} and {@code bench spark} included (they
 * run on the Spark runner, {@link SparkRunner}), and {@code nftb help CMD}.
 */
@Command(name = "nftb", mixinStandardHelpOptions = true, version = "nftb 0.1.0",
        description = "NF-Testbed: hardware-in-the-loop controller for near-field array sensing.",
        subcommands = {RunCommand.class, DevicesCommand.class, SynthIqCommand.class, BenchCommand.class,
                RecordCommand.class, ReplayCommand.class, CaptureCommand.class,
                CalibrateCommand.class, CalibrationCommand.class, StudyCommand.class, ReprocessCommand.class,
                ReportCommand.class, ConfigCommand.class, CompletionCommand.class, HelpCommand.class})
public final class Main implements Runnable {

    /** {@code --log-file FILE}, accepted by every command (before or after its name). */
    @Option(names = "--log-file", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "also write the log to FILE (appended; level from NFTB_LOG_LEVEL, default INFO)")
    void logFile(Path file) {
        try {
            LogFile.install(file);
        } catch (LinkageError e) {
            throw new UsageException("--log-file needs nftb's own logging (logback), which this runner does not have "
                    + "(nftb study/reprocess log through Spark's logging: set its log4j2 settings instead)");
        }
    }

    public static void main(String[] args) {
        Fft.singleThreaded();   // process-wide JTransforms setting, made once by the entry point
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            System.err.println("nftb: " + oneLine(e) + " in thread " + t.getName());
            if (e instanceof OutOfMemoryError) {
                Runtime.getRuntime().halt(1);
            }
        });
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("nftb: " + oneLine(e));
            code = 1;
        }
        System.exit(code);
    }

    /** One line for an error that ends the program: what ran out, and what to change. */
    static String oneLine(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + e.getMessage() + "): the configuration or input needs more heap than the JVM "
                    + "has (" + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB); give it more with "
                    + "NFTB_JAVA_OPTS=-Xmx… or use smaller sizes (ringSlots, FFT sizes, elements)";
        }
        return "internal error (a defect in nftb; please report it with the command line and configuration): " + e
                + (e.getStackTrace().length > 0 ? " at " + e.getStackTrace()[0] : "");
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            boolean badInput = ex instanceof ConfigException
                    || ex instanceof CalibrationException
                    || ex instanceof OutputException
                    || ex instanceof UsageException
                    || ex instanceof CaptureException;
            if (badInput) {
                cmd.getErr().println("nftb: " + ex.getMessage());
                return 2;
            }
            if (ex instanceof DeviceException) {
                cmd.getErr().println("nftb: radio: " + ex.getMessage());
                return 3;
            }
            cmd.getErr().println("nftb: " + oneLine(ex));
            LoggerFactory.getLogger(Main.class).debug("stack trace", ex);
            return 1;
        });
        return cl;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
