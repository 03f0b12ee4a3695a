package org.nftb.methods.seqbeam.design;

import org.nftb.methods.seqbeam.Bounds;
import org.nftb.methods.seqbeam.ChannelFim;
import org.nftb.methods.seqbeam.Evaluator;
import org.nftb.methods.seqbeam.Phase;
import org.nftb.methods.seqbeam.SeqBeamScene;
import org.nftb.methods.seqbeam.Stage;
import org.nftb.methods.seqbeam.SystemParams;

/**
 * Bounds of a design's realized schedules ({@link Evaluator} with the chosen FIM): the sequential posterior of
 * eq. 19 at the design's ρ_MS, and each stage alone (full MS, full BP). Not thread-safe.
 */
public final class DesignBounds {
    private final SystemParams sys;
    private final SeqBeamScene scene;
    private final Evaluator ev;

    public DesignBounds(SystemParams sys, SeqBeamScene scene, ChannelFim.Mode mode) {
        this.sys = sys;
        this.scene = scene;
        this.ev = new Evaluator(sys, scene, mode);
    }

    public Evaluator evaluator() {
        return ev;
    }

    /** The posterior of a sequential design at its ρ (eq. 19). */
    public Bounds posterior(Design d, Designer designer) {
        double[] a = efimOf(Stage.MS, designer.msPhase(d.rho()), d);
        double[] b = efimOf(Stage.BP, designer.bpPhase(d.rho()), d);
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return Bounds.of(a, scene.ptCount(), scene.ue());
    }

    /** Full MS at ρ: the MS phase alone. */
    public Bounds msAlone(Design d, Designer designer) {
        return Bounds.of(efimOf(Stage.MS, designer.msPhase(d.rho()), d), scene.ptCount(), scene.ue());
    }

    /** Full BP at ρ: the BP phase alone. */
    public Bounds bpAlone(Design d, Designer designer) {
        return Bounds.of(efimOf(Stage.BP, designer.bpPhase(d.rho()), d), scene.ptCount(), scene.ue());
    }

    private double[] efimOf(Stage stage, Phase phase, Design d) {
        int np = 4 + 2 * scene.ptCount();
        if (phase.symbols() == 0) {
            return new double[np * np];
        }
        return ev.stageEfim(stage, phase, d.schedule(stage, sys), false);
    }

}
