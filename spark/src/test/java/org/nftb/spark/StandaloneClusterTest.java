package org.nftb.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.montecarlo.Results;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end on a real Spark standalone cluster on loopback: a Master and a Worker, each its own JVM started from
 * the Maven Central jars' class path ({@code org.apache.spark.deploy.master.Master},
 * {@code org.apache.spark.deploy.worker.Worker}: the classes a Spark distribution ships; no distribution is on this
 * machine and none is downloaded), bound to 127.0.0.1. The worker starts an executor JVM, which fetches nftb's jars
 * from the driver ({@code spark.jars}) and runs a small seed-001 study (its trials equal the in-process run's bit
 * for bit, its outputs are written) and re-processes a recorded archive (every CPI once, the corrupt capture
 * reported). (A *Test, not an *IT, so that the top-level {@code mvn -B test} runs it.)
 */
class StandaloneClusterTest {

    @Test
    void aSmallStudyAndAnArchiveRunEndToEndOnALoopbackStandaloneClusterWithTheInProcessResults(@TempDir Path dir)
            throws Exception {
        StudyJob job = new StudyJob(StudySpec.parse("tiny.yaml (test)", Path.of("").toAbsolutePath(),
                SparkStudyTest.SPEC));
        Results local;
        try (InProcessEngine e = new InProcessEngine(1)) {
            local = job.run(e).results();
        }
        try (StandaloneCluster cluster = StandaloneCluster.start(dir.resolve("cluster"), 2, 2048);
             SparkEngine spark = new SparkEngine(cluster.masterUrl(), 5, Map.of("spark.cores.max", "2",
                     "spark.executor.memory", "1g"))) {
            assertTrue(spark.describe().startsWith("spark " + cluster.masterUrl()), spark.describe());
            StudyJob.Run run = job.run(spark);
            SparkStudyTest.assertSameTrials(local, run.results());
            job.write(run, spark, dir.resolve("out"));
            List<Object[]> rows = ParquetTable.read(dir.resolve("out/trials.parquet"));
            assertEquals(12, rows.size());
            // captures re-processed by the executor from their paths (the same on every node of this cluster)
            List<String> captures = new java.util.ArrayList<>();
            org.nftb.jobs.ReprocessJob reprocess = SparkReprocessTest.recordArchive(dir, captures);
            Reprocess.Report r = Reprocess.run(reprocess, captures, spark, dir.resolve("cpis-out"), 6, false,
                    CpiRows.WORK);
            SparkReprocessTest.assertEveryGoodCpiOnce(SparkReprocessTest.rows(dir.resolve("cpis-out")), captures);
            assertEquals(List.of(captures.get(2)), r.failed().stream().map(Reprocess.CaptureReport::capture).toList());
            // the work ran in an executor JVM the worker started (the driver is listed too)
            assertEquals(2, spark.context().sc().statusTracker().getExecutorInfos().length);
        }
    }
}
