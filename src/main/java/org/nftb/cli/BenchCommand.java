package org.nftb.cli;

import org.nftb.bench.CalibrationBench;
import org.nftb.bench.DashboardBench;
import org.nftb.bench.FaultsBench;
import org.nftb.bench.IngestBench;
import org.nftb.bench.PipelineBench;
import org.nftb.bench.RecordBench;
import org.nftb.methods.dftmusic.bench.DftMusicBench;
import org.nftb.methods.ispac.bench.IspacBench;
import org.nftb.methods.seqbeam.bench.SeqBeamBench;
import org.nftb.methods.vmp.bench.VmpBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code nftb bench}: benchmarks that reproduce papers and measure throughput. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {DftMusicBench.class, IngestBench.class, PipelineBench.class, IspacBench.class, VmpBench.class,
                DashboardBench.class, RecordBench.class, CalibrationBench.class, FaultsBench.class,
                SeqBeamBench.class,
                BenchSparkCommand.class, HelpCommand.class})
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
