package org.nftb.spark;

import org.apache.spark.TaskContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.calibration.CalibrationSelection;
import org.nftb.cli.Main;
import org.nftb.config.RunConfig;
import org.nftb.jobs.ReprocessJob;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.run.Configs;

/**
 * {@code nftb reprocess} over a three-capture archive recorded by {@code nftb record} (8-element array, one capture
 * corrupted): every CPI of the good captures appears exactly once in the Parquet output, with the same values
 * in-process and on Spark ({@code local[2,4]}), also when a task is killed after writing its part and retried;
 * the corrupt capture fails on its own, named in the report, while the rest completes.
 */
class SparkReprocessTest {
    static final int[] CPIS = {23, 17, 9};
    @TempDir
    static Path dir;
    static List<String> captures = new ArrayList<>();
    static ReprocessJob job;
    static SparkEngine spark;

    @BeforeAll
    static void record() throws IOException {
        job = recordArchive(dir, captures);
        spark = new SparkEngine("local[2,4]", 0, Map.of());
    }

    /**
     * Records captures of {@link #CPIS} CPIs with {@code nftb record} into {@code dir} (names added to
     * {@code captures}), corrupts the third, and returns the job that re-processes them.
     */
    static ReprocessJob recordArchive(Path dir, List<String> captures) throws IOException {
        Path config = dir.resolve("small.yaml");
        Files.writeString(config, """
                name: small reprocess array
                carrierFrequency: 28 GHz
                symbolRate: 5 kHz
                cpiSymbols: 4
                arrays:
                  rx:
                    ula: {count: 8, spacingWavelengths: 0.5, origin: [0 m, 0 m], orientation: 0 deg}
                  tx: rx
                radio: {backend: sim, sampleRate: 10 kHz, channels: 8}
                estimator:
                  type: dftmusic
                  cacheDirectory: %s
                  lookup: {ranges: {min: 0.5 m, max: 10 m, count: 8}}
                scene:
                  seed: 5
                  motion: linear
                  realTime: false
                  targets:
                    - {range: 2 m, angle: 10 deg, radialVelocity: 3 m/s, transverseVelocity: -2 m/s, processedSnrDb: 30}
                  calibrationErrors: {phaseMax: 5 deg, amplitudeMax: 1 dB, seed: 7}
                """.formatted(dir.resolve("tables")));
        for (int i = 0; i < CPIS.length; i++) {
            Path cap = dir.resolve("cap" + i);
            assertEquals(0, Main.commandLine().execute("record", "--config", config.toString(), "--out",
                    cap.toString(), "--cpis", String.valueOf(CPIS[i])));
            captures.add(cap.toString());
        }
        // corrupt the third capture's metadata: its recorded SHA-512 no longer matches
        Path meta;
        try (Stream<Path> s = Files.walk(Path.of(captures.get(2)))) {
            meta = s.filter(p -> p.toString().endsWith(".sigmf-meta")).sorted().findFirst().orElseThrow();
        }
        Files.writeString(meta, Files.readString(meta, StandardCharsets.UTF_8).replaceFirst("\\{", "{ "));
        RunConfig cfg = Configs.load(config);
        return ReprocessJob.prepare(cfg, CalibrationSelection.select(cfg, null));
    }

    @AfterAll
    static void stop() {
        spark.close();
    }

    /** Every row of a run's parts keyed by (capture, sequence); fails on a duplicate. */
    static Map<String, Object[]> rows(Path out) throws IOException {
        Map<String, Object[]> rows = new TreeMap<>();
        List<Path> parts;
        try (Stream<Path> s = Files.list(out.resolve("cpis"))) {
            parts = s.sorted(Comparator.naturalOrder()).toList();
        }
        for (Path p : parts) {
            assertTrue(p.getFileName().toString().startsWith("part-"), "stray file " + p);
            for (Object[] r : ParquetTable.read(p)) {
                Object[] before = rows.put(r[0] + "#" + r[1], r);
                assertNull(before, "CPI " + r[0] + " #" + r[1] + " appears twice");
            }
        }
        return rows;
    }

    static void assertEveryGoodCpiOnce(Map<String, Object[]> rows, List<String> captures) {
        assertEquals(CPIS[0] + CPIS[1], rows.size());
        for (int c = 0; c < 2; c++) {
            for (long s = 0; s < CPIS[c]; s++) {
                Object[] r = rows.get(captures.get(c) + "#" + s);
                assertTrue(r != null, "CPI " + s + " of " + captures.get(c) + " missing");
                assertEquals(s * 8, r[2]);
            }
        }
    }

    @Test
    void sparkWritesEveryCpiOnceWithTheInProcessValuesAndReportsTheCorruptCapture(@TempDir Path out)
            throws IOException {
        Reprocess.Report local;
        try (InProcessEngine e = new InProcessEngine(2)) {
            local = Reprocess.run(job, captures, e, out.resolve("local"), 5, false, CpiRows.WORK);
        }
        Reprocess.Report onSpark = Reprocess.run(job, captures, spark, out.resolve("spark"), 4, false, CpiRows.WORK);
        Map<String, Object[]> a = rows(out.resolve("local"));
        Map<String, Object[]> b = rows(out.resolve("spark"));
        assertEveryGoodCpiOnce(a, captures);
        assertEquals(a.keySet(), b.keySet());
        long estimated = 0;
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), k);
            estimated += (Integer) a.get(k)[5];
        }
        assertTrue(estimated >= CPIS[0] + CPIS[1] - 4, "targets found in only " + estimated + " CPIs");
        for (Reprocess.Report r : List.of(local, onSpark)) {
            assertEquals(1, r.failed().size());
            Reprocess.CaptureReport bad = r.failed().get(0);
            assertEquals(captures.get(2), bad.capture());
            assertTrue(bad.error().contains("cap2") && bad.error().contains(".sigmf-"), bad.error());
            assertEquals(0, bad.rows());
        }
        Reprocess.writeReport(onSpark, job, "small.yaml", spark, out.resolve("spark"));
        String info = Files.readString(out.resolve("spark/run.json"));
        assertTrue(info.contains("\"failed\" : [ {") && info.contains("cap2"), info);
        assertTrue(info.contains("identity table for 8 elements"), info);
        assertTrue(Files.readString(out.resolve("spark/summary.csv")).contains(",23,23,0,"));
    }

    @Test
    void aTaskKilledAfterWritingItsPartIsRetriedWithoutDuplicatesOrLosses(@TempDir Path out) throws IOException {
        Reprocess.Report r = Reprocess.run(job, captures.subList(0, 2), spark, out, 3, false, (worker, table, range,
                                                                                               dir) -> {
            RangeOutcome o = CpiRows.WORK.run(worker, table, range, dir);
            TaskContext t = TaskContext.get();
            if (t.attemptNumber() == 0 && (t.partitionId() == 1 || t.partitionId() == 7)) {
                throw new IllegalStateException("test: executor lost after writing " + range.partName());
            }
            return o;
        });
        assertTrue(r.failed().isEmpty());
        assertEveryGoodCpiOnce(rows(out), captures);
        assertEquals(CPIS[0] + CPIS[1], r.captures().stream().mapToLong(Reprocess.CaptureReport::rows).sum());
    }
}
