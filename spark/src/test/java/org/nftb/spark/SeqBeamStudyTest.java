package org.nftb.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.config.ConfigException;
import org.nftb.montecarlo.Results;
import org.nftb.montecarlo.Study;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 002's Fig. 5 as a study kind: two realizations run in-process and on Spark ({@code local[2]}, three
 * partitions) give the same per-trial bounds bit for bit (the design times, measurements of the machine, excluded),
 * and the study writes its Parquet table and figure.
 */
class SeqBeamStudyTest {
    static final String SPEC = """
            study: tiny-seqbeam
            kind: seqbeam-fig5
            trials: 2
            seed: 7
            """;

    @Test
    void fig5RealizationsAreTheSameInProcessAndOnSparkAndTheStudyWritesItsFigure(@TempDir Path dir) throws Exception {
        StudyJob job = new StudyJob(StudySpec.parse("tiny.yaml (test)", Path.of("").toAbsolutePath(), SPEC));
        Study study = job.study();
        StudyJob.Run local;
        try (InProcessEngine e = new InProcessEngine(2)) {
            local = job.run(e);
            assertTrue(job.write(local, e, dir));
        }
        Results a = local.results();
        Results b;
        try (SparkEngine s = new SparkEngine("local[2]", 3, Map.of())) {
            b = job.run(s).results();
        }
        int compared = 0;
        for (int t = 0; t < a.trials(); t++) {
            for (int m = 0; m < a.metrics(); m++) {
                if (study.timingMetric(m)) {
                    continue;
                }
                assertEquals(Double.doubleToRawLongBits(a.get(0, t, m)), Double.doubleToRawLongBits(b.get(0, t, m)),
                        "trial " + t + ", " + study.metricLabels().get(m));
                compared++;
            }
        }
        assertTrue(compared >= 2 * 10 * 4 * 4, "compared " + compared);
        assertTrue(Files.size(dir.resolve("trials.parquet")) > 0 && Files.size(dir.resolve("fig5.png")) > 0);
    }

    @Test
    void aSeqbeamSpecWithAConfigOrAnSnrGridIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> StudySpec.parse("bad.yaml", Path.of(""),
                SPEC + "snr: [1, 2]\n"));
        assertTrue(e.getMessage().contains("no config and no snr"), e.getMessage());
    }
}
