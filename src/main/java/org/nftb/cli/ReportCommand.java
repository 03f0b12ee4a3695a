package org.nftb.cli;

import org.nftb.report.RunRecords;
import org.nftb.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code nftb report RUN.jsonl}: plots and a CSV of a run's records. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Turn a run's records (nftb run --out FILE, or the runs/ file a run in a terminal names) into "
                + "PNG plots (parameters over time with truth and ±√CRB, the scene top-down, drops over time) and "
                + "estimates.csv (one row per reported target of every estimate).")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN.jsonl", description = "the run's JSON lines")
    Path records;

    @Option(names = "--out", paramLabel = "DIR", description = "where to write (default: RUN-report next to RUN"
            + ".jsonl)")
    Path out;

    @Override
    public Integer call() {
        RunRecords run = RunRecords.read(records);
        Path dir = out != null ? out : defaultDir(records);
        List<Path> files = RunReport.write(run, dir);
        System.out.println(RunReport.describe(run, files));
        return 0;
    }

    static Path defaultDir(Path records) {
        String name = records.getFileName().toString();
        String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
        Path parent = records.toAbsolutePath().getParent();
        return parent.resolve(base + "-report");
    }
}
