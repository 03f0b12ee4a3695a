package org.nftb.cli;

import org.nftb.config.RunConfig;
import org.nftb.device.sim.SwitchedSceneWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nftb.run.Configs;
import org.nftb.run.UsageException;

/** {@code nftb synth-iq}: the scene of a switched-array config as the sample file of UHD's device simulator. */
@Command(name = "synth-iq", mixinStandardHelpOptions = true,
        description = "Write the config's scene, as its switched array's one RF chain receives it, to an sc16 IQ "
                + "file (the UHD simulator's --rx-file).")
public final class SynthIqCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "hw-config with radio.switched and a scene")
    Path config;

    @Option(names = "--cpis", paramLabel = "N", defaultValue = "100", description = "CPIs to write (default 100)")
    int cpis;

    @Option(names = "--scale", paramLabel = "X", description = "multiply samples by X before quantising "
            + "(default: half full scale at the peak)")
    Double scale;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "sc16 file to write")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (cpis < 1) {
            throw new UsageException("--cpis must be >= 1, got " + cpis);
        }
        RunConfig cfg = Configs.load(config);
        SwitchedSceneWriter.Written w = SwitchedSceneWriter.write(cfg, cpis, scale == null ? Double.NaN : scale, out);
        System.err.printf(Locale.ROOT, "nftb: wrote %d sc16 samples (%d switch cycles, %d CPIs) to %s, scale %.6g%s%n",
                w.rawSamples(), w.cycles(), cpis, out, w.scale(),
                w.clipped() > 0 ? ", " + w.clipped() + " values clipped" : "");
        return 0;
    }
}
