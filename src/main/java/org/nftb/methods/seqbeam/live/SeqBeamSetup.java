package org.nftb.methods.seqbeam.live;

import org.nftb.config.RunConfig;
import org.nftb.config.TxLimits;
import org.nftb.estimator.Estimator;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.estimator.TransmitPlan;
import org.nftb.frontend.FrontEnd;

import java.util.List;

/**
 * Seed 002's live loop set-up: the first block designed for the configured prior (checked against the TX
 * interlock's limits), the loop's {@link DesignLog}, and the per-CPI transmission: this set-up is its own
 * {@link TransmitPlan}, whose {@link #cpiWaveform(long)} sends each CPI with the design in force when its burst
 * leaves (the stage {@code sequential.type: seqbeam} publishes a new design after every estimated CPI) and logs it,
 * so that the front end demodulates each CPI with the beams it was sent with.
 *
 * <p>Not a pure value: the log is the loop's live state (serialized with the set-up as it is at that moment: a
 * set-up shipped to another machine demodulates the CPIs logged so far the same way, and refuses the others). The TX full scale P_fs is fixed once for the run from the power budget,
 * {@code P_fs = 4 P_B / N_B} (an even split of P_B over the elements sends amplitude ½), so that every later design
 * is checked against the same {@code radio.txLimits.maxAmplitude}.
 */
public final class SeqBeamSetup implements EstimatorSetup, TransmitPlan {
    private static final long serialVersionUID = 1L;
    /** The estimate records' diagnostics. */
    static final List<String> DIAGNOSTICS = List.of("pebM", "radialVebMps", "designId", "designedFromCpi", "rhoMs",
            "msSymbols", "designMsUePebM", "designPosteriorUePebM");

    private final LiveConfig config;
    private final double fullScaleW;
    private final double referenceXM;
    private final double referenceYM;
    private final DesignLog log;

    private SeqBeamSetup(LiveConfig config, double fullScaleW, double refX, double refY, DesignLog log) {
        this.config = config;
        this.fullScaleW = fullScaleW;
        this.referenceXM = refX;
        this.referenceYM = refY;
        this.log = log;
    }

    /** Designs the first block for the prior and checks it (a refusal names the slot before anything is sent). */
    static SeqBeamSetup build(RunConfig run, LiveConfig c) {
        double fullScale = 4 * c.sys().powerBudgetW() / c.sys().bsElements();
        TxLimits limits = run.radio().txLimits();
        BlockDesign first = BlockDesign.of(0, -1, c, c.prior(), fullScale, limits, run.source(),
                run.carrierFrequencyHz());
        return new SeqBeamSetup(c, fullScale, run.rxArray().referenceXM(), run.rxArray().referenceYM(),
                new DesignLog(first));
    }

    public LiveConfig config() {
        return config;
    }

    /** P_fs, W per element at |x| = 1. */
    public double fullScaleW() {
        return fullScaleW;
    }

    /** The loop's design log (null in a set-up that was shipped: no live loop there). */
    public DesignLog log() {
        return log;
    }

    @Override
    public String type() {
        return LiveConfig.TYPE;
    }

    @Override
    public FrontEnd newFrontEnd() {
        return new OfdmFrontEnd(config, log);
    }

    @Override
    public Estimator newEstimator() {
        return new SeqBeamEstimator(config, log, referenceXM, referenceYM);
    }

    @Override
    public int maxTargets() {
        return config.maxTargets();
    }

    @Override
    public List<String> diagnosticNames() {
        return DIAGNOSTICS;
    }

    @Override
    public TransmitPlan transmitPlan() {
        return this;
    }

    /** The first block's waveform. */
    @Override
    public float[][] cpiWaveform() {
        return log.initial().waveform();
    }

    /** CPI {@code cpi}'s waveform: the design in force now, logged for the CPI. */
    @Override
    public float[][] cpiWaveform(long cpi) {
        return log.sendFor(cpi).waveform();
    }

    @Override
    public double gainDb() {
        return config.txGainDb();
    }
}
