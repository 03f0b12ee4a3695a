package org.nftb.cli;

import org.nftb.config.RunConfig;
import org.nftb.output.Terminals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Where records go when nobody chose: stdout, unless stdout is a terminal — then ~150 JSON lines a second would
 * scroll the dashboard URL and the status line away, so they go to a new file {@code runs/run-yyyyMMdd-HHmmss.jsonl}
 * (under the working directory) whose path the command prints. A pipe or {@code --out} keeps records exactly as
 * before. {@code NFTB_STDOUT_TERMINAL=0|1} overrides the detection (tests, wrappers that know better).
 */
final class RunFiles {
    static final Path DIRECTORY = Path.of("runs");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private RunFiles() {
    }

    static boolean stdoutIsTerminal() {
        String env = System.getenv("NFTB_STDOUT_TERMINAL");
        return env != null ? env.equals("1") : Terminals.isTerminal(1);
    }

    /** A new run file when stdout is a terminal, else null (records go to stdout). */
    static Path forTerminal(RunConfig cfg) {
        return stdoutIsTerminal() ? newFile(DIRECTORY, "run") : null;
    }

    /** {@code dir/NAME-stamp.jsonl}, with {@code -2}, {@code -3} … when that name is taken. */
    static Path newFile(Path dir, String name) {
        String base = name.replaceAll("[^A-Za-z0-9._-]+", "-") + "-" + LocalDateTime.now().format(STAMP);
        Path p = dir.resolve(base + ".jsonl");
        for (int i = 2; Files.exists(p); i++) {
            p = dir.resolve(base + "-" + i + ".jsonl");
        }
        return p;
    }
}
