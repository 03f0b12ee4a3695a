package org.nftb.spark;

import org.nftb.run.UsageException;
import org.nftb.montecarlo.Results;
import org.nftb.montecarlo.Stats;
import org.nftb.cli.BenchSparkCommand;
import org.nftb.methods.dftmusic.bench.FiguresStudy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code nftb bench spark}: scaling and overhead of the Spark runner, measured side by side in one run. Starts a
 * loopback standalone cluster (one worker offering 2 cores; {@link StandaloneCluster}) and, for each repeat, runs
 * the same seed-001 study in-process on 1 thread, on Spark with 1 executor core and on Spark with 2 executor cores
 * (each Spark run a new application, so a fresh executor JVM). Times are of the study job (submit to all trials
 * back on the driver); application start-up (context, executor launch) is printed separately. Bars: 2-core time
 * ≤ 60 % of 1-core, Spark 1-core ≤ 1.15 × in-process; both as medians over repeats of the per-repeat ratios.
 */
final class SparkBench {
    private final int trials;
    private final double[] snrDb;
    private final int repeats;
    private final int partitions;
    private final Path out;

    /** The options of {@code nftb bench spark} ({@link BenchSparkCommand}). */
    SparkBench(int trials, double[] snrDb, int repeats, int partitions, Path out) {
        this.trials = trials;
        this.snrDb = snrDb;
        this.repeats = repeats;
        this.partitions = partitions;
        this.out = out;
    }

    /** Runs the benchmark; 0 when both bars hold, 1 otherwise or when Spark's trials differ from in-process. */
    int run() throws Exception {
        if (trials < 1 || repeats < 1 || snrDb.length == 0 || partitions < 2) {
            throw new UsageException("need --trials >= 1, --repeats >= 1, an SNR and --partitions >= 2");
        }
        StringBuilder spec = new StringBuilder("study: spark-bench\nconfig: default\nsnr: [");
        for (int i = 0; i < snrDb.length; i++) {
            spec.append(i > 0 ? ", " : "").append(snrDb[i]);
        }
        spec.append("]\ntrials: ").append(trials).append("\nbaselineTrials: 0\nseed: 2026\n");
        StudyJob job = new StudyJob(StudySpec.parse("nftb bench spark", Path.of("."), spec.toString()));
        int total = snrDb.length * trials;
        System.out.printf(Locale.ROOT, "nftb bench spark: seed-001 study, %d SNR points x %d trials = %d trials "
                + "(dftmusic on PC and CE data, no baselines), %d repeats, %d partitions on Spark%n", snrDb.length,
                trials, total, repeats, partitions);
        printShipped(job, total);
        Files.createDirectories(out);
        double[][] s = new double[3][repeats];      // in-process 1, spark 1, spark 2: job seconds
        double[][] cpu = new double[3][repeats];    // CPU seconds the work got (this JVM; the executor JVM)
        double[][] startup = new double[2][repeats];
        Results[] reference = {null};
        try (StandaloneCluster cluster = StandaloneCluster.start(Files.createTempDirectory("nftb-spark-bench"), 2,
                3072)) {
            System.out.println("cluster: " + cluster.masterUrl() + " (master + worker JVMs on 127.0.0.1, 2 cores)");
            for (int r = 0; r < repeats; r++) {
                for (int k = 0; k < 3; k++) {
                    int run = (k + r) % 3;   // the order rotates, so that drifting load hits every run alike
                    if (!measure(run, r, job, cluster, s, cpu, startup, reference)) {
                        System.out.println("MISMATCH: Spark trials differ from in-process");
                        return 1;
                    }
                }
                System.out.printf(Locale.ROOT, "repeat %d: in-process 1 thread %.1f s (%.2f cores) | Spark 1 core "
                                + "%.1f s (%.2f) | Spark 2 cores %.1f s (%.2f) | app start %.1f / %.1f s%n", r + 1,
                        s[0][r], cpu[0][r] / s[0][r], s[1][r], cpu[1][r] / s[1][r], s[2][r], cpu[2][r] / s[2][r],
                        startup[0][r], startup[1][r]);
            }
        }
        printCpu(cpu, s, total);
        return report(s, startup, total) ? 0 : 1;
    }

    /** Runs {@code run} (0 in-process, 1 and 2 Spark cores) once; false when Spark's trials differ. */
    private boolean measure(int run, int r, StudyJob job, StandaloneCluster cluster, double[][] s, double[][] cpu,
                            double[][] startup, Results[] reference) {
        if (run == 0) {
            double c0 = processCpuSeconds();
            try (InProcessEngine e = new InProcessEngine(1)) {
                StudyJob.Run done = job.run(e);
                s[0][r] = done.seconds();
                cpu[0][r] = processCpuSeconds() - c0;
                reference[0] = reference[0] == null ? done.results() : reference[0];
            }
            return true;
        }
        long t0 = System.nanoTime();
        try (SparkEngine e = new SparkEngine(cluster.masterUrl(), partitions, Map.of("spark.cores.max",
                String.valueOf(run), "spark.executor.cores", String.valueOf(run), "spark.executor.memory", "1g"))) {
            e.context().parallelize(List.of(1), 1).count();   // wait for the executor to register
            startup[run - 1][r] = (System.nanoTime() - t0) / 1e9;
            double c0 = cluster.executorCpuSeconds();
            StudyJob.Run done = job.run(e);
            s[run][r] = done.seconds();
            cpu[run][r] = cluster.executorCpuSeconds() - c0;
            return reference[0] == null || sameTrials(reference[0], done.results());
        }
    }

