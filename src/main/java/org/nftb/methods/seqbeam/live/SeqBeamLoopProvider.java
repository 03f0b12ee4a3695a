package org.nftb.methods.seqbeam.live;

import org.nftb.config.ConfigException;
import org.nftb.config.ConfigNode;
import org.nftb.config.Quantity;
import org.nftb.config.RunConfig;
import org.nftb.config.SequentialConfig;
import org.nftb.estimator.TransmitPlan;
import org.nftb.sequential.SequentialStage;
import org.nftb.sequential.SequentialStageProvider;

import java.util.List;

/**
 * {@code sequential.type: seqbeam}: the stage that closes seed 002's loop ({@link SeqBeamLoop}). It needs
 * {@code estimator.type: seqbeam} (whose transmit plan carries the loop's design log) and a device that transmits.
 */
public final class SeqBeamLoopProvider implements SequentialStageProvider {

    /** @param gateM how far an estimate may lie from the UE's (or a PT's) predicted position to be taken as it */
    public record Config(double gateM) implements SequentialConfig {
        @Override
        public String type() {
            return LiveConfig.TYPE;
        }
    }

    @Override
    public String type() {
        return LiveConfig.TYPE;
    }

    @Override
    public SequentialConfig read(ConfigNode section, RunConfig config, List<String> warnings) {
        section.allowOnly("type", "gate");
        if (!(config.estimator() instanceof LiveConfig)) {
            throw section.error("sequential.type seqbeam re-designs the beams of estimator.type seqbeam; the "
                    + "estimator here is " + config.estimator().type());
        }
        double gate = section.optional("gate").map(n -> n.positiveQuantity(Quantity.LENGTH)).orElse(2.0);
        return new Config(gate);
    }

    @Override
    public SequentialStage newStage(RunConfig config) {
        throw new ConfigException(config.source(), "sequential", "the seqbeam loop needs the run's transmit plan "
                + "(a device that transmits); use RunAssembly.installSequentialStage");
    }

    @Override
    public SequentialStage newStage(RunConfig config, TransmitPlan plan) {
        if (!(plan instanceof SeqBeamSetup setup) || setup.log() == null) {
            throw new ConfigException(config.source(), "sequential", "the seqbeam loop re-designs what the radio "
                    + "transmits, and this device transmits nothing (a replay plays the recorded echoes): remove the "
                    + "sequential section to estimate without re-design");
        }
        return new SeqBeamLoop(setup, (Config) config.sequential(), config.radio().txLimits(), config.source(),
                config.carrierFrequencyHz());
    }
}
