package org.nftb.spark;

import org.nftb.benchkit.ProgressReport;
import org.nftb.jobs.ReprocessJob;
import org.nftb.run.UsageException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code nftb reprocess}: captures counted (each capture in a task of its own: a corrupt one fails there, naming
 * its file), cut into CPI ranges, each range re-processed and written as one Parquet part under {@code cpis/};
 * then the job report: {@code summary.csv} (per capture: CPIs, rows, rejected CPIs, error) and {@code run.json}
 * (code version, engine, configuration, calibration identity, failed captures).
 */
public final class Reprocess {
    private Reprocess() {
    }

    /** Per-capture totals of a run. */
    public record CaptureReport(String capture, long cpis, long rows, long rejected, String error) {
    }

    /** Everything a run did. */
    public record Report(List<CaptureReport> captures, double seconds) {
        public List<CaptureReport> failed() {
            return captures.stream().filter(c -> c.error() != null).toList();
        }
    }

    /**
     * Runs the job over {@code captures} on {@code engine}, writing into {@code out} (whose {@code cpis/} parts from
     * an earlier run are removed first when {@code overwrite}, else refused).
     */
    public static Report run(ReprocessJob job, List<String> captures, JobEngine engine, Path out, long cpisPerTask,
                             boolean overwrite, CpiRows.RangeWork work) {
        long t0 = System.nanoTime();
        Path parts = out.resolve("cpis");
        clear(parts, overwrite);
        List<RangeOutcome> counts = engine.count(job, captures);
        long[] n = new long[captures.size()];
        for (RangeOutcome c : counts) {
            n[c.range().captureIndex()] = c.failed() ? 0 : c.range().end();
        }
        List<CpiRange> ranges = CpiRows.ranges(captures, n, cpisPerTask);
        long cpis = Arrays.stream(n).sum();
        System.out.printf(Locale.ROOT, "reprocess: planned: %d CPIs of %d capture(s) in %d task(s) of at most %d "
                + "CPIs%n", cpis, captures.size(), ranges.size(), cpisPerTask);
        List<RangeOutcome> done;
        try (ProgressReport p = ProgressReport.start("reprocess", ranges.size(), "tasks")) {
            done = engine.reprocess(job, ranges, parts, work, p);
        }
        List<CaptureReport> reports = new ArrayList<>();
        for (int i = 0; i < captures.size(); i++) {
            String error = counts.get(i).error();
            long rows = 0;
            long rejected = 0;
            for (RangeOutcome o : done) {
                if (o.range().captureIndex() == i) {
                    rows += o.rows();
                    rejected += o.rejected();
                    if (o.failed() && error == null) {
                        error = o.error() + " (CPIs [" + o.range().first() + ", " + o.range().end() + "))";
                    }
                }
            }
            reports.add(new CaptureReport(captures.get(i), n[i], rows, rejected, error));
        }
        return new Report(List.copyOf(reports), (System.nanoTime() - t0) / 1e9);
    }

    private static void clear(Path parts, boolean overwrite) {
        try {
            if (!Files.isDirectory(parts)) {
                return;
            }
            List<Path> old;
            try (Stream<Path> s = Files.list(parts)) {
                old = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList();
            }
            if (!old.isEmpty() && !overwrite) {
                throw new UsageException(parts + " holds " + old.size() + " parts of an earlier run; "
                        + "give --overwrite to replace them or another --out");
            }
            for (Path p : old) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + parts + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code summary.csv} and {@code run.json} next to the parts. */
    public static void writeReport(Report r, ReprocessJob job, String configSource, JobEngine engine, Path out) {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("summary.csv")))) {
            w.println("capture,cpis,rows,rejected,error");
            for (CaptureReport c : r.captures()) {
                w.printf(Locale.ROOT, "%s,%d,%d,%d,%s%n", csv(c.capture()), c.cpis(), c.rows(), c.rejected(),
                        c.error() == null ? "" : csv(c.error()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out.resolve("summary.csv") + ": " + e.getMessage(), e);
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("job", "reprocess");
        f.put("engine", engine.describe());
        f.put("config", configSource);
        f.put("estimator", job.setup().type());
        f.put("calibration", job.calibrationIdentity());
        f.put("captures", r.captures().stream().map(CaptureReport::capture).toList());
        f.put("cpis", r.captures().stream().mapToLong(CaptureReport::rows).sum());
        f.put("failed", r.failed().stream().map(c -> Map.of("capture", c.capture(), "error", c.error())).toList());
        f.put("seconds", r.seconds());
        Provenance.write(out, f);
    }

    /**
     * Writes {@code cpis.csv} into {@code out}: the header (the Parquet columns) and every row of the parts under
     * {@code cpis/}, in part order (capture, then CPI); empty cells for nulls. Returns the rows written.
     */
    public static long writeCsv(ReprocessJob job, Path out) {
        ParquetTable table = CpiRows.table(job);
        List<Path> parts;
        try (Stream<Path> s = Files.list(out.resolve("cpis"))) {
            parts = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + out.resolve("cpis") + ": " + e.getMessage(), e);
        }
        long n = 0;
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("cpis.csv")))) {
            w.println(String.join(",", table.columns().stream().map(ParquetTable.Column::name).toList()));
            for (Path part : parts) {
                for (Object[] row : ParquetTable.read(part)) {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < row.length; i++) {
                        sb.append(i == 0 ? "" : ",").append(row[i] == null ? "" : row[i] instanceof String t ? csv(t)
                                : String.valueOf(row[i]));
                    }
                    w.println(sb);
                    n++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out.resolve("cpis.csv") + ": " + e.getMessage(), e);
        }
        return n;
    }

    private static String csv(String s) {
        return "\"" + s.replace("\"", "\"\"").replace('\n', ' ') + "\"";
    }
}
