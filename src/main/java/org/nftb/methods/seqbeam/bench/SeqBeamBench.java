package org.nftb.methods.seqbeam.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code nftb bench seqbeam}: seed 002's figures and speed bars (docs/papers/seed002.md has the command per figure). */
@Command(name = "seqbeam", mixinStandardHelpOptions = true,
        description = "Seed 002 (sequential MS/BP beamforming): Figs. 2, 3a/b, 4, 5a-d, FIM comparison, timing.",
        subcommands = {TimingBench.class, Fig2Bench.class, VelocityBench.Fig3.class, VelocityBench.Fig4.class,
                Fig5Bench.class, MsAccuracyBench.class, FimDiffBench.class, DesignCompareBench.class,
                LiveAccuracyBench.class, HelpCommand.class})
public final class SeqBeamBench implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
