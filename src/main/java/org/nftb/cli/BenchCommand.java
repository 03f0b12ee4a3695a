package org.nftb.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code nftb bench}: benchmarks that reproduce papers and measure throughput. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {org.nftb.methods.dftmusic.bench.DftMusicBench.class, org.nftb.bench.IngestBench.class,
                org.nftb.bench.PipelineBench.class, org.nftb.methods.ispac.bench.IspacBench.class,
                org.nftb.methods.vmp.bench.VmpBench.class, org.nftb.bench.DashboardBench.class, org.nftb.bench.RecordBench.class,
                org.nftb.bench.CalibrationBench.class, org.nftb.bench.FaultsBench.class, org.nftb.methods.seqbeam.bench.SeqBeamBench.class})
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
