package org.nftb.spark;

import org.apache.spark.launcher.JavaModuleOptions;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on loopback: one {@code org.apache.spark.deploy.master.Master} and one
 * {@code org.apache.spark.deploy.worker.Worker}, each a JVM of its own started from the Maven Central jars' class
 * path (the same classes a Spark binary distribution ships in its {@code jars/}; no distribution is installed or
 * downloaded). The worker launches executor JVMs itself from a {@code SPARK_HOME} made here whose {@code jars/}
 * links those jars. Everything binds to 127.0.0.1. Used by the integration test and {@code nftb bench spark}.
 */
public final class StandaloneCluster implements AutoCloseable {
    /** System property naming the file that lists Spark's jars (spark/target/spark.classpath). */
    static final String SPARK_CLASSPATH = "nftb.spark.sparkClasspath";
    private static final String HOST = "127.0.0.1";
    private static final long START_TIMEOUT_MS = 90_000;

    private final List<Process> processes = new ArrayList<>();
    private final String masterUrl;
    private final Path dir;
    private final Thread stopAtExit = new Thread(this::close, "nftb-standalone-cluster-stop");

    private StandaloneCluster(Path dir, int workerCores, int workerMemoryMb) throws IOException {
        this.dir = dir;
        String classpath = Files.readString(Path.of(required(SPARK_CLASSPATH))).trim();
        Path home = dir.resolve("spark-home");
        Path jars = home.resolve("jars");
        Files.createDirectories(jars);
        for (String jar : classpath.split(File.pathSeparator)) {
            Path link = jars.resolve(Path.of(jar).getFileName());
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, Path.of(jar));
            }
        }
        Runtime.getRuntime().addShutdownHook(stopAtExit);   // no orphaned JVMs when the caller is interrupted
        int port = freePort();
        this.masterUrl = "spark://" + HOST + ":" + port;
        try {
            start(home, classpath, "master", "org.apache.spark.deploy.master.Master", "I have been elected leader",
                    "--host", HOST, "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort()));
            Path work = dir.resolve("work");
            Files.createDirectories(work);
            start(home, classpath, "worker", "org.apache.spark.deploy.worker.Worker",
                    "Successfully registered with master", masterUrl, "--host", HOST, "--cores",
                    String.valueOf(workerCores), "--memory", workerMemoryMb + "m", "--work-dir", work.toString(),
                    "--webui-port", String.valueOf(freePort()));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts master and worker (offering {@code workerCores} cores) under {@code dir}; returns once registered. */
    public static StandaloneCluster start(Path dir, int workerCores, int workerMemoryMb) throws IOException {
        return new StandaloneCluster(dir, workerCores, workerMemoryMb);
    }

    public String masterUrl() {
        return masterUrl;
    }

    /** CPU time (s) used so far by the JVMs the worker started (the executors), alive ones only. */
    public double executorCpuSeconds() {
        if (processes.size() < 2) {
            return 0;
        }
        return processes.get(1).descendants().mapToDouble(p -> p.info().totalCpuDuration()
                .map(d -> d.toNanos() / 1e9).orElse(0.0)).sum();
    }

    private void start(Path home, String classpath, String name, String mainClass, String ready, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.addAll(List.of(moduleOptions().split(" ")));
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_LOCAL_IP", HOST);
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOG_DIR", dir.toString());
        processes.add(pb.start());
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            if (text.contains(ready)) {
                return;
            }
            if (!processes.get(processes.size() - 1).isAlive()) {
                throw new IllegalStateException("Spark " + name + " exited during start-up; its log " + log + ":\n"
                        + text);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting Spark " + name, e);
            }
        }
        throw new IllegalStateException("Spark " + name + " did not report '" + ready + "' within "
                + START_TIMEOUT_MS / 1000 + " s; see " + log);
    }

    /** The JDK 17 module flags Spark 4 needs (its own list, from spark-launcher). */
    static String moduleOptions() {
        return JavaModuleOptions.defaultModuleOptions();
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null) {
            throw new IllegalStateException("system property " + property + " is not set (the launcher and the "
                    + "module's tests set it to spark/target/spark.classpath)");
        }
        return v;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    /** Stops the worker (and the executors it started) and the master: only the processes started here. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
    }

}
