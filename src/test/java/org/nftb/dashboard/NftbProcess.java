package org.nftb.dashboard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code nftb} as an operator starts it: a separate JVM running {@code org.nftb.cli.Main} on the test class path,
 * optionally behind a wrapper command (e.g. {@code unshare --net sh -c ...}). Its stderr is collected line by line;
 * {@link #close()} stops it like Ctrl-C would (SIGTERM, so the shutdown hook writes the final records).
 */
final class NftbProcess implements AutoCloseable {
    private final Process process;
    private final List<String> stderr = new ArrayList<>();

    private NftbProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (stderr) {
                        stderr.add(line);
                        stderr.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "nftb-stderr");
        reader.setDaemon(true);
        reader.start();
    }

    /** The java command line that runs {@code nftb args...} with this test run's class path. */
    static List<String> javaCommand(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "org.nftb.cli.Main"));
        cmd.addAll(args);
        return cmd;
    }

    static NftbProcess start(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return new NftbProcess(pb.start());
    }

    /** Waits for a stderr line matching {@code regex}; returns its first group (or the whole match). */
    String await(String regex, long timeoutSeconds) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        int seen = 0;
        synchronized (stderr) {
            while (true) {
                for (; seen < stderr.size(); seen++) {
                    Matcher m = p.matcher(stderr.get(seen));
                    if (m.find()) {
                        return m.groupCount() > 0 ? m.group(1) : m.group();
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && seen >= stderr.size()) {
                    throw new AssertionError("nftb printed no line matching " + regex + " within " + timeoutSeconds
                            + " s (alive: " + process.isAlive() + "); its stderr:\n" + String.join("\n", stderr));
                }
                stderr.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 200_000_000L))));
            }
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stderr() {
        synchronized (stderr) {
            return String.join("\n", stderr);
        }
    }

    /** Stops it like Ctrl-C; returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("nftb did not stop within 30 s of SIGTERM; its stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
