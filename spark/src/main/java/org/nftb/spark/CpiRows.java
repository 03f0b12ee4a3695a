package org.nftb.spark;

import org.nftb.estimator.TargetEstimate;
import org.nftb.jobs.CpiRow;
import org.nftb.jobs.ReprocessJob;
import org.nftb.sigmf.CaptureException;

import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-range work of {@code nftb reprocess}, the same on every runner: process the range with a worker of the
 * shipped {@link ReprocessJob}, write its rows as one Parquet part named by the range (atomic rename, so a retried
 * task replaces its part rather than adding one), and report the outcome. A capture that cannot be read is a
 * failed outcome naming the file (it fails the same way on every attempt), not an exception: the other ranges
 * complete and the job report lists it.
 */
public final class CpiRows {
    private CpiRows() {
    }

    /** The work on one range, as a runner calls it (a seam for tests that kill a task after it wrote its part). */
    @FunctionalInterface
    public interface RangeWork extends Serializable {
        RangeOutcome run(ReprocessJob.Worker worker, ParquetTable table, CpiRange range, Path outDir);
    }

    /** The real work. */
    public static final RangeWork WORK = CpiRows::run;

    /** The per-CPI table for {@code job}: address, status, then per target slot k its four parameters. */
    public static ParquetTable table(ReprocessJob job) {
        List<ParquetTable.Column> c = new ArrayList<>();
        c.add(new ParquetTable.Column("capture", ParquetTable.Type.STRING));
        c.add(new ParquetTable.Column("sequence", ParquetTable.Type.LONG));
        c.add(new ParquetTable.Column("first_sample", ParquetTable.Type.LONG));
        c.add(new ParquetTable.Column("status", ParquetTable.Type.STRING));
        c.add(new ParquetTable.Column("detail", ParquetTable.Type.STRING));
        c.add(new ParquetTable.Column("targets", ParquetTable.Type.INT));
        for (int k = 0; k < job.maxTargets(); k++) {
            for (String p : TargetEstimate.POLAR_ORDER) {
                c.add(new ParquetTable.Column(p + "_" + k, ParquetTable.Type.DOUBLE));
            }
            c.add(new ParquetTable.Column("consistent_" + k, ParquetTable.Type.BOOLEAN));
        }
        return new ParquetTable("cpi", List.copyOf(c));
    }

    static RangeOutcome run(ReprocessJob.Worker worker, ParquetTable table, CpiRange range, Path outDir) {
        List<Object[]> rows = new ArrayList<>();
        long[] rejected = {0};
        try {
            worker.process(range.capture(), range.first(), range.end(), r -> {
                rows.add(row(r));
                if (!CpiRow.OK.equals(r.status())) {
                    rejected[0]++;
                }
            });
        } catch (CaptureException | UncheckedIOException e) {
            return new RangeOutcome(range, 0, 0, e.getMessage());
        }
        table.write(outDir.resolve(range.partName()), rows);
        return new RangeOutcome(range, rows.size(), rejected[0], null);
    }

    private static Object[] row(CpiRow r) {
        int k = r.consistent().length;
        Object[] o = new Object[6 + 5 * k];
        o[0] = r.capture();
        o[1] = r.sequence();
        o[2] = r.firstSample();
        o[3] = r.status();
        o[4] = r.detail();
        o[5] = r.targets();
        for (int t = 0; t < k; t++) {
            for (int q = 0; q < 4; q++) {
                o[6 + 5 * t + q] = r.values()[4 * t + q];
            }
            o[6 + 5 * t + 4] = r.consistent()[t];
        }
        return o;
    }

    /** Cuts every capture into ranges of at most {@code cpisPerRange} CPIs. */
    public static List<CpiRange> ranges(List<String> captures, long[] cpiCounts, long cpisPerRange) {
        List<CpiRange> out = new ArrayList<>();
        for (int i = 0; i < captures.size(); i++) {
            for (long f = 0; f < cpiCounts[i]; f += cpisPerRange) {
                out.add(new CpiRange(i, captures.get(i), f, Math.min(cpiCounts[i], f + cpisPerRange)));
            }
        }
        return out;
    }
}
