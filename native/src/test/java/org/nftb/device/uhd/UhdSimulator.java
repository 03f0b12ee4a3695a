package org.nftb.device.uhd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Test fixture: one UHD device simulator (src/test/uhd-sim/uhd-sim, UHD 4.3's MPM E320 simulator) in the
 * foreground, on loopback or (with {@link #inNamespace}) in its own network namespace. Ready when it prints
 * {@code UHD_SIM_READY=1}; {@link #close()} sends SIGTERM and waits.
 *
 * <p>Simulators of one network namespace share fixed ports and a pid file, so two test JVMs on one machine (two
 * checkouts tested at once) would break each other's: every simulator holds a machine-wide file lock
 * ({@code $TMPDIR/nftb-uhd-sim.lock}, shared by every simulator of this JVM) from start to close, and a second JVM
 * waits for it. On a CI machine, where one suite runs, it is never contended.
 */
final class UhdSimulator implements AutoCloseable {
    static final Path LAUNCHER = Path.of("src/test/uhd-sim/uhd-sim").toAbsolutePath();
    static final Path NETNS = Path.of("src/test/uhd-sim/uhd-sim-netns").toAbsolutePath();

    private final Process process;
    private final Map<String, String> values = new HashMap<>();
    private final StringBuilder stderr = new StringBuilder();

    private static final Object MACHINE_LOCK_GUARD = new Object();
    private static int machineLockHolders;
    private static FileChannel machineLockFile;
    private static FileLock machineLock;

    private boolean holdsMachineLock;

    private UhdSimulator(List<String> command) throws IOException {
        acquireMachineLock();
        holdsMachineLock = true;
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(false);
        try {
            this.process = pb.start();
        } catch (IOException | RuntimeException e) {
            holdsMachineLock = false;
            releaseMachineLock();
            throw e;
        }
        Thread errPump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // process gone
            }
        }, "uhd-sim-stderr");
        errPump.setDaemon(true);
        errPump.start();
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8));
                String line;
                while ((line = r.readLine()) != null) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        values.put(line.substring(0, eq), line.substring(eq + 1));
                    }
                    if (line.equals("UHD_SIM_READY=1")) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        boolean ok;
        try {
            ok = ready.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            ok = false;
        }
        if (!ok) {
            close();
            throw new IllegalStateException("uhd-sim did not become ready: " + stderr());
        }
    }

    /** A simulator on loopback serving {@code rxFile} (sc16) and writing TX to {@code txFile}. */
    static UhdSimulator start(Path workdir, Path rxFile, Path txFile, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString(), "start", "--workdir", workdir.toString()));
        addFiles(cmd, rxFile, txFile);
        cmd.addAll(List.of(extra));
        return new UhdSimulator(cmd);
    }

    /** A simulator in network namespace nftb-sim{@code index} (needs root), reachable at 10.99.index.2. */
    static UhdSimulator inNamespace(int index, Path workdir, Path rxFile, String serial) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(NETNS.toString(), "start", Integer.toString(index),
                "--workdir", workdir.toString(), "--serial", serial));
        addFiles(cmd, rxFile, null);
        return new UhdSimulator(cmd);
    }

    private static void addFiles(List<String> cmd, Path rxFile, Path txFile) {
        if (rxFile != null) {
            cmd.addAll(List.of("--rx-file", rxFile.toString()));
        }
        if (txFile != null) {
            cmd.addAll(List.of("--tx-file", txFile.toString()));
        }
    }

    /** libuhd device args of this simulator. */
    String deviceArgs() {
        return values.get("UHD_SIM_DEVICE_ARGS");
    }

    String address() {
        return values.get("UHD_SIM_ADDR");
    }

    String serial() {
        return values.get("UHD_SIM_SERIAL");
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /** Kills the simulator hard (SIGKILL to its process group), as if the radio were unplugged. */
    void kill() throws InterruptedException {
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid()).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            process.destroyForcibly();
        }
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (holdsMachineLock) {
                holdsMachineLock = false;
                releaseMachineLock();
            }
        }
    }

    private static void acquireMachineLock() throws IOException {
        synchronized (MACHINE_LOCK_GUARD) {
            if (machineLockHolders == 0) {
                machineLockFile = FileChannel.open(Path.of(System.getProperty("java.io.tmpdir"), "nftb-uhd-sim.lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                machineLock = machineLockFile.lock();
            }
            machineLockHolders++;
        }
    }

    private static void releaseMachineLock() {
        synchronized (MACHINE_LOCK_GUARD) {
            if (--machineLockHolders == 0) {
                try {
                    machineLock.release();
                    machineLockFile.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
