package org.nftb.methods.ispac.bench;

import org.nftb.methods.ispac.IspacGeometry;
import org.nftb.methods.ispac.design.DesignInfeasibleException;
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
 * Figs. 5 and 6 and the bars are {@link IspacRootCrbFigures}.
 */
final class IspacDesignFigures {
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
            new IspacRootCrbFigures(link, trials, seed, out).write();
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

    private static String fmt(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", v[i]));
        }
        return b.append(']').toString();
    }
}