    private static double processCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /**
     * CPU the runs got: on a shared machine the wall-time ratios say as much about the other jobs as about Spark,
     * so the CPU seconds per trial (what a dedicated core would take) and the cores each run effectively had are
     * printed beside them.
     */
    private void printCpu(double[][] cpu, double[][] s, int total) {
        String[] names = {"in-process, 1 thread", "Spark, 1 executor core", "Spark, 2 executor cores"};
        for (int k = 0; k < 3; k++) {
            double[] perTrial = new double[repeats];
            double[] cores = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                perTrial[r] = cpu[k][r] / total * 1e3;
                cores[r] = cpu[k][r] / s[k][r];
            }
            System.out.printf(Locale.ROOT, "%-24s CPU per trial median %.1f ms (min %.1f, max %.1f); cores it got: "
                            + "median %.2f (min %.2f, max %.2f)%n", names[k], Stats.median(perTrial),
                    Stats.quantile(perTrial, 0), Stats.quantile(perTrial, 1), Stats.median(cores),
                    Stats.quantile(cores, 0), Stats.quantile(cores, 1));
        }
    }

    private boolean report(double[][] s, double[][] startup, int total) throws IOException {
        double[] scaling = new double[repeats];
        double[] overhead = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            scaling[r] = s[2][r] / s[1][r];
            overhead[r] = s[1][r] / s[0][r];
        }
        String[] names = {"in-process, 1 thread", "Spark, 1 executor core", "Spark, 2 executor cores"};
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("scaling.csv")))) {
            w.println("run,repeat,seconds,trials_per_s");
            for (int k = 0; k < 3; k++) {
                System.out.printf(Locale.ROOT, "%-24s median %.1f s (min %.1f, max %.1f), %.1f trials/s%n", names[k],
                        Stats.median(s[k]), Stats.quantile(s[k], 0), Stats.quantile(s[k], 1),
                        total / Stats.median(s[k]));
                for (int r = 0; r < repeats; r++) {
                    w.printf(Locale.ROOT, "%s,%d,%.3f,%.2f%n", names[k], r + 1, s[k][r], total / s[k][r]);
                }
            }
        }
        System.out.printf(Locale.ROOT, "Spark application start (context + executor JVM): median %.1f s (1 core), "
                + "%.1f s (2 cores)%n", Stats.median(startup[0]), Stats.median(startup[1]));
        double sc = Stats.median(scaling);
        double ov = Stats.median(overhead);
        System.out.printf(Locale.ROOT, "scaling: 2-core / 1-core time median %.3f (min %.3f, max %.3f); bar <= 0.60: "
                + "%s%n", sc, Stats.quantile(scaling, 0), Stats.quantile(scaling, 1), sc <= 0.60 ? "met" : "MISSED");
        System.out.printf(Locale.ROOT, "overhead: Spark 1-core / in-process 1-thread time median %.3f (min %.3f, "
                + "max %.3f); bar <= 1.15: %s%n", ov, Stats.quantile(overhead, 0), Stats.quantile(overhead, 1),
                ov <= 1.15 ? "met" : "MISSED");
        System.out.println("wrote " + out.resolve("scaling.csv"));
        return sc <= 0.60 && ov <= 1.15;
    }

    /** What a task costs the network: the broadcast job (once per executor), a task's range, its results. */
    private void printShipped(StudyJob job, int total) throws IOException {
        int perTask = (total + partitions - 1) / partitions;
        long broadcast = serializedBytes(job.study().trial());
        long cut = serializedBytes(new long[]{0, perTask});
        long results = (long) perTask * (2 + job.study().trial().metrics()) * Double.BYTES;
        System.out.printf(Locale.ROOT, "shipped: the trial with its estimator set-up, broadcast once per executor: %d "
                + "bytes; per task: its range %d bytes out, %d trials' results ~%d bytes back%n", broadcast, cut,
                perTask, results);
    }

    static long serializedBytes(Object o) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(o);
        }
        return b.size();
    }

    private static boolean sameTrials(Results a, Results b) {
        List<Integer> metrics = new ArrayList<>();
        for (int m = 0; m < a.metrics(); m++) {
            if (!FiguresStudy.isTiming(m)) {
                metrics.add(m);
            }
        }
        for (int p = 0; p < a.points(); p++) {
            for (int t = 0; t < a.trials(); t++) {
                for (int m : metrics) {
                    if (Double.doubleToRawLongBits(a.get(p, t, m)) != Double.doubleToRawLongBits(b.get(p, t, m))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
