package org.nftb.spark;

import org.apache.spark.TaskContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.methods.dftmusic.bench.FiguresStudy;
import org.nftb.montecarlo.Results;
import org.nftb.montecarlo.Trial;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed-001 Figs. 3-6 study in-process and on Spark ({@code local[2,4]}: two task threads, a task may be tried
 * four times) gives the same per-trial numbers bit for bit, whatever the partitioning and when a task fails after
 * computing half its trials and is retried. The CPU-time metrics are measurements of the machine and excluded.
 */
class SparkStudyTest {
    static final String SPEC = """
            study: tiny-figures
            kind: dftmusic-figures
            config: ../hw-config/seed001-sim.yaml
            snr: [20, 40]
            trials: 6
            baselineTrials: 1
            seed: 11
            """;

    static SparkEngine spark;
    static StudyJob job;
    static Results inProcess;

    @BeforeAll
    static void start() {
        job = new StudyJob(StudySpec.parse("tiny.yaml (test)", Path.of("").toAbsolutePath(), SPEC));
        try (InProcessEngine e = new InProcessEngine(2)) {
            inProcess = job.run(e).results();
        }
        spark = new SparkEngine("local[2,4]", 3, Map.of());
    }

    @AfterAll
    static void stop() {
        spark.close();
    }

    static void assertSameTrials(Results expected, Results actual) {
        assertEquals(expected.points(), actual.points());
        assertEquals(expected.trials(), actual.trials());
        int compared = 0;
        for (int p = 0; p < expected.points(); p++) {
            for (int t = 0; t < expected.trials(); t++) {
                for (int m = 0; m < expected.metrics(); m++) {
                    if (FiguresStudy.isTiming(m)) {
                        continue;
                    }
                    assertEquals(Double.doubleToRawLongBits(expected.get(p, t, m)),
                            Double.doubleToRawLongBits(actual.get(p, t, m)), "point " + p + ", trial " + t
                                    + ", metric " + FiguresStudy.metricNames().get(m));
                    compared++;
                }
            }
        }
        assertTrue(compared >= 2 * 6 * 28, "compared " + compared);
    }

    @Test
    void sparkGivesTheInProcessTrialsBitForBitForAnyPartitioning() {
        for (int partitions : new int[]{1, 3, 5, 12}) {
            try (SparkEngine e = spark.withPartitions(partitions)) {
                assertSameTrials(inProcess, job.run(e).results());
            }
        }
    }

    @Test
    void aTaskThatFailsAfterHalfItsTrialsIsRetriedWithoutDuplicatesOrLosses() {
        FailsOnce trial = new FailsOnce(job.study().trial());
        try (SparkEngine e = spark.withPartitions(4)) {
            Results r = e.study(trial, 2, 6, 11);
            assertSameTrials(inProcess, r);
        }
        assertTrue(spark.context().sc().statusTracker().getExecutorInfos().length >= 1);
    }

    @Test
    void theStudyWritesItsTrialsAsParquetBesideTheSummariesAndProvenance(@TempDir Path out) throws Exception {
        StudyJob.Run run = job.run(spark);
        job.write(run, spark, out);
        List<Object[]> rows = ParquetTable.read(out.resolve("trials.parquet"));
        assertEquals(12, rows.size());
        // row (point 1, trial 2): MUSIC-PC's angle error, column 4 + 4·MUSIC_PC
        Object[] row = rows.get(6 + 2);
        assertEquals(1, row[0]);
        assertEquals(40.0, row[1]);
        assertEquals(2, row[2]);
        assertEquals(inProcess.get(1, 2, 8), (double) row[4 + 8]);
        for (String f : new String[]{"nmse.csv", "nmse.png", "spec.yaml", "run.json"}) {
            assertTrue(java.nio.file.Files.size(out.resolve(f)) > 0, f);
        }
        String info = java.nio.file.Files.readString(out.resolve("run.json"));
        assertTrue(info.contains("\"codeVersion\" : \"git "), info);
        assertTrue(info.contains("\"calibration\" : \"simulated data"), info);
        assertTrue(info.contains("\"engine\" : \"spark local[2,4]"), info);
    }

    /** The study's trial, failing its task's first attempt after three trials (only in task 1). */
    record FailsOnce(Trial<?> inner) implements Trial<Object> {
        @Override
        public int metrics() {
            return inner.metrics();
        }

        @Override
        public Object newContext() {
            return new Object[]{inner.newContext(), new int[1]};
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public void run(Object context, int point, int trial, long seed, double[] out) {
            Object[] c = (Object[]) context;
            ((Trial) inner).run(c[0], point, trial, seed, out);
            TaskContext task = TaskContext.get();
            if (task != null && task.partitionId() == 1 && task.attemptNumber() == 0 && ++((int[]) c[1])[0] == 3) {
                throw new IllegalStateException("test: task killed after three trials");
            }
        }
    }
}
