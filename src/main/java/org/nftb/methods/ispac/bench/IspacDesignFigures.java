package org.nftb.methods.ispac.bench;

import org.nftb.methods.ispac.IspacGeometry;
import org.nftb.methods.ispac.design.DesignInfeasibleException;
import org.nftb.methods.ispac.design.HybridArray;
import org.nftb.methods.ispac.design.IspacScenario;
import org.nftb.montecarlo.Stats;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nftb.benchkit.MachineLoad;
import org.nftb.benchkit.NmsePlot;

/**
 * {@code nftb bench ispac --designs}: seed 003's transmit-design figures with §V's settings (K = 4 users at 20-30 m,
 * target at 45° and 20 m, 28 GHz, BS/AT 30 dBm, users 20 dBm (uplink), noise −80 dBm, M = 4, {@link IspacScenario}
 * for the scene and {@link IspacGeometry} for the arrays), T = 256 (our choice), for the downlink (Algorithm 2) and
 * the uplink (Algorithm 6), {@link IspacDesignLinks}:
 * <ul>
 *   <li>Figs. 2 / 3: tr CRB against the AO round for one realization (N_a = 64, N_b = 16, QoS 10 dB); our iterates
 *       are feasible throughout, so the paper's PDD constraint violation is 0 at every round;</li>
 *   <li>Figs. 5(a, b) / 6(a, b): root-CRB of θ and r against the users' QoS for the hybrid near-field design, the
 *       hybrid far-field design (baseline 1: designed once with the far-field CSI of eq. 72, meeting the limits on
 *       those channels as in the paper; its SINR on the true channels is reported) and the fully digital design,
 *       {N_a, N_b} = {32, 8} and {64, 16}; the near design is the multi-start of the link's own starts plus
 *       the far design's F (the designer has both CSIs), and tr CRB of both uses the same exact target model;</li>
 *   <li>Figs. 5(c) / 6(c): root-CRB against N_RF at QoS 10 dB;</li>
 *   <li>the bars: feasibility, fully digital ≤ hybrid, near ≤ far share (strict, within the AO threshold, and for the
 *       fully digital global optima as a reference; second, not the paper's: vs the far design repaired for the true
 *       channels, {@code DownlinkDesign/UplinkDesign.repaired}), one near design's time with its far start.</li>
 * </ul>
 * Root-CRBs are averaged over the realizations (mean of the per-realization root-CRB) whose design is feasible.
 */
final class IspacDesignFigures {
    /**
     * Own starts of the near-field hybrid design (besides the far design's F): the phase descent's local minimum
     * depends strongly on the start, and the designer has the time (two starts plus the far one stay well inside
     * 0.5 s / 1 s per design).
     */

    private final int trials;
    private final int snapshots;
    private final long seed;
    private final Path out;

    IspacDesignFigures(int trials, int snapshots, long seed, Path out) {
        this.trials = trials;
        this.snapshots = snapshots;
        this.seed = seed;
        this.out = out;
    }

    /** The link(s) named: "downlink", "uplink" or "both". */
    List<IspacDesignLinks.Link> links(String which) {
        List<IspacDesignLinks.Link> l = new ArrayList<>();
        if (!which.equals("uplink")) {
            l.add(IspacDesignLinks.downlink(seed, snapshots));
        }
        if (!which.equals("downlink")) {
            l.add(IspacDesignLinks.uplink(seed, snapshots));
        }
        return l;
    }

    void run(String which) throws IOException {
        Files.createDirectories(out);
        for (IspacDesignLinks.Link link : links(which)) {
            System.out.printf(Locale.ROOT, "seed 003 %s design: K = 4, target 45 deg 20 m, BS/AT 30 dBm, users 20 "
                    + "dBm (uplink), noise -80 dBm, |beta| = %.3g (two-hop LoS path loss at 20 m), T = %d, M = 4, %d "
                    + "realizations per point (paper: 100); %s%n", link.name(),
                    IspacScenario.targetGain(20), snapshots, trials, MachineLoad.now());
            convergence(link);
            rootCrbFigures(link);
        }
    }

