package org.nftb.methods.seqbeam.bench;

import org.nftb.methods.seqbeam.Bounds;
import org.nftb.methods.seqbeam.ChannelFim;
import org.nftb.methods.seqbeam.SeqBeamScene;
import org.nftb.methods.seqbeam.SystemParams;
import org.nftb.methods.seqbeam.design.Design;
import org.nftb.methods.seqbeam.design.DesignBounds;
import org.nftb.methods.seqbeam.design.Designer;
import org.nftb.montecarlo.Trial;

/**
 * The design comparison behind Fig. 5 (issue 22, part 2), on the same realizations as {@link Fig5Trial} (same study
 * seed, same scenes): at every ρ of the grid the separate design (eq. 21), P3 from a random start (Fig. 5's "shared"),
 * P3 warm-started from the separate design's Q_MS, Q_BP and their mean and from the full-MS and full-BP designs
 * (the least cost of those and the random start), P3's cost at the separate design's Q_MS and Q_BP (feasible shared
 * points, so P3's optimum must not cost more), and the joint design (P2 at that ρ without the greedy split: Q_MS and
 * Q_BP both for the posterior cost, started from the separate and the warm shared designs, so it costs at most
 * either). Every design is evaluated with the exact FIM of its realized schedules. A pure function of the seed.
 */
public final class DesignCompareTrial implements Trial<Void> {
    private static final long serialVersionUID = 1L;
    /** Costs per ρ, in metric order. */
    public static final String[] COSTS = {"separate", "sharedCold", "sharedWarm", "joint", "sharedAtSepMs",
            "sharedAtSepBp"};
    /** Designs whose UE PEB (and PT PEB) are recorded per ρ, in metric order. */
    public static final String[] DESIGNS = {"fullMs", "fullBp", "separate", "sharedCold", "sharedWarm", "joint"};
    static final int PER_RHO = COSTS.length + 2 * DESIGNS.length;

    private final SystemParams sys;
    private final double[] rhos;

    public DesignCompareTrial(SystemParams sys, double[] rhos) {
        this.sys = sys;
        this.rhos = rhos.clone();
    }

    static int cost(int rho, int which) {
        return rho * PER_RHO + which;
    }

    static int uePeb(int rho, int design) {
        return rho * PER_RHO + COSTS.length + design;
    }

    static int ptPeb(int rho, int design) {
        return rho * PER_RHO + COSTS.length + DESIGNS.length + design;
    }

    @Override
    public int metrics() {
        return rhos.length * PER_RHO + 1;
    }

    @Override
    public Void newContext() {
        return null;
    }

    @Override
    public void run(Void context, int point, int trial, long seed, double[] out) {
        SeqBeamScene scene = Fig5Trial.scene(sys, seed);
        Designer d = new Designer(sys, scene, ChannelFim.Mode.EXACT);
        DesignBounds ev = new DesignBounds(sys, scene, ChannelFim.Mode.EXACT);
        for (int i = 0; i < rhos.length; i++) {
            double rho = rhos[i];
            Design sep = d.separate(rho, seed + 7 * i + 1);
            Design full = sep.qMs() == null ? null : d.msOnly(rho, seed + 7 * i + 1);
            Design bp = d.bpOnly(rho, seed + 7 * i + 2);
            Design cold = d.shared(rho, seed + 7 * i + 3);
            Design warm = cold;
            double[][] starts = {sep.qMs(), sep.qBp(), mean(sep.qMs(), sep.qBp()), full == null ? null : full.qMs(),
                    bp.qBp()};
            for (double[] q : starts) {
                if (q != null) {
                    Design w = d.sharedFrom(rho, seed + 7 * i + 3, q);
                    if (w.cost() < warm.cost()) {
                        warm = w;
                    }
                }
            }
            Design joint = d.joint(rho, seed + 7 * i + 5, sep, warm);
            out[cost(i, 0)] = sep.cost();
            out[cost(i, 1)] = cold.cost();
            out[cost(i, 2)] = warm.cost();
            out[cost(i, 3)] = joint.cost();
            out[cost(i, 4)] = sep.qMs() == null ? Double.NaN : d.sharedCost(rho, sep.qMs());
            out[cost(i, 5)] = sep.qBp() == null ? Double.NaN : d.sharedCost(rho, sep.qBp());
            Bounds[] b = {full == null ? null : ev.msAlone(full, d), ev.bpAlone(bp, d), ev.posterior(sep, d),
                    ev.posterior(cold, d), ev.posterior(warm, d), joint.qMs() == null || joint.qBp() == null ? null
                    : ev.posterior(joint, d)};
            for (int k = 0; k < b.length; k++) {
                out[uePeb(i, k)] = b[k] == null ? Double.NaN : b[k].uePebM();
                out[ptPeb(i, k)] = b[k] == null ? Double.NaN : b[k].ptPebM();
            }
        }
        out[rhos.length * PER_RHO] = scene.ptCount();
    }

    /** (a + b)/2, or null when either is missing. */
    private static double[] mean(double[] a, double[] b) {
        if (a == null || b == null) {
            return null;
        }
        double[] m = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            m[i] = (a[i] + b[i]) / 2;
        }
        return m;
    }
}
