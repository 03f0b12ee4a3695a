package org.nftb.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code nftb bench spark}: scaling and overhead of the Spark runner, measured side by side in one run (the
 * benchmark itself is the Spark runner's, {@link SparkRunner#benchSpark}).
 */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = "Spark runner scaling (1 vs 2 executor cores on a loopback standalone cluster) and overhead "
                + "vs in-process on 1 core, on a seed-001 study; median and spread over --repeats.")
public final class BenchSparkCommand implements Callable<Integer> {
    @Option(names = "--trials", description = "trials per SNR point (default ${DEFAULT-VALUE})")
    int trials = 6000;

    @Option(names = "--snr", split = ",", description = "processed SNRs, dB (default 20,30,40,50)")
    double[] snrDb = {20, 30, 40, 50};

    @Option(names = "--repeats", description = "rounds of the three runs (default ${DEFAULT-VALUE})")
    int repeats = 3;

    @Option(names = "--partitions", description = "pieces the study is cut into on Spark (default ${DEFAULT-VALUE})")
    int partitions = 16;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default ${DEFAULT-VALUE})")
    Path out = Path.of("bench-out/spark");

    @Override
    public Integer call() throws Exception {
        return SparkRunner.find("nftb bench spark").benchSpark(this);
    }

    public int trials() {
        return trials;
    }

    public double[] snrDb() {
        return snrDb.clone();
    }

    public int repeats() {
        return repeats;
    }

    public int partitions() {
        return partitions;
    }

    public Path out() {
        return out;
    }
}
