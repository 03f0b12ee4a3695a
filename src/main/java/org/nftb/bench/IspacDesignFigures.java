package org.nftb.bench;

import org.nftb.bound.IspacCrb;
import org.nftb.estimate.ispac.IspacGeometry;
import org.nftb.estimate.ispac.design.DesignInfeasibleException;
import org.nftb.estimate.ispac.design.DownlinkDesign;
import org.nftb.estimate.ispac.design.DownlinkProblem;
import org.nftb.estimate.ispac.design.IspacScenario;
import org.nftb.model.DoubleArrayModel;
import org.nftb.montecarlo.Stats;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code nftb bench ispac --designs}: seed 003's downlink transmit-design figures with §V's settings (K = 4 users at
 * 20-30 m, target at 45° and 20 m, 28 GHz, BS 30 dBm, noise −80 dBm, M = 4, {@link IspacScenario} for the scene and
 * {@link IspacGeometry} for the arrays), T = 256 (our choice):
 * <ul>
 *   <li>Fig. 2: tr CRB against the AO round of Algorithm 2 for one realization (N_a = 64, N_b = 16, QoS 10 dB);
 *       our iterates are feasible throughout, so the paper's PDD constraint violation is 0 at every round;</li>
 *   <li>Fig. 5(a, b): root-CRB of θ and r against the users' QoS for the hybrid near-field design, the hybrid
 *       far-field design (designed with the far-field CSI of eq. 72; its SINR on the true channels is reported) and
 *       the fully digital design, {N_a, N_b} = {32, 8} and {64, 16};</li>
 *   <li>Fig. 5(c): root-CRB against N_RF at QoS 10 dB;</li>
 *   <li>the bars: feasibility, fully digital ≤ hybrid, near ≤ far share, one design's time (median, p10-p90).</li>
 * </ul>
 * The uplink design (Algorithm 6, Fig. 3 and 6) is not implemented. Root-CRBs are averaged over the realizations
 * (mean of the per-realization root-CRB).
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

    private DownlinkProblem problem(int na, int nb, double qosDb, long realization) {
        DoubleArrayModel model = IspacGeometry.paper(na, nb);
        IspacScenario.Channels ch = IspacScenario.users(model, 4, new SplittableRandom(seed * 1_000_003L
                + realization));
        double[] q = {qosDb, qosDb, qosDb, qosDb};
        return new DownlinkProblem(model, Math.toRadians(45), 20, IspacScenario.targetGain(20),
                IspacScenario.NOISE_W, snapshots, ch.near(), q, IspacScenario.NOISE_W, IspacScenario.BS_POWER_W);
    }

    private DownlinkProblem farView(DownlinkProblem pr, long realization) {
        IspacScenario.Channels ch = IspacScenario.users(pr.model(), 4, new SplittableRandom(seed * 1_000_003L
                + realization));
        return pr.withChannels(ch.far());
    }

    /** Root-CRB of θ and r of a design, from the bound code on R_x = F R̃ Fᴴ. */
    private static double[] rootCrb(DownlinkProblem pr, DownlinkDesign.Result r) {
        double[] c = IspacCrb.downlinkCrb(pr.model(), pr.angleRad(), pr.rangeM(), pr.betaAbs(), pr.sensingNoise(),
                pr.snapshots(), r.transmitCovariance());
        return new double[]{Math.sqrt(c[0]), Math.sqrt(c[3])};
    }

    void run() throws IOException {
        Files.createDirectories(out);
        System.out.printf(Locale.ROOT, "seed 003 downlink transmit design (Algorithm 2): K = 4, target 45 deg 20 m, "
                + "BS 30 dBm, noise -80 dBm, |beta| = %.3g (two-hop LoS path loss at 20 m), T = %d, M = 4, %d "
                + "realizations per point (paper: 100); loaded shared 2-core machine%n", IspacScenario.targetGain(20),
                snapshots, trials);
        fig2();
        fig5();
    }

    /**
     * Only the timing bar: {@code count} hybrid downlink designs (N_a = 64, N_b = 16, N_RF = 16, QoS 10 dB) on fresh
     * realizations after 3 warm-up designs; median, p10, p90, max and the AO rounds taken.
     */
    void timing(int count) {
        double[] ms = new double[count];
        double[] rounds = new double[count];
        int draws = 0;
        for (int i = -3; i < count; i++) {
            if (++draws > 10 * (count + 3)) {
                throw new IllegalStateException("too many infeasible realizations to time the design");
            }
            DownlinkProblem pr = problem(64, 16, 10, 10_000 + draws);
            long t0 = System.nanoTime();
            DownlinkDesign.Result r;
            try {
                r = DownlinkDesign.design(pr, 16, seed + i, 30, 1e-3);
            } catch (DesignInfeasibleException e) {
                i--;
                continue;
            }
            if (i >= 0) {
                ms[i] = (System.nanoTime() - t0) / 1e6;
                rounds[i] = r.history().length - 1;
            }
        }
        System.out.printf(Locale.ROOT, "one hybrid downlink design (N_a = 64, N_RF = 16, K = 4, QoS 10 dB, one thread, "
                        + "loaded shared machine): median %.0f ms [p10 %.0f, p90 %.0f, max %.0f] over %d designs; AO "
                        + "rounds median %.0f, max %.0f%n", Stats.quantile(ms, 0.5), Stats.quantile(ms, 0.1),
                Stats.quantile(ms, 0.9), Stats.quantile(ms, 1.0), count, Stats.quantile(rounds, 0.5),
                Stats.quantile(rounds, 1.0));
    }

    private void fig2() throws IOException {
        DownlinkProblem pr = problem(64, 16, 10, 0);
        // stopping threshold 1e-5 here (the paper's ε_AO = 1e-3 stops after one round on most realizations)
        DownlinkDesign.Result r = DownlinkDesign.design(pr, 16, seed, 30, 1e-5);
        Path csv = out.resolve("seed003-fig2.csv");
        double[] x = new double[r.history().length];
        try (PrintWriter pw = new PrintWriter(Files.newBufferedWriter(csv))) {
            pw.println("round,trCrb,constraintViolation");
            for (int i = 0; i < x.length; i++) {
                x[i] = i;
                pw.printf(Locale.ROOT, "%d,%.9e,0%n", i, r.history()[i]);
            }
        }
        System.out.printf(Locale.ROOT, "Fig. 2: tr CRB %.6g -> %.6g over %d AO rounds (never increasing); SINRs %s dB%n",
                r.history()[0], r.objective(), x.length - 1, fmt(r.sinrDb()));
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("tr CRB (hybrid, near-field)", r.history());
        NmsePlot.write(out.resolve("seed003-fig2.png"), "Seed 003 Fig. 2", "AO round", "tr CRB",
                x, List.of(new AbstractMap.SimpleEntry<>("downlink, Nₐ = 64, N_b = 16", s)));
    }

    private void fig5() throws IOException {
        double[] qos = {0, 5, 10, 15, 20};
        int[][] sizes = {{32, 8}, {64, 16}};
        String[] schemes = {"HB near", "HB far", "FD"};
        List<Map.Entry<String, Map<String, double[]>>> panelsQ = new ArrayList<>();
        Path csv = out.resolve("seed003-fig5.csv");
        List<Double> times = new ArrayList<>();
        int designs = 0;
        int infeasible = 0;
        int fdWorse = 0;
        int nearBetter = 0;
        int farMissesTrue = 0;
        int pairs = 0;
        double worstMargin = Double.POSITIVE_INFINITY;
        double worstModulus = 0;
        double worstPower = 0;
        try (PrintWriter pw = new PrintWriter(Files.newBufferedWriter(csv))) {
            pw.println("panel,na,nb,nrf,qosDb,scheme,rcrbAngleRad,rcrbRangeM,feasible,farTrueSinrMetShare");
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
                        for (int t = 0; t < trials; t++) {
                            DownlinkProblem pr = problem(na, nb, q, t);
                            DownlinkDesign.Result[] res = new DownlinkDesign.Result[3];
                            for (int s = 0; s < 3; s++) {
                                DownlinkProblem use = s == 1 ? farView(pr, t) : pr;
                                int chains = s == 2 ? na : nrf;
                                long t0 = System.nanoTime();
                                try {
                                    res[s] = DownlinkDesign.design(use, chains, seed + t, 30, 1e-3);
                                } catch (DesignInfeasibleException e) {
                                    infeasible++;
                                    continue;
                                }
                                if (s == 0 && na == 64 && nrf == 16) {
                                    times.add((System.nanoTime() - t0) / 1e6);
                                }
                                designs++;
                                for (double v : res[s].sinrDb()) {
                                    worstMargin = Math.min(worstMargin, v - q);
                                }
                                worstPower = Math.max(worstPower, res[s].power() / IspacScenario.BS_POWER_W - 1);
                                double[] d = res[s].analog().dense();
                                int m = na / chains;
                                for (int n = 0; n < na; n++) {
                                    double mod = Math.hypot(d[2 * (n * chains + n / m)],
                                            d[2 * (n * chains + n / m) + 1]) * Math.sqrt(m);
                                    worstModulus = Math.max(worstModulus, Math.abs(mod - 1));
                                }
                                double[] rc = rootCrb(pr, res[s]);
                                sum[s][0] += rc[0];
                                sum[s][1] += rc[1];
                                ok[s]++;
                            }
                            if (res[0] != null && res[2] != null && res[2].objective() > res[0].objective()
                                    * (1 + 1e-6)) {
                                fdWorse++;
                            }
                            if (res[0] != null && res[1] != null) {
                                pairs++;
                                double[] trueSinr = DownlinkDesign.sinrDb(pr, res[1].analog(), res[1].precoders(),
                                        res[1].probing());
                                boolean met = java.util.Arrays.stream(trueSinr).allMatch(v -> v >= q - 0.01);
                                if (met) {
                                    farMet++;
                                } else {
                                    farMissesTrue++;
                                }
                                if (res[0].objective() <= rootObjective(pr, res[1])) {
                                    nearBetter++;
                                }
                            }
                        }
                        for (int s = 0; s < 3; s++) {
                            angle[s][p] = ok[s] == 0 ? Double.NaN : sum[s][0] / ok[s];
                            range[s][p] = ok[s] == 0 ? Double.NaN : sum[s][1] / ok[s];
                            pw.printf(Locale.ROOT, "%s,%d,%d,%d,%.1f,%s,%.6e,%.6e,%d,%.3f%n", panel, na, nb,
                                    s == 2 ? na : nrf, q, schemes[s], angle[s][p], range[s][p], ok[s],
                                    s == 1 ? (double) farMet / Math.max(1, ok[1]) : Double.NaN);
                        }
                        System.out.printf(Locale.ROOT, "Fig. 5 %s N_a=%d N_b=%d N_RF=%d QoS %4.1f dB: RCRB theta "
                                        + "HB-near %.3e  HB-far %.3e  FD %.3e rad | RCRB r %.3e  %.3e  %.3e m | far "
                                        + "meets true SINR %d/%d%n", panel, na, nb, nrf, q, angle[0][p], angle[1][p],
                                angle[2][p], range[0][p], range[1][p], range[2][p], farMet, ok[1]);
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
                        NmsePlot.write(out.resolve("seed003-fig5c.png"), "Seed 003 Fig. 5(c), QoS 10 dB", "N_RF",
                                "root-CRB", xs, panelsQ.subList(4, 8));
                    }
                }
                if (panel.equals("qos")) {
                    NmsePlot.write(out.resolve("seed003-fig5ab.png"), "Seed 003 Fig. 5(a,b)", "users' QoS (dB)",
                            "root-CRB", qos, new ArrayList<>(panelsQ));
                }
            }
        }
        double[] tm = times.stream().mapToDouble(Double::doubleValue).toArray();
        System.out.printf(Locale.ROOT, "bars: %d designs, %d refused as infeasible; worst SINR margin %+.4f dB, worst "
                        + "|f_n| error %.1e, worst power excess %.1e; FD worse than hybrid in %d realizations; near <= "
                        + "far (tr CRB) in %d/%d = %.1f %%; far design misses the true SINR in %d/%d%n", designs,
                infeasible, worstMargin, worstModulus, worstPower, fdWorse, nearBetter, pairs,
                100.0 * nearBetter / Math.max(1, pairs), farMissesTrue, pairs);
        if (tm.length > 0) {
            System.out.printf(Locale.ROOT, "one hybrid downlink design (N_a = 64, N_RF = 16, K = 4): median %.0f ms "
                            + "[p10 %.0f, p90 %.0f, max %.0f] over %d designs%n", Stats.quantile(tm, 0.5),
                    Stats.quantile(tm, 0.1), Stats.quantile(tm, 0.9), Stats.quantile(tm, 1.0), tm.length);
        }
        System.out.println("wrote " + csv);
    }

    private static double rootObjective(DownlinkProblem pr, DownlinkDesign.Result r) {
        double[] c = IspacCrb.downlinkCrb(pr.model(), pr.angleRad(), pr.rangeM(), pr.betaAbs(), pr.sensingNoise(),
                pr.snapshots(), r.transmitCovariance());
        return c[0] + c[3];
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
