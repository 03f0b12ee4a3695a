package org.nftb.methods.seqbeam.bench;

import org.nftb.methods.seqbeam.Bounds;
import org.nftb.methods.seqbeam.ChannelFim;
import org.nftb.methods.seqbeam.SeqBeamScene;
import org.nftb.methods.seqbeam.SystemParams;
import org.nftb.methods.seqbeam.design.Design;
import org.nftb.methods.seqbeam.design.DesignBounds;
import org.nftb.methods.seqbeam.design.Designer;
import org.nftb.montecarlo.Trial;

import java.util.SplittableRandom;

/**
 * Seed 002 Fig. 5 as a Monte Carlo trial (one realization per trial, §IV-C): UE and K PTs in [5, 100] m within
 * ±60° of broadside, K uniform in {2, 3, 4}, UE speed uniform in [5, 30] m/s; at every ρ_MS of the grid the four
 * designs — full MS (ℒ_MS on the MS phase alone), full BP (ℒ on the BP phase alone), separate (eq. 21) and shared
 * (P3 at that ρ, cold start) — evaluated with the exact FIM of their realized schedules. Metrics per (ρ, method):
 * UE PEB, UE VEB (NaN: unobservable), PT PEB, design time (ms, a measurement of the machine), then the design cost.
 * A pure function of the seed apart from the times.
 */
public final class Fig5Trial implements Trial<Void> {
    private static final long serialVersionUID = 1L;
    /** The methods, in metric order. */
    public static final String[] METHODS = {"fullMs", "fullBp", "separate", "shared"};
    /** Values per (ρ, method). */
    public static final String[] VALUES = {"uePebM", "ueVebMps", "ptPebM", "designMs", "cost"};
    static final int PER_RHO = METHODS.length * VALUES.length;

    private final SystemParams sys;
    private final double[] rhos;
    private final ChannelFim.Mode designMode;

    public Fig5Trial(SystemParams sys, double[] rhos, ChannelFim.Mode designMode) {
        this.sys = sys;
        this.rhos = rhos.clone();
        this.designMode = designMode;
    }

    public double[] rhos() {
        return rhos.clone();
    }

    public static int index(int rho, int method, int value) {
        return rho * PER_RHO + method * VALUES.length + value;
    }

    @Override
    public int metrics() {
        return rhos.length * PER_RHO + 2;
    }

    @Override
    public Void newContext() {
        return null;
    }

    /** The realization of a trial seed (also used by the checks that reproduce a trial). */
    public static SeqBeamScene scene(SystemParams sys, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int k = 2 + rng.nextInt(3);
        return SeqBeamScene.random(sys, k, 5, 100, Math.toRadians(60), 5, 30, rng);
    }

    @Override
    public void run(Void context, int point, int trial, long seed, double[] out) {
        SeqBeamScene scene = scene(sys, seed);
        Designer d = new Designer(sys, scene, designMode);
        DesignBounds ev = new DesignBounds(sys, scene, ChannelFim.Mode.EXACT);
        for (int i = 0; i < rhos.length; i++) {
            double rho = rhos[i];
            Design sep = d.separate(rho, seed + 7 * i + 1);
            Design full = sep.qMs() == null ? null : d.msOnly(rho, seed + 7 * i + 1);
            Design bp = d.bpOnly(rho, seed + 7 * i + 2);
            Design sh = d.shared(rho, seed + 7 * i + 3);
            put(out, i, 0, full == null ? null : ev.msAlone(full, d), full);
            put(out, i, 1, ev.bpAlone(bp, d), bp);
            put(out, i, 2, ev.posterior(sep, d), sep);
            put(out, i, 3, ev.posterior(sh, d), sh);
        }
        out[rhos.length * PER_RHO] = scene.ptCount();
        out[rhos.length * PER_RHO + 1] = Math.hypot(scene.ueVelocity()[0], scene.ueVelocity()[1]);
    }

    private static void put(double[] out, int rho, int method, Bounds b, Design d) {
        out[index(rho, method, 0)] = b == null ? Double.NaN : b.uePebM();
        out[index(rho, method, 1)] = b == null || !b.velocityObservable() ? Double.NaN : b.ueVebMps();
        out[index(rho, method, 2)] = b == null ? Double.NaN : b.ptPebM();
        out[index(rho, method, 3)] = d == null ? Double.NaN : d.nanos() / 1e6;
        out[index(rho, method, 4)] = d == null ? Double.NaN : d.cost();
    }
}
