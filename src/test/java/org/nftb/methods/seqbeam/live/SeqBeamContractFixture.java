package org.nftb.methods.seqbeam.live;

import org.nftb.config.RunConfig;
import org.nftb.estimator.EstimatorFixture;
import org.nftb.run.Configs;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The seqbeam estimator in the estimator contract test: hw-config/seed002-sim.yaml at a small size (M 16, 2 slots
 * of 4 symbols: a 10.7 µs CPI, so that the transmit lead covers every CPI the test stamps and the design log holds
 * each one's design), echoes at −5 dB per sample, unpaced.
 */
public final class SeqBeamContractFixture implements EstimatorFixture {
    @Override
    public String type() {
        return LiveConfig.TYPE;
    }

    @Override
    public RunConfig contractConfig() throws Exception {
        String yaml = Files.readString(Path.of("hw-config", "seed002-sim.yaml"))
                .replace("symbolRate: 250 kHz", "symbolRate: 750 kHz")
                .replace("cpiSymbols: 64", "cpiSymbols: 8")
                .replace("subcarriers: 64", "subcarriers: 16")
                .replace("cyclicPrefix: 64", "cyclicPrefix: 32")
                .replace("slots: 8", "slots: 2")
                .replace("maxRange: 50 m", "maxRange: 45 m")
                .replace("snrDb: -20}", "snrDb: -5}");
        return Configs.parse("seed002-sim.yaml (contract size, test)", yaml);   // realTime: false already
    }
}