    /**
     * Only the timing bar: {@code count} hybrid near-field designs (each including the far-field design it also
     * starts from) of the link (N_a = 64, N_b = 16, N_RF = 16, QoS 10 dB) on fresh
     * realizations after 3 warm-up designs; median, p10, p90, max and the AO rounds taken.
     */
    void timing(IspacDesignLinks.Link link, int count) {
        double[] ms = new double[count];
        double[] cpuMs = new double[count];             // this thread's CPU time: less sensitive to other jobs
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] rounds = new double[count];
        int draws = 0;
        for (int i = -3; i < count; i++) {
            if (++draws > 10 * (count + 3)) {
                throw new IllegalStateException("too many infeasible realizations to time the design");
            }
            long t0 = System.nanoTime();
            long c0 = mx.getCurrentThreadCpuTime();
            IspacDesignLinks.Designed r;
            try {
                List<double[]> starts;
                try {                                   // the near design starts also from the far design's F
                    starts = List.of(link.design(64, 16, 10, 10_000 + draws, true, 16, seed + i, 1e-3).phasesRad());
                } catch (DesignInfeasibleException e) {
                    starts = List.of();
                }
                r = link.design(64, 16, 10, 10_000 + draws, false, 16, seed + i, 1e-3, link.nearSeeds(), starts);
            } catch (DesignInfeasibleException e) {
                i--;
                continue;
            }
            if (i >= 0) {
                ms[i] = (System.nanoTime() - t0) / 1e6;
                cpuMs[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
                rounds[i] = r.history().length - 1;
            }
        }
        System.out.printf(Locale.ROOT, "one hybrid %s design (N_a = 64, N_RF = 16, K = 4, QoS 10 dB, one thread, "
                        + "%s): median %.0f ms [p10 %.0f, p90 %.0f, max %.0f] over %d designs (thread CPU time: "
                        + "median %.0f ms, p90 %.0f, max %.0f); AO rounds median %.0f, max %.0f%n", link.name(),
                MachineLoad.now(), Stats.quantile(ms, 0.5), Stats.quantile(ms, 0.1), Stats.quantile(ms, 0.9),
                Stats.quantile(ms, 1.0), count, Stats.quantile(cpuMs, 0.5), Stats.quantile(cpuMs, 0.9),
                Stats.quantile(cpuMs, 1.0), Stats.quantile(rounds, 0.5), Stats.quantile(rounds, 1.0));
    }

    private void convergence(IspacDesignLinks.Link link) throws IOException {
        int fig = link.figures()[0];
        // stopping threshold 1e-5 here (the paper's ε_AO = 1e-3 stops after one round on most realizations)
        IspacDesignLinks.Designed r = link.design(64, 16, 10, 0, false, 16, seed, 1e-5);
        double[] paper;
        try {
            paper = link.paperStartHistory(64, 16, 10, 0, 16, seed, 1e-5);
        } catch (DesignInfeasibleException e) {
            paper = null;
            System.out.println("Fig. " + fig + ": the paper's random start is infeasible here: " + e.getMessage());
        }
        Path csv = out.resolve("seed003-fig" + fig + ".csv");
        int rounds = Math.max(r.history().length, paper == null ? 0 : paper.length);
        double[] x = new double[rounds];
        double[] ours = padded(r.history(), rounds);
        double[] theirs = paper == null ? null : padded(paper, rounds);
        try (PrintWriter pw = new PrintWriter(Files.newBufferedWriter(csv))) {
            pw.println(paper == null ? "round,trCrb,constraintViolation"
                    : "round,trCrb,trCrbRandomStart,constraintViolation");
            for (int i = 0; i < rounds; i++) {
                x[i] = i;
                pw.printf(Locale.ROOT, paper == null ? "%d,%.9e,0%n" : "%d,%.9e,%.9e,0%n", i, ours[i],
                        paper == null ? 0 : theirs[i]);
            }
        }
        System.out.printf(Locale.ROOT, "Fig. %d: tr CRB %.6g -> %.6g over %d AO rounds (never increasing); SINRs %s "
                + "dB%n", fig, r.history()[0], r.objective(), r.history().length - 1, fmt(r.trueSinrDb()));
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("tr CRB (hybrid, near-field)", ours);
        if (paper != null) {
            System.out.printf(Locale.ROOT, "Fig. %d, from the paper's random analog start: tr CRB %.6g -> %.6g over %d "
                    + "AO rounds (held at the last value after convergence)%n", fig, paper[0], paper[paper.length - 1],
                    paper.length - 1);
            s.put("tr CRB (random analog start)", theirs);
        }
        NmsePlot.write(out.resolve("seed003-fig" + fig + ".png"), "Seed 003 Fig. " + fig, "AO round", "tr CRB",
                x, List.of(new AbstractMap.SimpleEntry<>(link.name() + ", Nₐ = 64, N_b = 16", s)));
    }

    private static double[] padded(double[] h, int n) {
        double[] o = Arrays.copyOf(h, n);
        for (int i = h.length; i < n; i++) {
            o[i] = h[h.length - 1];
        }
        return o;
    }

