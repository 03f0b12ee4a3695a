package org.nftb.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.cli.Main;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The controller's command line with this module on the class path (what {@code ./nftb study} runs): the commands
 * the controller defines find {@link SparkCommands} and run; their help is the controller's.
 */
class SparkCommandsTest {

    @Test
    void nftbStudyRunsTheSpecThroughTheControllersCommandLineAndReturnsItsExitStatus(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("tiny.yaml");
        Files.writeString(spec, SparkStudyTest.SPEC.replace("../hw-config/", Path.of("..").toAbsolutePath()
                .normalize() + "/hw-config/"));
        Path out = dir.resolve("out");
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        // six trials per point miss the study's bar checks (seed 11): the checks' exit status 1 reaches the shell
        assertEquals(1, cl.execute("study", spec.toString(), "--threads", "1", "--out", out.toString()),
                err.toString());
        for (String f : new String[] {"trials.parquet", "nmse.csv", "spec.yaml", "run.json"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertTrue(Files.readString(out.resolve("run.json")).contains("in-process"), "the engine the options chose");
    }

    @Test
    void helpAndOptionErrorsOfTheSparkCommandsAreTheControllers() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute("help", "study"));
        assertTrue(out.toString().startsWith("Usage: nftb study "), out.toString());
        assertEquals(2, cl.execute("reprocess", "cap", "--config", "x.yaml", "--cpis-per-task", "0"));
        assertTrue(err.toString().contains("--cpis-per-task must be >= 1"), err.toString());
    }
}
