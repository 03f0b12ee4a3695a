package org.nftb.methods.seqbeam.bench;

import org.nftb.methods.seqbeam.Bounds;
import org.nftb.methods.seqbeam.ChannelFim;
import org.nftb.methods.seqbeam.Evaluator;
import org.nftb.methods.seqbeam.Phase;
import org.nftb.methods.seqbeam.SeqBeamScene;
import org.nftb.methods.seqbeam.Stage;
import org.nftb.methods.seqbeam.SystemParams;
import org.nftb.methods.seqbeam.design.Designer;
import org.nftb.montecarlo.Trial;
import org.nftb.montecarlo.TrialSeeds;

import java.util.SplittableRandom;

/**
 * Seed 002 Figs. 3 and 4 as one Monte Carlo trial kind: BP, Snapshot MS and Extended MS (§IV-B) for one realization,
 * at one point of the sweep.
 * <ul>
 *   <li>Fig. 3 (point = number of PTs K = 1 … maxPts): the realization's first K PTs (the same realization at every K),
 *       UE speed uniform in [5, 30] m/s, the whole block, ΔT between the MS snapshots one block.</li>
 *   <li>Fig. 4 (point = UE speed): K = 4, each block cut to the coherence time {@code T_c = λ/(2v)} (eq. 1): the
 *       symbols before T_c, whose slots are the paper's L_eff ({@link Phase#firstOfBlock}); ΔT one block.</li>
 * </ul>
 * Designs: BP by P1 with α = 1, Snapshot MS by ℒ_MS without Doppler, Extended MS by ℒ_MS with the radial velocity, each
 * on the observed symbols; bounds with the exact FIM. Metrics: PEB and VEB of BP, Snapshot MS, Extended MS
 * (NaN: unobservable), then L_eff and the number of symbols observed.
 */
public final class VelocityTrial implements Trial<Void> {
    private static final long serialVersionUID = 1L;
    public static final String[] METHODS = {"bp", "snapshotMs", "extendedMs"};
    public static final int METRICS = 8;

    /** What the points are. */
    public enum Sweep { PTS, SPEED }

    private final SystemParams sys;
    private final Sweep sweep;
    private final double[] points;
    private final long sceneSeed;

    public VelocityTrial(SystemParams sys, Sweep sweep, double[] points, long sceneSeed) {
        this.sys = sys;
        this.sweep = sweep;
        this.points = points.clone();
        this.sceneSeed = sceneSeed;
    }

    @Override
    public int metrics() {
        return METRICS;
    }

    @Override
    public Void newContext() {
        return null;
    }

    @Override
    public void run(Void context, int point, int trial, long seed, double[] out) {
        SplittableRandom rng = new SplittableRandom(TrialSeeds.seed(sceneSeed, 0, trial));
        int maxPts = sweep == Sweep.PTS ? (int) points[points.length - 1] : 4;
        SeqBeamScene base = SeqBeamScene.random(sys, maxPts, 5, 100, Math.toRadians(60), 5, 30, rng);
        SeqBeamScene scene;
        Phase phase;
        double dt;
        if (sweep == Sweep.PTS) {
            scene = base.withFirstPts((int) points[point]);
            phase = Phase.of(sys, sys.totalSymbols(), 0);
            dt = sys.blockDurationS();
        } else {
            double v = points[point];
            double dir = Math.atan2(base.ueVelocity()[1], base.ueVelocity()[0]);
            scene = base.withUeVelocity(new double[] {v * Math.cos(dir), v * Math.sin(dir)});
            double tc = sys.wavelengthM() / (2 * v);
            int keep = (int) Math.max(1, Math.min(sys.totalSymbols(), Math.floor(tc / sys.symbolPeriodS())));
            phase = Phase.firstOfBlock(sys, keep);
            dt = sys.blockDurationS();
        }
        Designer d = new Designer(sys, scene, ChannelFim.Mode.EXACT);
        Evaluator ev = new Evaluator(sys, scene, ChannelFim.Mode.EXACT);
        Bounds bp = ev.stage(Stage.BP, phase, d.weightedSum(1, phase, seed).schedule(Stage.BP, sys));
        Bounds snap = ev.snapshotMs(phase, d.msStatic(phase, seed + 1).schedule(Stage.MS, sys), dt);
        Bounds ext = ev.extendedMs(phase, d.msWhole(phase, seed + 2).schedule(Stage.MS, sys), dt);
        put(out, 0, bp);
        put(out, 1, snap);
        put(out, 2, ext);
        out[6] = phase.effectiveSlots();
        out[7] = phase.symbols();
    }

    private static void put(double[] out, int m, Bounds b) {
        out[2 * m] = b.uePebM();
        out[2 * m + 1] = b.velocityObservable() ? b.ueVebMps() : Double.NaN;
    }
}
