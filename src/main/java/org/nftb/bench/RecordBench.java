package org.nftb.bench;

import com.sun.management.OperatingSystemMXBean;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.config.PipelineConfig.RingMode;
import org.nftb.config.RunConfig;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;
import org.nftb.device.StreamStart;
import org.nftb.device.sim.SimulatedArray;
import org.nftb.montecarlo.Stats;
import org.nftb.record.Recorder;
import org.nftb.record.RecordingSpec;
import org.nftb.run.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.nftb.run.Configs;

/**
 * {@code nftb bench record}: sustained recording of a 16-channel simulated stream to local disk against
 * {@code /bin/dd} writing the same number of bytes to the same directory, in rounds of one run whose order turns
 * (all forced to disk at the end: dd with {@code conv=fdatasync}, the recorder with {@code fdatasync} on every data
 * file), with and without the SHA-512 of the data; then a live-mode recording paced at a fraction of the recorder's
 * measured rate, where a writer falling behind would drop (counted); then replay at max pace of the default
 * scenario ({@link ReplayThroughput}).
 *
 * <p>The stream: the simulated array's first {@value #POOL} buffers of {@value #BUFFER} samples per channel,
 * synthesized once and delivered again with advancing stream indices (the simulator synthesizes slower than a disk
 * writes; its own rate is printed).
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Recording throughput vs dd on the same disk; live recording without drops; replay at max pace.")
public final class RecordBench implements Callable<Integer> {
    static final int POOL = 4;
    static final int BUFFER = 1 << 16;

    @Option(names = "--dir", description = "directory on the disk to measure (default ${DEFAULT-VALUE})")
    Path dir = Path.of("target/bench-record");

    @Option(names = "--mib", description = "MiB written per round by each side (default ${DEFAULT-VALUE})")
    int mib = 1024;

    @Option(names = "--rounds", description = "alternating rounds (default ${DEFAULT-VALUE})")
    int rounds = 5;

    @Option(names = "--channels", description = "channels of the simulated stream (default ${DEFAULT-VALUE})")
    int channels = 16;

    @Option(names = "--live-seconds", description = "length of the paced live-mode recording (default ${DEFAULT-VALUE})")
    double liveSeconds = 10;

    @Option(names = "--live-fractions", split = ",", description = "its rates as fractions of the recorder's median "
            + "(default 0.5,0.9)")
    double[] liveFractions = {0.5, 0.9};

    @Option(names = "--replay-cpis", description = "CPIs of the default scenario replayed (default ${DEFAULT-VALUE})")
    int replayCpis = 150;

    @Option(names = "--replay-rounds", description = "replay rounds (default ${DEFAULT-VALUE})")
    int replayRounds = 9;

    @Override
    public Integer call() throws Exception {
        if (mib < 1 || rounds < 1 || channels < 1 || !(liveSeconds > 0) || liveFractions.length == 0 || replayCpis < 1
                || replayRounds < 1) {
            throw new UsageException("all options must be positive");
        }
        Files.createDirectories(dir);
        String yaml = streamYaml(channels);
        RunConfig cfg = Configs.parse("bench record (" + channels + "-channel stream)", yaml);
        CalibrationTable identity = CalibrationTable.identity(channels, cfg.rxArray().fingerprint(),
                cfg.carrierFrequencyHz());
        RecordingSpec spec = RecordingSpec.cf32(cfg, yaml, cfg.source(), identity);
        long bytes = (long) mib << 20;
        System.out.printf(Locale.ROOT, "record bench: %d channels cf32_le (%d B per sample instant), %d MiB per "
                        + "round, %d rounds alternating with /bin/dd bs=1M conv=fdatasync, in %s; %d processors%n",
                channels, 8 * channels, mib, rounds, dir.toAbsolutePath(), Runtime.getRuntime().availableProcessors());
        try (SimulatedArray sim = new SimulatedArray(cfg)) {
            RxBuffer[] pool = pool(sim);
            double[] dd = new double[rounds];
            double[] rec = new double[rounds];
            double[] bare = new double[rounds];
            double[] ratio = new double[rounds];
            double[] bareRatio = new double[rounds];
            double[][] cpu = new double[3][rounds];
            RecordingSpec lossless = spec.withMode(RingMode.LOSSLESS);
            for (int r = 0; r < rounds; r++) {
                for (int side = 0; side < 3; side++) {   // the order turns round by round
                    switch ((side + r) % 3) {
                        case 0 -> {
                            double[] d = dd(bytes);
                            dd[r] = d[0];
                            cpu[0][r] = d[1];
                        }
                        case 1 -> {
                            Outcome o = record(sim, pool, lossless, bytes, 0, "round" + r);
                            rec[r] = o.rateMBps;
                            cpu[1][r] = o.cpuSecondsPerGB;
                        }
                        default -> {
                            Outcome o = record(sim, pool, lossless.withSha512(false), bytes, 0, "round" + r);
                            bare[r] = o.rateMBps;
                            cpu[2][r] = o.cpuSecondsPerGB;
                        }
                    }
                }
                ratio[r] = rec[r] / dd[r];
                bareRatio[r] = bare[r] / dd[r];
                System.out.printf(Locale.ROOT, "round %d: dd %.0f MB/s, recorder %.0f MB/s (%.1f %%), recorder "
                        + "without SHA-512 %.0f MB/s (%.1f %%)%n", r + 1, dd[r], rec[r], 100 * ratio[r], bare[r],
                        100 * bareRatio[r]);
            }
            print("dd                 ", dd, cpu[0]);
            print("recorder           ", rec, cpu[1]);
            print("recorder, no SHA512", bare, cpu[2]);
            System.out.printf(Locale.ROOT, "ratio to dd (same round): recorder median %.1f %% (min %.1f %%, max %.1f %%); "
                            + "without SHA-512 median %.1f %% (min %.1f %%, max %.1f %%); goal >= 90 %%%n",
                    100 * Stats.median(ratio), 100 * Stats.quantile(ratio, 0), 100 * Stats.quantile(ratio, 1),
                    100 * Stats.median(bareRatio), 100 * Stats.quantile(bareRatio, 0),
                    100 * Stats.quantile(bareRatio, 1));
            System.out.printf(Locale.ROOT, "load average over the last minute: %.1f on %d processors%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
            long liveDropped = 0;
            for (double fraction : liveFractions) {
                double target = fraction * Stats.median(rec);
                Outcome live = record(sim, pool, spec.withMode(RingMode.LIVE), (long) (target * 1e6 * liveSeconds),
                        target, "live");
                System.out.printf(Locale.ROOT, "live mode (a full queue drops), stream paced at %.0f %% of the "
                                + "recorder's median (%.0f MB/s) for %.0f s: %.0f MB/s delivered, %d samples per channel "
                                + "not recorded (%s)%n", 100 * fraction, target, liveSeconds, live.offeredMBps,
                        live.dropped, live.dropped == 0 ? "no drops" : "DROPS");
                liveDropped += live.dropped;
            }
            ReplayThroughput.Result replay = new ReplayThroughput(dir, replayCpis, replayRounds).run();
            boolean ok = Stats.median(ratio) >= 0.9 && liveDropped == 0 && replay.estimatorBound();
            return ok ? 0 : 1;
        } finally {
            delete(dir.resolve("dd.bin"));
        }
    }

    private static void print(String what, double[] mbps, double[] cpuPerGB) {
        System.out.printf(Locale.ROOT, "%s: median %.0f MB/s (min %.0f, max %.0f); CPU %.2f s per GB (median)%n",
                what, Stats.median(mbps), Stats.quantile(mbps, 0), Stats.quantile(mbps, 1), Stats.median(cpuPerGB));
    }

    /** The simulated stream's buffers, synthesized once (and the simulator's own rate). */
    private RxBuffer[] pool(SimulatedArray sim) {
        RxBuffer[] pool = new RxBuffer[POOL];
        sim.startStreaming(StreamStart.NOW);
        long t0 = System.nanoTime();
        for (int i = 0; i < POOL; i++) {
            pool[i] = new RxBuffer(channels, BUFFER);
            sim.receive(pool[i], 1_000_000_000L);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "simulator: %d x %d samples per channel synthesized in %.2f s (%.0f MB/s of "
                + "cf32), then delivered repeatedly%n", POOL, BUFFER, s, POOL * (double) BUFFER * channels * 8 / s / 1e6);
        return pool;
    }

    /** Outcome of one recording: data rate to disk (MB/s, finalised), rate offered, samples dropped, CPU s/GB. */
    private record Outcome(double rateMBps, double offeredMBps, long dropped, double cpuSecondsPerGB) {
    }

    /** CPU time of this JVM so far, seconds (all threads, GC included). */
    private static double processCpuSeconds() {
        // HotSpot's extension of the platform bean has the process CPU time
        return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean s
                ? s.getProcessCpuTime() / 1e9 : Double.NaN;
    }

    /** Records {@code bytes} of the stream; paced at {@code paceMBps} (0: as fast as the recorder takes it). */
    private Outcome record(SimulatedArray sim, RxBuffer[] pool, RecordingSpec spec, long bytes, double paceMBps,
                           String name) throws Exception {
        Path out = dir.resolve(name);
        delete(out);
        long instants = bytes / (8L * channels);
        double nanosPerSample = 1e9 / spec.config().radio().sampleRateHz();
        double cpu0 = processCpuSeconds();
        long t0 = System.nanoTime();
        Recorder recorder = Recorder.start(out, spec, sim);
        long sent = 0;
        for (long i = 0; sent < instants; i++) {
            RxBuffer b = pool[(int) (i % POOL)];
            int n = (int) Math.min(BUFFER, instants - sent);
            b.set(n, sent, (long) (sent * nanosPerSample), RxStatus.OK, "");
            if (paceMBps > 0) {
                long due = t0 + (long) (sent * 8.0 * channels / (paceMBps * 1e6) * 1e9);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            recorder.accept(b);
            sent += n;
        }
        double offered = sent * 8.0 * channels / ((System.nanoTime() - t0) / 1e9) / 1e6;
        Recorder.Result r = recorder.stop();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (r.failure() != null || r.notFinalised() != null) {
            throw new IOException("recording failed: " + r);
        }
        double cpu = processCpuSeconds() - cpu0;
        delete(out);
        double gb = r.samplesWritten() * 8.0 * channels / 1e9;
        return new Outcome(r.samplesWritten() * 8.0 * channels / seconds / 1e6, offered, r.samplesDropped(), cpu / gb);
    }

    /**
     * /bin/dd writing {@code bytes} of zeros to the same directory, forced to disk: MB/s by wall clock (bash's start
     * included, a few ms) and the CPU seconds per GB it used (user + system, from bash's {@code times}).
     */
    private double[] dd(long bytes) throws IOException, InterruptedException {
        Path file = dir.resolve("dd.bin");
        delete(file);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("bash", "-c", "/bin/dd if=/dev/zero of='" + file + "' bs=1M count="
                + (bytes >> 20) + " conv=fdatasync 2>/dev/null && times").redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("/bin/dd failed: " + said);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        delete(file);
        String[] lines = said.trim().split("\n");
        String[] children = lines[lines.length - 1].trim().split("\\s+");   // "0m0.004s 0m0.612s"
        double cpu = bashTime(children[0]) + bashTime(children[1]);
        return new double[] {bytes / seconds / 1e6, cpu / (bytes / 1e9)};
    }

    private static double bashTime(String t) {
        int m = t.indexOf('m');
        return Double.parseDouble(t.substring(0, m)) * 60 + Double.parseDouble(t.substring(m + 1, t.length() - 1));
    }

    static void delete(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(f);
            }
        }
    }

    /** A {@code channels}-element array at 10 MHz per channel (any rate: the bench delivers as fast as taken). */
    static String streamYaml(int channels) {
        return String.format(Locale.ROOT, """
                name: bench record (%d-channel simulated stream)
                carrierFrequency: 28 GHz
                symbolRate: 5 kHz
                cpiSymbols: 32
                arrays:
                  rx:
                    ula: {count: %d, spacingWavelengths: 0.5, origin: [0 m, 0 m], orientation: 0 deg}
                  tx: rx
                radio:
                  backend: sim
                  sampleRate: 10 MHz
                  channels: %d
                estimator:
                  type: dftmusic
                  lookup: {ranges: {min: 0.5 m, max: 10 m, count: 8}}
                scene:
                  seed: 1
                  motion: frozen
                  realTime: false
                  targets:
                    - {range: 2 m, angle: 10 deg, radialVelocity: 3 m/s, transverseVelocity: 1 m/s, processedSnrDb: 30}
                """, channels, channels, channels);
    }
}
