package org.nftb.methods.ispac.bench;

import org.nftb.methods.ispac.design.HybridArray;
import org.nftb.montecarlo.Stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@link IspacRootCrbFigures} counts over one link's designs for the bars (feasibility, margins, fully digital
 * ≤ hybrid, near ≤ far, the repaired far design, the design time), and the summary it prints at the end.
 */
final class DesignTally {
    final List<Double> times = new ArrayList<>();
    int designs;
    int infeasible;
    int fdWorse;
    int nearBetter;
    int nearBetterOfFarMet;     // near <= far where the far design meets the users' SINRs on the true channels
    int farMetPairs;
    int farMissesTrue;
    int pairs;
    int nearWithinAo;           // near <= far within the AO stopping threshold 1e-3
    int repairedPairs;          // second comparison: the far design repaired for the true channels
    int nearLeRepaired;
    int unrepairable;
    double worstRepairedMargin = Double.POSITIVE_INFINITY;
    double worstRepairedPower = Double.NEGATIVE_INFINITY;
    int fdPairs;                // fully digital (global optimum) on near vs far CSI
    int fdNearNotWorse;
    double worstMargin = Double.POSITIVE_INFINITY;
    double worstModulus = 0;
    double worstPower = 0;

    /**
     * A feasible design of scheme {@code s} (0 HB near, 1 HB far, 2 FD) at QoS {@code q} dB with {@code chains} RF
     * chains on {@code na} elements: its SINR margin on the true channels (not for the far design, which meets its
     * limits on its own CSI), power excess and worst |f_n| error.
     */
    void designed(IspacDesignLinks.Designed d, int s, double q, int na, int chains) {
        designs++;
        if (s != 1) {                                 // the far design: on its own CSI
            for (double v : d.trueSinrDb()) {
                worstMargin = Math.min(worstMargin, v - q);
            }
        }
        worstPower = Math.max(worstPower, d.powerExcess());
        double[] f = HybridArray.ofPhases(d.phasesRad(), chains).dense();
        int m = na / chains;
        for (int n = 0; n < na; n++) {
            double mod = Math.hypot(f[2 * (n * chains + n / m)], f[2 * (n * chains + n / m) + 1]) * Math.sqrt(m);
            worstModulus = Math.max(worstModulus, Math.abs(mod - 1));
        }
    }

    /** The bars of {@code link}, the comparisons' definitions and the design time. */
    void print(IspacDesignLinks.Link link) {
        double[] tm = times.stream().mapToDouble(Double::doubleValue).toArray();
        System.out.printf(Locale.ROOT, "%s bars: %d designs, %d refused as infeasible; worst SINR margin %+.4f dB, worst "
                        + "|f_n| error %.1e, worst power excess %.1e; FD worse than hybrid in %d realizations; near <= "
                        + "far (tr CRB, ties within 1e-6) in %d/%d = %.1f %% (within the AO threshold 1e-3: %.1f %%); "
                        + "far design misses the true SINR in %d/%d; where it meets them, near <= far in %d/%d = %.1f "
                        + "%%; fully digital (global optimum) near <= far in %d/%d = %.1f %%%n", link.name(), designs,
                infeasible, worstMargin, worstModulus, worstPower, fdWorse, nearBetter, pairs,
                100.0 * nearBetter / Math.max(1, pairs), 100.0 * nearWithinAo / Math.max(1, pairs), farMissesTrue,
                pairs, nearBetterOfFarMet, farMetPairs, 100.0 * nearBetterOfFarMet / Math.max(1, farMetPairs),
                fdNearNotWorse, fdPairs, 100.0 * fdNearNotWorse / Math.max(1, fdPairs));
        System.out.println("near <= far compares tr CRB(theta, r) of the target on the exact near-field model (the "
                + "same for both designs); the far design (baseline 1) is Algorithm " + (link.name().equals("downlink")
                ? "2" : "6") + " run once with the users' far-field channels of eq. 72 (its SINR limits met on those, "
                + "as in the paper), the near design is the multi-start (" + link.nearSeeds() + " own starts + the far "
                + "design's F, best of them) on the near-field channels of eq. 6");
        System.out.printf(Locale.ROOT, "%s second comparison (not the paper's definition; the bar is judged on the "
                        + "paper-definition share above): near <= far REPAIRED to meet the users' SINRs on the true "
                        + "channels (ties within 1e-6) in %d/%d = %.1f %%; %d far designs could not be repaired (not "
                        + "counted); repaired far designs: worst SINR margin %+.4f dB, worst power excess %.1e; "
                        + "paper-definition share (above) %.1f %%%n", link.name(), nearLeRepaired, repairedPairs,
                100.0 * nearLeRepaired / Math.max(1, repairedPairs), unrepairable, worstRepairedMargin,
                worstRepairedPower, 100.0 * nearBetter / Math.max(1, pairs));
        System.out.println("repair: " + (link.name().equals("downlink") ? "F, R_d and the precoders' directions "
                + "kept, the users' powers re-solved to meet the limits with equality (least-power directions for "
                + "that F if the kept ones cannot), R_d scaled down only if the budget needs it"
                : "F repaired by the multi-start's least-margin ascent when a user misses its limit with the AT "
                + "silent, R_u scaled down to the users' echo cap") + "; a far design already meeting the limits "
                + "is kept");
        if (tm.length > 0) {
            System.out.printf(Locale.ROOT, "one hybrid %s design (N_a = 64, N_RF = 16, K = 4): median %.0f ms "
                            + "[p10 %.0f, p90 %.0f, max %.0f] over %d designs%n", link.name(), Stats.quantile(tm, 0.5),
                    Stats.quantile(tm, 0.1), Stats.quantile(tm, 0.9), Stats.quantile(tm, 1.0), tm.length);
        }
    }
}
