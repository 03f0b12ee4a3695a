package org.nftb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.testing.TestConfigs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code nftb run} as an operator starts it, in a separate JVM: under a pseudo-terminal ({@code script(1)}, as a
 * terminal window is) the screen shows the dashboard URL, the status line and the summary, and no JSON — the records
 * go to a {@code runs/} file whose path is printed; with stdout a pipe the records are on stdout as before.
 */
class TerminalOutputTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static List<String> java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "org.nftb.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static String shellQuote(List<String> cmd) {
        StringBuilder sb = new StringBuilder();
        for (String c : cmd) {
            sb.append('\'').append(c.replace("'", "'\\''")).append("' ");
        }
        return sb.toString();
    }

    /** Runs {@code cmd} in {@code dir}, stdout and stderr together; returns what it printed. */
    static String run(Path dir, List<String> cmd, boolean mergeErr) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(mergeErr);
        pb.environment().remove("NFTB_STDOUT_TERMINAL");
        pb.environment().remove("NFTB_STDERR_TERMINAL");
        if (!mergeErr) {
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "nftb did not end");
        assertEquals(0, p.exitValue(), new String(out, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }

    /** The test configuration with the shared table cache as an absolute path (the JVM runs in {@code dir}). */
    static Path config(Path dir) throws Exception {
        Path f = RunCommandTest.testConfig(dir);
        Files.writeString(f, Files.readString(f).replace("cacheDirectory: " + TestConfigs.TABLE_CACHE,
                "cacheDirectory: " + Path.of(TestConfigs.TABLE_CACHE).toAbsolutePath()));
        return f;
    }

    @Test
    void inATerminalTheScreenShowsTheUrlStatusAndSummaryAndTheRecordsGoToARunFile(@TempDir Path dir) throws Exception {
        Path cfg = config(dir);
        String command = shellQuote(java("run", "--config", cfg.toString(), "--cpis", "40", "--dashboard-port", "0"));
        String screen = run(dir, List.of("script", "-qec", command, "/dev/null"), true);
        assertTrue(screen.contains("nftb: dashboard at http://127.0.0.1:"), screen);
        assertTrue(screen.contains("nftb final"), screen);
        assertTrue(screen.contains("nftb summary:") && screen.contains("RMSE/√CRB"), screen);
        assertFalse(screen.contains("{\"type\""), "JSON records on the terminal:\n" + screen);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
            files = s.toList();
        }
        assertEquals(1, files.size(), files.toString());
        assertTrue(screen.contains("records go to runs/" + files.get(0).getFileName()), screen);
        List<String> lines = Files.readAllLines(files.get(0));
        assertEquals("start", JSON.readTree(lines.get(0)).get("type").asText());
        assertEquals(40, lines.stream().filter(l -> l.contains("\"type\":\"estimate\"")).count());
        assertEquals("summary", JSON.readTree(lines.get(lines.size() - 1)).get("type").asText());
    }

    @Test
    void throughAPipeTheRecordsAreOnStdoutAsBefore(@TempDir Path dir) throws Exception {
        Path cfg = config(dir);
        String out = run(dir, java("run", "--config", cfg.toString(), "--cpis", "5", "--no-dashboard"), false);
        String[] lines = out.split("\n");
        JsonNode first = JSON.readTree(lines[0]);
        assertEquals("start", first.get("type").asText());
        for (String l : lines) {
            JSON.readTree(l);    // every line a record
        }
        assertEquals("summary", JSON.readTree(lines[lines.length - 1]).get("type").asText());
        assertFalse(Files.exists(dir.resolve("runs")), "a piped run writes no run file");
    }
}
