package org.nftb.methods.seqbeam.live;

import org.nftb.config.TxLimits;
import org.nftb.device.TxRefusedException;
import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.TargetEstimate;
import org.nftb.methods.seqbeam.SeqBeamScene;
import org.nftb.sequential.SequentialStage;
import org.nftb.sequential.StageOutput;

/**
 * Seed 002's sequential stage: after every estimated CPI it carries the MS estimates forward as the scene of the
 * next design and re-designs the block ({@link BlockDesign#of}: separate or shared at the configured ρ_MS, checked
 * against the TX interlock before anything is built), which the radio sends from its next burst on
 * ({@link DesignLog#publish}).
 *
 * <p><b>Association.</b> The UE is the reported target nearest its predicted position (last estimate plus its
 * velocity over the elapsed blocks) within {@code gate}; each PT the nearest remaining target within the gate of its
 * last position. What is not found keeps its last state (and the record says so).
 *
 * <p><b>What is carried.</b> Positions and the UE's radial velocity from the MS estimate; the UE's tangential
 * velocity is not observed by MS (one Doppler per echo) and is carried from the prior unchanged (stated in every
 * record: {@code ue.transverseVelocity}). The BS writes the MS covariance of the UE (the PEB/VEB at the estimate):
 * the prior the paper passes to the UE for bistatic positioning. The UE's own bistatic estimate needs the wideband
 * channel estimator of seed 004, not in the testbed: the record says it is absent and gives the design's posterior
 * bound instead.
 *
 * <p>Deterministic in its calls (the designs depend on the estimates only); which CPI is sent with which design
 * depends on when each design is published relative to the radio thread (the estimate records give it:
 * {@code designId}). Design time is part of the stage's time (~10-100 ms per CPI at N_B 16, K 2).
 */
final class SeqBeamLoop implements SequentialStage {
    private final SeqBeamSetup setup;
    private final LiveConfig config;
    private final SeqBeamLoopProvider.Config loop;
    private final TxLimits limits;
    private final String source;
    private final double carrierHz;
    private final LoopRecord record = new LoopRecord();
    private double[] ue;
    private double[] ueVelocity;
    private final double[][] pts;
    private long lastSequence = Long.MIN_VALUE;
    private long nextId = 1;

    SeqBeamLoop(SeqBeamSetup setup, SeqBeamLoopProvider.Config loop, TxLimits limits, String source, double carrierHz) {
        this.setup = setup;
        this.config = setup.config();
        this.loop = loop;
        this.limits = limits;
        this.source = source;
        this.carrierHz = carrierHz;
        SeqBeamScene prior = config.prior();
        this.ue = prior.ue().clone();
        this.ueVelocity = prior.ueVelocity().clone();
        this.pts = new double[prior.ptCount()][];
        for (int k = 0; k < pts.length; k++) {
            pts[k] = prior.pts()[k].clone();
        }
    }

    @Override
    public void estimated(long sequence, long stateTimeNanos, EstimateFrame reported, int unresolved,
                          StageOutput out) {
        double dt = lastSequence == Long.MIN_VALUE ? 0 : (sequence - lastSequence) * config.sys().blockDurationS();
        lastSequence = sequence;
        double px = ue[0] + ueVelocity[0] * dt;
        double py = ue[1] + ueVelocity[1] * dt;
        boolean[] taken = new boolean[reported.targetCount()];
        int u = nearest(reported, taken, px, py);
        record.clear(setup.log().sentFor(sequence));
        if (u >= 0) {
            taken[u] = true;
            TargetEstimate t = reported.target(u);
            ue = new double[] {t.xM(), t.yM()};
            double r = Math.hypot(t.xM(), t.yM());
            double ux = t.xM() / r;
            double uy = t.yM() / r;
            double along = ueVelocity[0] * ux + ueVelocity[1] * uy;
            // radial from the estimate, tangential carried from before (unobservable by MS)
            ueVelocity = new double[] {ueVelocity[0] + (t.radialVelocityMps() - along) * ux,
                    ueVelocity[1] + (t.radialVelocityMps() - along) * uy};
            record.ue(t);
        } else {
            ue = new double[] {px, py};
        }
        for (int k = 0; k < pts.length; k++) {
            int j = nearest(reported, taken, pts[k][0], pts[k][1]);
            if (j >= 0) {
                taken[j] = true;
                pts[k] = new double[] {reported.target(j).xM(), reported.target(j).yM()};
                record.pt(reported.target(j));
            }
        }
        record.ptsExpected(pts.length);
        redesign(sequence);
        out.write(sequence, stateTimeNanos, record);
    }

    /** The next block's design for the carried scene; a refusal by the interlock keeps the design in force. */
    private void redesign(long sequence) {
        SeqBeamScene scene;
        try {
            scene = new SeqBeamScene(ue, ueVelocity, pts, null, null, null, null);
        } catch (IllegalArgumentException e) {
            record.design(null, "the carried scene is not a valid seed 002 scene (" + e.getMessage() + "): the "
                    + "design in force is kept");
            return;
        }
        try {
            BlockDesign d = BlockDesign.of(nextId, sequence, config, scene, setup.fullScaleW(), limits, source,
                    carrierHz);
            nextId++;
            setup.log().publish(d);
            record.design(d, null);
        } catch (TxRefusedException e) {
            record.design(null, e.getMessage() + " (the design in force is kept)");
        }
    }

    /** The nearest target not yet taken within the gate of (x, y), or −1. */
    private int nearest(EstimateFrame f, boolean[] taken, double x, double y) {
        int best = -1;
        double bestD = loop.gateM();
        for (int i = 0; i < f.targetCount(); i++) {
            if (taken[i]) {
                continue;
            }
            double d = Math.hypot(f.target(i).xM() - x, f.target(i).yM() - y);
            if (d <= bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    @Override
    public void gap(long fromSequence, long toSequence, long stateTimeNanos, Gap cause, StageOutput out) {
        // nothing measured: the state is kept and the next estimate's prediction spans the gap
    }
}