    private void rootCrbFigures(IspacDesignLinks.Link link) throws IOException {
        int fig = link.figures()[1];
        double[] qos = {0, 5, 10, 15, 20};
        int[][] sizes = {{32, 8}, {64, 16}};
        String[] schemes = {"HB near", "HB far", "FD"};
        List<Map.Entry<String, Map<String, double[]>>> panelsQ = new ArrayList<>();
        Path csv = out.resolve("seed003-fig" + fig + ".csv");
        List<Double> times = new ArrayList<>();
        int designs = 0;
        int infeasible = 0;
        int fdWorse = 0;
        int nearBetter = 0;
        int nearBetterOfFarMet = 0;     // near <= far where the far design meets the users' SINRs on the true channels
        int farMetPairs = 0;
        int farMissesTrue = 0;
        int pairs = 0;
        int nearWithinAo = 0;           // near <= far within the AO stopping threshold 1e-3
        int repairedPairs = 0;          // second comparison: the far design repaired for the true channels
        int nearLeRepaired = 0;
        int unrepairable = 0;
        double worstRepairedMargin = Double.POSITIVE_INFINITY;
        double worstRepairedPower = Double.NEGATIVE_INFINITY;
        int fdPairs = 0;                // fully digital (global optimum) on near vs far CSI
        int fdNearNotWorse = 0;
        double worstMargin = Double.POSITIVE_INFINITY;
        double worstModulus = 0;
        double worstPower = 0;
        try (PrintWriter pw = new PrintWriter(Files.newBufferedWriter(csv))) {
            pw.println("panel,na,nb,nrf,qosDb,scheme,rcrbAngleRad,rcrbRangeM,feasible,farTrueSinrMetShare,"
                    + "nearLeFarShare,nearLeRepairedFarShare,farUnrepairable");
            for (String panel : new String[]{"qos", "nrf"}) {
                for (int[] sz : sizes) {
                    int na = sz[0];
                    int nb = sz[1];
                    double[] xs = panel.equals("qos") ? qos : (na == 64 ? new double[]{4, 8, 16}
                            : new double[]{2, 4, 8});
                    double[][] angle = new double[3][xs.length];
                    double[][] range = new double[3][xs.length];
                    for (int p = 0; p < xs.length; p++) {
                        double q = panel.equals("qos") ? xs[p] : 10;
                        int nrf = panel.equals("qos") ? na / 4 : (int) xs[p];
                        double[][] sum = new double[3][2];
                        int[] ok = new int[3];
                        int farMet = 0;
                        int[] point = new int[5];    // pairs, near <= far, repaired pairs, near <= repaired, unrepairable
                        for (int t = 0; t < trials; t++) {
                            IspacDesignLinks.Designed[] res = new IspacDesignLinks.Designed[3];
                            double farMs = 0;
                            for (int s : new int[]{1, 0, 2}) {                // far first: a start of the near
                                int chains = s == 2 ? na : nrf;
                                long t0 = System.nanoTime();
                                List<double[]> starts = s == 0 && res[1] != null ? List.of(res[1].phasesRad())
                                        : List.of();
                                try {
                                    res[s] = link.design(na, nb, q, t, s == 1, chains, seed + t, 1e-3,
                                            s == 0 ? link.nearSeeds() : 1, starts);
                                } catch (DesignInfeasibleException e) {
                                    infeasible++;
                                    continue;
                                } finally {
                                    if (s == 1) {
                                        farMs = (System.nanoTime() - t0) / 1e6;
                                    }
                                }
                                if (s == 0 && na == 64 && nrf == 16) {          // the near design needs the far one
                                    times.add(farMs + (System.nanoTime() - t0) / 1e6);
                                }
                                designs++;
                                if (s != 1) {                                 // the far design: on its own CSI
                                    for (double v : res[s].trueSinrDb()) {
                                        worstMargin = Math.min(worstMargin, v - q);
                                    }
                                }
                                worstPower = Math.max(worstPower, res[s].powerExcess());
                                double[] d = HybridArray.ofPhases(res[s].phasesRad(),
                                        chains).dense();
                                int m = na / chains;
                                for (int n = 0; n < na; n++) {
                                    double mod = Math.hypot(d[2 * (n * chains + n / m)],
                                            d[2 * (n * chains + n / m) + 1]) * Math.sqrt(m);
                                    worstModulus = Math.max(worstModulus, Math.abs(mod - 1));
                                }
                                double[] rc = res[s].rootCrb();
                                sum[s][0] += rc[0];
                                sum[s][1] += rc[1];
                                ok[s]++;
                            }
                            if (res[2] != null) {                          // global optima: near vs far CSI
                                try {
                                    double fdFar = link.design(na, nb, q, t, true, na, seed + t, 1e-3).objective();
                                    fdPairs++;
                                    fdNearNotWorse += res[2].objective() <= fdFar * (1 + 1e-6) ? 1 : 0;
                                } catch (DesignInfeasibleException e) {
                                    // the far-CSI problem refuses: no pair
                                }
                            }
                            if (res[0] != null && res[2] != null && res[2].objective() > res[0].objective()
                                    * (1 + 1e-6)) {
                                fdWorse++;
                            }
                            if (res[0] != null && res[1] != null) {
                                pairs++;
                                boolean met = Arrays.stream(res[1].trueSinrDb()).allMatch(v -> v >= q - 0.01);
                                // ties within 1e-6 relative count as "not worse" (as FD vs hybrid above): the two
                                // designs often reach the same optimum and differ in the last digits
                                boolean notWorse = res[0].objective() <= res[1].objective() * (1 + 1e-6);
                                if (met) {
                                    farMet++;
                                    farMetPairs++;
                                    nearBetterOfFarMet += notWorse ? 1 : 0;
                                } else {
                                    farMissesTrue++;
                                }
                                if (notWorse) {
                                    nearBetter++;
                                }
                                nearWithinAo += res[0].objective() <= res[1].objective() * (1 + 1e-3) ? 1 : 0;
                                point[0]++;
                                point[1] += notWorse ? 1 : 0;
                                try {                      // the far design repaired to meet the true SINRs
                                    IspacDesignLinks.Designed fix = res[1].repaired().get();
                                    for (double v : fix.trueSinrDb()) {
                                        worstRepairedMargin = Math.min(worstRepairedMargin, v - q);
                                    }
                                    worstRepairedPower = Math.max(worstRepairedPower, fix.powerExcess());
                                    boolean le = res[0].objective() <= fix.objective() * (1 + 1e-6);
                                    repairedPairs++;
                                    nearLeRepaired += le ? 1 : 0;
                                    point[2]++;
                                    point[3] += le ? 1 : 0;
                                } catch (DesignInfeasibleException e) {
                                    unrepairable++;
                                    point[4]++;
                                }
                            }
                        }
                        for (int s = 0; s < 3; s++) {
                            angle[s][p] = ok[s] == 0 ? Double.NaN : sum[s][0] / ok[s];
                            range[s][p] = ok[s] == 0 ? Double.NaN : sum[s][1] / ok[s];
                            pw.printf(Locale.ROOT, "%s,%d,%d,%d,%.1f,%s,%.6e,%.6e,%d,%.3f,%.3f,%.3f,%s%n", panel,
                                    na, nb, s == 2 ? na : nrf, q, schemes[s], angle[s][p], range[s][p], ok[s],
                                    s == 1 ? (double) farMet / Math.max(1, ok[1]) : Double.NaN,
                                    s == 1 && point[0] > 0 ? (double) point[1] / point[0] : Double.NaN,
                                    s == 1 && point[2] > 0 ? (double) point[3] / point[2] : Double.NaN,
                                    s == 1 ? Integer.toString(point[4]) : "");
                        }
                        System.out.printf(Locale.ROOT, "Fig. %d %s N_a=%d N_b=%d N_RF=%d QoS %4.1f dB: RCRB theta "
                                        + "HB-near %.3e  HB-far %.3e  FD %.3e rad | RCRB r %.3e  %.3e  %.3e m | far "
                                        + "meets true SINR %d/%d | near <= far %d/%d, <= repaired far %d/%d (%d "
                                        + "unrepairable)%n", fig, panel, na, nb, nrf, q, angle[0][p], angle[1][p],
                                angle[2][p], range[0][p], range[1][p], range[2][p], farMet, ok[1], point[1], point[0],
                                point[3], point[2], point[4]);
                    }
                    Map<String, double[]> sa = new LinkedHashMap<>();
                    Map<String, double[]> sr = new LinkedHashMap<>();
                    for (int s = 0; s < 3; s++) {
                        sa.put(schemes[s] + " θ (mrad)", scale(angle[s], 1e3));
                        sr.put(schemes[s] + " r (m)", range[s]);
                    }
                    String lab = (panel.equals("qos") ? "vs QoS" : "vs N_RF") + ", Nₐ=" + na + ", N_b=" + nb;
                    panelsQ.add(new AbstractMap.SimpleEntry<>("RCRB θ " + lab, sa));
                    panelsQ.add(new AbstractMap.SimpleEntry<>("RCRB r " + lab, sr));
                    if (panel.equals("nrf") && sz == sizes[1]) {
                        NmsePlot.write(out.resolve("seed003-fig" + fig + "c.png"), "Seed 003 Fig. " + fig
                                + "(c), " + link.name() + ", QoS 10 dB", "N_RF",
                                "root-CRB", xs, panelsQ.subList(4, 8));
                    }
                }
                if (panel.equals("qos")) {
                    NmsePlot.write(out.resolve("seed003-fig" + fig + "ab.png"), "Seed 003 Fig. " + fig
                            + "(a,b), " + link.name(), "users' QoS (dB)",
                            "root-CRB", qos, new ArrayList<>(panelsQ));
                }
            }
        }
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
        System.out.println("wrote " + csv);
    }

    private static double[] scale(double[] v, double s) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = v[i] * s;
        }
        return o;
    }

    private static String fmt(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", v[i]));
        }
        return b.append(']').toString();
    }
}
