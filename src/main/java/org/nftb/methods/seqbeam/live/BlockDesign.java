package org.nftb.methods.seqbeam.live;

import org.nftb.config.TxLimits;
import org.nftb.methods.seqbeam.BlockPlan;
import org.nftb.methods.seqbeam.Bounds;
import org.nftb.methods.seqbeam.ChannelFim;
import org.nftb.methods.seqbeam.OfdmEcho;
import org.nftb.methods.seqbeam.Phase;
import org.nftb.methods.seqbeam.SeqBeamScene;
import org.nftb.methods.seqbeam.SlotSchedule;
import org.nftb.methods.seqbeam.Stage;
import org.nftb.methods.seqbeam.design.Design;
import org.nftb.methods.seqbeam.design.DesignBounds;
import org.nftb.methods.seqbeam.design.Designer;

import java.io.Serializable;

/**
 * One coherence block's design as it goes on the air in the live loop: the design for a scene (the prior, or the
 * estimates of CPI {@code fromSequence}), its block plan checked against the TX interlock's limits before anything
 * is built, the burst waveform, the MS phase's per-symbol beams and times (what the MS estimator needs to demodulate
 * and model the echoes of a CPI sent with this design), and the bounds the design predicts at its scene with the
 * system's link budget (Table II's path loss and noise, not the simulator's SNR). Immutable and serializable.
 *
 * @param id                  the design's number in the run (0 the prior's)
 * @param fromSequence        the CPI whose estimates it was designed from (−1: the prior)
 * @param rho                 ρ_MS of the design
 * @param cost                the cost the design reached
 * @param plan                the block on the air
 * @param waveform            the burst: per element, interleaved cf32, one CPI
 * @param msSymbols           block symbol index of each MS symbol, in time order
 * @param msBeams             the MS symbols' beams (N × Q column-major interleaved, √(W/subcarrier))
 * @param msTimes             their times from the block start, s
 * @param msUePebM            the design's MS bound on the UE position at its scene
 * @param msUeRadialVebMps    its MS bound on the UE radial velocity
 * @param msPtPebM            its MS bound on the PT positions (√ of the mean over the PTs)
 * @param posteriorUePebM     the UE's posterior bound after BP with the MS prior (eq. 19), NaN without BP symbols
 * @param designNanos         the time the design took
 */
public record BlockDesign(long id, long fromSequence, double rho, double cost, BlockPlan plan, float[][] waveform,
                          int[] msSymbols, double[] msBeams, double[] msTimes, double msUePebM,
                          double msUeRadialVebMps, double msPtPebM, double posteriorUePebM, long designNanos)
        implements Serializable {

    /**
     * Designs the block for {@code scene} and checks it against {@code limits} before the waveform is built.
     *
     * @throws org.nftb.device.TxRefusedException naming stage, slot and element when a slot's amplitude exceeds
     *                                            {@code radio.txLimits.maxAmplitude}
     */
    public static BlockDesign of(long id, long fromSequence, LiveConfig c, SeqBeamScene scene, double fullScaleW,
                                 TxLimits limits, String source, double carrierHz) {
        long t0 = System.nanoTime();
        Designer designer = new Designer(c.sys(), scene, ChannelFim.Mode.EXACT);
        long seed = c.seed() + 31 * id;
        Design d = designer.separate(c.rhoMs(), seed);
        if (c.design() == LiveConfig.Kind.SHARED) {
            d = designer.sharedMultiStart(c.rhoMs(), seed, d.qMs(), d.qBp());
        }
        long nanos = System.nanoTime() - t0;
        Phase msPh = designer.msPhase(c.rhoMs());
        Phase bpPh = designer.bpPhase(c.rhoMs());
        SlotSchedule ms = d.schedule(Stage.MS, c.sys());
        SlotSchedule bp = d.qBp() == null || bpPh.symbols() == 0 ? null : d.schedule(Stage.BP, c.sys());
        BlockPlan plan = new BlockPlan(c.sys(), msPh, ms, bp == null ? null : bpPh, bp, c.cyclicPrefix(), fullScaleW,
                c.txGainDb(), c.oversampling());
        plan.check(limits, source);
        float[][] waveform = plan.burst(carrierHz, -1).samples();
        double[][] sym = OfdmEcho.symbols(c.sys(), msPh, ms);
        int[] index = new int[sym[1].length];
        for (int q = 0; q < index.length; q++) {
            index[q] = (int) Math.round(sym[1][q] / c.sys().symbolPeriodS());
        }
        DesignBounds ev = new DesignBounds(c.sys(), scene, ChannelFim.Mode.EXACT);
        Bounds msB = ev.msAlone(d, designer);
        double post = bp == null ? Double.NaN : ev.posterior(d, designer).uePebM();
        return new BlockDesign(id, fromSequence, d.rho(), d.cost(), plan, waveform, index, sym[0], sym[1], msB.uePebM(),
                msB.ueRadialVebMps(), msB.ptPebM(), post, nanos);
    }

    /** The MS symbols of the block. */
    public int msSymbolCount() {
        return msTimes.length;
    }
}
