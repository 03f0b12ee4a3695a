package org.nftb.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code nftb --help} lists every command, {@code study} and {@code reprocess} (run by the Spark runner) included, and
 * {@code nftb help CMD} prints each command's usage, at every level ({@code nftb bench help spark}).
 */
class HelpTest {

    /** Runs {@code nftb args…} on the controller's command line; {exit status, stdout, stderr}. */
    static Object[] nftb(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Object[] {code, out.toString(), err.toString()};
    }

    @Test
    void nftbHelpListsEveryCommandTheSparkRunnersIncluded() {
        Object[] r = nftb("--help");
        assertEquals(0, r[0]);
        String usage = (String) r[1];
        Map<String, CommandLine> commands = Main.commandLine().getSubcommands();
        assertTrue(commands.keySet().containsAll(List.of("run", "devices", "synth-iq", "bench", "record", "replay",
                "capture", "calibrate", "calibration", "study", "reprocess", "help")), commands.keySet().toString());
        for (String name : commands.keySet()) {
            assertTrue(usage.contains("\n  " + name + " "), name + " listed in:\n" + usage);
        }
        String bench = (String) nftb("bench", "--help")[1];
        assertTrue(bench.contains("\n  spark "), bench);
    }

    @Test
    void nftbHelpCmdPrintsTheUsageOfEveryCommandAtEveryLevel() {
        List<String> checked = new ArrayList<>();
        checkHelp(Main.commandLine(), List.of(), checked);
        assertTrue(checked.containsAll(List.of("study", "reprocess", "bench spark", "run", "capture info",
                "calibration show")), checked.toString());
    }

    /** For each subcommand of {@code cl} (at {@code path}): {@code nftb path… help NAME} prints its usage. */
    private static void checkHelp(CommandLine cl, List<String> path, List<String> checked) {
        for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
            String name = sub.getKey();
            if (name.equals("help")) {
                continue;
            }
            List<String> args = new ArrayList<>(path);
            args.add("help");
            args.add(name);
            Object[] r = nftb(args.toArray(new String[0]));
            String full = String.join(" ", path) + (path.isEmpty() ? "" : " ") + name;
            assertEquals(0, r[0], "nftb " + args + ": " + r[2]);
            assertTrue(((String) r[1]).startsWith("Usage: nftb " + full + " "), "nftb " + args + " printed:\n" + r[1]);
            checked.add(full);
            if (!sub.getValue().getSubcommands().isEmpty()) {
                assertTrue(sub.getValue().getSubcommands().containsKey("help"), "nftb " + full + " has help CMD");
                List<String> deeper = new ArrayList<>(path);
                deeper.add(name);
                checkHelp(sub.getValue(), deeper, checked);
            }
        }
    }

    /**
     * Outside the launcher (the controller's class path alone) the Spark runner's commands still parse and show their
     * help, and running one says how to start it instead (exit 2).
     */
    @Test
    void aSparkRunnerCommandWithoutTheSparkRunnerSaysHowToStartIt() {
        Object[] r = nftb("study", "spec.yaml");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("./nftb study"), (String) r[2]);
        Object[] help = nftb("help", "reprocess");
        assertTrue(((String) help[1]).contains("--cpis-per-task"), (String) help[1]);
        assertTrue(((String) help[1]).contains("--engine"), (String) help[1]);
    }
}
