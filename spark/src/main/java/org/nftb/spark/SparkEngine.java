package org.nftb.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.nftb.dsp.Fft;
import org.nftb.jobs.ReprocessJob;
import org.nftb.montecarlo.Results;
import org.nftb.montecarlo.Trial;
import org.nftb.montecarlo.TrialSeeds;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Runs jobs on a Spark cluster ({@code --engine spark --master URL}). What is shipped once: the job value (a
 * study's {@link Trial} with its estimator set-up, or a {@link ReprocessJob}) is built on the driver and broadcast,
 * so each executor deserializes it once and tasks carry only their index range. A study is cut into
 * {@code partitions} contiguous ranges of (point, trial); every trial is seeded by {@link TrialSeeds} from its own
 * indices, so the cut, the executor and the attempt do not change a result. Results come back through Spark's
 * task results (one successful attempt per partition counts), so a retried task neither duplicates nor loses a
 * trial; a re-processing task writes its own Parquet part, named by its range, by atomic rename.
 */
public final class SparkEngine implements JobEngine {
    private final JavaSparkContext sc;
    private final int partitions;
    private final boolean owner;

    /**
     * @param master     Spark master URL ({@code local[2]}, {@code spark://host:7077})
     * @param partitions pieces a study is cut into (0: four per core the cluster offers)
     * @param conf       extra Spark settings ({@code --conf key=value})
     */
    public SparkEngine(String master, int partitions, Map<String, String> conf) {
        SparkConf c = new SparkConf().setAppName("nftb").setMaster(master)
                .set("spark.ui.enabled", "false")
                .set("spark.task.maxFailures", "4");
        if (master.startsWith("local") || master.contains("://127.0.0.1") || master.contains("://localhost")) {
            c.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        if (!master.startsWith("local")) {
            c.set("spark.jars", String.join(",", AppJars.forExecutors()));
        }
        conf.forEach(c::set);
        this.sc = new JavaSparkContext(c);
        sc.setLogLevel("WARN");
        this.partitions = partitions > 0 ? partitions : 4 * Math.max(1, sc.defaultParallelism());
        this.owner = true;
    }

    private SparkEngine(JavaSparkContext sc, int partitions) {
        this.sc = sc;
        this.partitions = partitions;
        this.owner = false;
    }

    /** The same cluster connection, studies cut into {@code n} pieces (closing it leaves the connection open). */
    public SparkEngine withPartitions(int n) {
        return new SparkEngine(sc, n);
    }

    @Override
    public String describe() {
        return "spark " + sc.master() + ", " + sc.defaultParallelism() + " core(s), studies cut into " + partitions
                + " pieces";
    }

    public JavaSparkContext context() {
        return sc;
    }

    @Override
    public Results study(Trial<?> trial, int points, int trials, long seed, LongConsumer progress) {
        long total = (long) points * trials;
        int n = (int) Math.max(1, Math.min(partitions, total));
        List<long[]> cuts = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            cuts.add(new long[]{total * p / n, total * (p + 1) / n});
        }
        Broadcast<Trial<?>> shipped = sc.broadcast(trial);
        List<double[]> rows = withTaskProgress(tasks -> progress.accept(Math.min(total, tasks * total / n)),
                () -> sc.parallelize(cuts, n).mapPartitions(it -> run(shipped.value(), it, trials, seed)).collect());
        shipped.destroy();
        Results results = new Results(points, trials, trial.metrics());
        double[] m = new double[trial.metrics()];
        for (double[] r : rows) {
            System.arraycopy(r, 2, m, 0, m.length);
            results.put((int) r[0], (int) r[1], m);
        }
        return results;
    }

    /** One task: a context made once, then every (point, trial) of its cuts; rows are (point, trial, metrics…). */
    static <C> Iterator<double[]> run(Trial<C> trial, Iterator<long[]> cuts, int trials, long seed) {
        Fft.singleThreaded();   // Spark owns the executor's threads
        C context = trial.newContext();
        List<double[]> out = new ArrayList<>();
        while (cuts.hasNext()) {
            long[] cut = cuts.next();
            for (long i = cut[0]; i < cut[1]; i++) {
                int point = (int) (i / trials);
                int t = (int) (i % trials);
                double[] row = new double[2 + trial.metrics()];
                double[] m = new double[trial.metrics()];
                trial.run(context, point, t, TrialSeeds.seed(seed, point, t), m);
                row[0] = point;
                row[1] = t;
                System.arraycopy(m, 0, row, 2, m.length);
                out.add(row);
            }
        }
        return out.iterator();
    }

    @Override
    public List<RangeOutcome> count(ReprocessJob job, List<String> captures) {
        Broadcast<ReprocessJob> shipped = sc.broadcast(job);
        List<Integer> idx = IntStream.range(0, captures.size()).boxed().toList();
        List<String> names = List.copyOf(captures);
        return sc.parallelize(idx, Math.max(1, idx.size()))
                .map(i -> JobEngine.countOne(shipped.value(), i, names.get(i))).collect();
    }

    @Override
    public List<RangeOutcome> reprocess(ReprocessJob job, List<CpiRange> ranges, Path outDir, CpiRows.RangeWork work,
                                        LongConsumer progress) {
        if (ranges.isEmpty()) {
            return List.of();
        }
        Broadcast<ReprocessJob> shipped = sc.broadcast(job);
        ParquetTable table = CpiRows.table(job);
        String out = outDir.toAbsolutePath().toString();
        return withTaskProgress(progress, () -> sc.parallelize(ranges, ranges.size()).mapPartitions(it -> {
            ReprocessJob.Worker worker = shipped.value().newWorker();
            List<RangeOutcome> done = new ArrayList<>();
            while (it.hasNext()) {
                done.add(work.run(worker, table, it.next(), Path.of(out)));
            }
            return done.iterator();
        }).collect());
    }

    /**
     * Runs {@code job} (one Spark job at a time) with a listener that tells {@code tasksDone} how many of its tasks
     * have succeeded so far (a retried task counts once, when it succeeds).
     */
    private <T> T withTaskProgress(LongConsumer tasksDone, Supplier<T> job) {
        AtomicLong succeeded = new AtomicLong();
        SparkListener listener = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskInfo() != null && end.taskInfo().successful()) {
                    tasksDone.accept(succeeded.incrementAndGet());
                }
            }
        };
        sc.sc().addSparkListener(listener);
        try {
            return job.get();
        } finally {
            sc.sc().removeSparkListener(listener);
        }
    }

    @Override
    public void close() {
        if (owner) {
            sc.stop();
        }
    }
}
