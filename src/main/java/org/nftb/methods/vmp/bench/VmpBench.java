package org.nftb.methods.vmp.bench;

import org.nftb.bound.BistaticCrb;
import org.nftb.bound.ExactBistaticCrb;
import org.nftb.model.BistaticModel;
import org.nftb.dsp.Fft;
import org.nftb.methods.vmp.VmpConfig;
import org.nftb.methods.vmp.VmpProvider;
import org.nftb.methods.vmp.VmpSetup;
import org.nftb.model.ElementArray;
import org.nftb.model.MimoWaveform;
import org.nftb.model.PhysicalConstants;
import org.nftb.model.SubarrayLayout;
import org.nftb.model.TargetState;
import org.nftb.benchkit.ProgressReport;
import org.nftb.montecarlo.MonteCarloRunner;
import org.nftb.montecarlo.Results;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.nftb.benchkit.NmsePlot;
import picocli.CommandLine;

/**
 * {@code nftb bench vmp}: seed 000's Table II scenario (f_c = 28 GHz, T = 10 µs, p₀ = (15, 20.7) m,
 * v₀ = (10, 10.2) m/s, N_t = N_r and L as options, Fig. 1 arrays with D₀ = 2 m — the paper does not give D₀).
 * Accuracy ({@link VmpTrial}): RMSE of position and velocity for both fusion modes, the velocity at the true and at
 * the subarray-level location (Fig. 5), the three baselines and two bounds, each labelled: the paper's
 * ({@code *CrbPairGains*}, eqs. 51-62: one unknown gain per subarray pair, piecewise far field) and the bound of
 * the data the trials simulate ({@code *CrbOneGain*}, {@link ExactBistaticCrb}: one gain, exact model), on
 * exact-model snapshots (eq. 2) with complex white noise — what the MIMO matched filter of white receive noise gives. The x-axis is the
 * SNR per matched-filter output (Figs. 3, 4, 7), or with {@code --sweep speed} the speed along v₀'s direction
 * (Fig. 6) or with {@code --sweep distance} the distance along p₀'s direction (Fig. 8). Speed
 * ({@link VmpTiming}): time per CPI from raw samples. CSV and PNG into {@code --out}.
 */
@Command(name = "vmp", mixinStandardHelpOptions = true,
        description = "Seed 000 VMP estimator: RMSE against the CRB and the three baselines, time per CPI (Table II).")
public final class VmpBench implements Runnable {
    @Option(names = "--elements", description = "N_t = N_r (default ${DEFAULT-VALUE})")
    int elements = 256;
    @Option(names = "--pulses", description = "L (default ${DEFAULT-VALUE})")
    int pulses = 600;
    @Option(names = "--subarray", description = "M (default ${DEFAULT-VALUE})")
    int subarray = 32;
    @Option(names = "--snr", split = ",", description = "SNRs per matched-filter output, dB (default ${DEFAULT-VALUE})")
    double[] snrDb = {-20, -10, 0, 10};
    @Option(names = "--sweep", description = "x-axis: snr, speed (Fig. 6, at the first --snr) or distance (Fig. 8) "
            + "(default ${DEFAULT-VALUE})")
    String sweep = "snr";
    @Option(names = "--values", split = ",", description = "speeds (m/s) or distances (m) of --sweep speed|distance")
    double[] values = {};
    @Option(names = "--position", split = ",", description = "target position x,y, m (default: Table II's 15,20.7)")
    double[] position = {TRUTH.xM(), TRUTH.yM()};
    @Option(names = "--trials", description = "Monte Carlo trials per point (paper: 200; default ${DEFAULT-VALUE})")
    int trials = 10;
    @Option(names = "--baseline-trials", description = "trials per point that also run ML and grid + MUSIC "
            + "(default ${DEFAULT-VALUE}; 0: none)")
    int baselineTrials = 0;
    @Option(names = "--box", split = ",", description = "baseline search box half-widths: metres, m/s "
            + "(default ${DEFAULT-VALUE})")
    double[] box = {0.1, 1.0};
    @Option(names = "--ml", split = ",", description = "ML start grid points per parameter, most iterations "
            + "(default ${DEFAULT-VALUE})")
    int[] ml = {4, 30};
    @Option(names = "--grid-step", split = ",", description = "grid baseline steps: metres, m/s "
            + "(default ${DEFAULT-VALUE})")
    double[] gridStep = {0.01, 0.01};
    @Option(names = "--music-window", description = "MUSIC smoothing window Q, pulses (default ${DEFAULT-VALUE})")
    int musicWindow = 64;
    @Option(names = "--timing-cpis", description = "CPIs timed (default ${DEFAULT-VALUE}; 0: no timing)")
    int timingCpis = 5;
    @Option(names = "--timing-baselines", description = "time ML and grid + MUSIC on one CPI too")
    boolean timingBaselines;
    @Option(names = "--threads", description = "Monte Carlo threads (default ${DEFAULT-VALUE})")
    int threads = 1;
    @Option(names = "--seed", description = "study seed (default ${DEFAULT-VALUE})")
    long seed = 1;
    @Option(names = "--out", description = "output directory (default ${DEFAULT-VALUE})")
    Path out = Path.of("bench-out/vmp");

    static final double FC_HZ = 28e9;
    static final double T_S = 10e-6;
    static final double D0_M = 2.0;
    static final TargetState TRUTH = new TargetState(15, 20.7, 10, 10.2);
    /** Plot label of the paper's bound (eqs. 51-62): one unknown gain per subarray pair, piecewise far field. */
    static final String PAIR_GAINS_LABEL = "CRB per-pair gains (paper)";
    /** Plot label of the bound of the simulated data: one gain, exact spherical model. */
    static final String ONE_GAIN_LABEL = "CRB one gain (exact)";

    static ElementArray tx(int n, double lambda) {
        double d = lambda / 2;
        return ElementArray.ula(n, d, D0_M / 2 + (n - 1) * d / 2, 0, 0);
    }

    static ElementArray rx(int n, double lambda) {
        double d = lambda / 2;
        double[] x = new double[n];
        for (int j = 0; j < n; j++) {
            x[j] = -D0_M / 2 - j * d;
        }
        return new ElementArray(x, new double[n], -D0_M / 2 - (n - 1) * d / 2, 0);
    }

    @Override
    public void run() {
        Fft.singleThreaded();
        double lambda = PhysicalConstants.wavelengthM(FC_HZ);
        List<Double> xs = new ArrayList<>();
        List<TargetState> truths = new ArrayList<>();
        List<Double> snrs = new ArrayList<>();
        double maxSpeed = 15;
        if (position.length != 2) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--position needs two values x,y in metres, got " + position.length);
        }
        TargetState truth = new TargetState(position[0], position[1], TRUTH.vxMps(), TRUTH.vyMps());
        switch (sweep) {
            case "snr" -> {
                for (double s : snrDb) {
                    xs.add(s);
                    truths.add(truth);
                    snrs.add(s);
                }
            }
            case "speed", "distance" -> {
                if (values.length == 0) {
                    throw new CommandLine.ParameterException(new CommandLine(this),
                            "--sweep " + sweep + " needs --values (comma-separated " + (sweep.equals("speed")
                                    ? "speeds in m/s)" : "distances in m)"));
                }
                double sp = Math.hypot(truth.vxMps(), truth.vyMps());
                double r = Math.hypot(truth.xM(), truth.yM());
                for (double v : values) {
                    xs.add(v);
                    snrs.add(snrDb[0]);
                    truths.add(sweep.equals("speed")
                            ? new TargetState(truth.xM(), truth.yM(), truth.vxMps() * v / sp, truth.vyMps() * v / sp)
                            : new TargetState(truth.xM() * v / r, truth.yM() * v / r, truth.vxMps(), truth.vyMps()));
                    maxSpeed = Math.max(maxSpeed, sweep.equals("speed") ? v + 1 : 15);
                }
            }
            default -> throw new CommandLine.ParameterException(new CommandLine(this),
                    "--sweep must be snr, speed or distance, got '" + sweep + "'");
        }
        int b = VmpProvider.defaultDecimation(pulses, T_S, maxSpeed, lambda);
        VmpConfig cfg = new VmpConfig(MimoWaveform.Scheme.TDM, subarray, VmpConfig.Fusion.SYSTEM, 30, 1e-6, b,
                maxSpeed, VmpConfig.Refine.COHERENT);
        VmpSetup setup = new VmpSetup(cfg, tx(elements, lambda), rx(elements, lambda), lambda, T_S, pulses, elements);
        VmpTrial.Baselines base = new VmpTrial.Baselines(box[0], box[1], ml[0], ml[1], gridStep[0], gridStep[1],
                musicWindow);
        System.out.printf(Locale.ROOT, "target p0 = (%.4g, %.4g) m, v0 = (%.4g, %.4g) m/s%n", truth.xM(), truth.yM(),
                truth.vxMps(), truth.vyMps());
        System.out.printf(Locale.ROOT, "seed 000 Table II: N_t = N_r = %d, L = %d, M = %d (%d pairs), decimation B = %d, "
                        + "D0 = %.1f m, %d trials per point (baselines ML and grid + MUSIC on %d), %d thread(s); "
                        + "baseline box ±%.3g m, ±%.3g m/s around the truth (random offset within a cell), ML %d^4 "
                        + "start grid and <= %d steps, grid steps %.3g m and %.3g m/s, MUSIC window %d%n",
                elements, pulses, subarray, (elements / subarray) * (elements / subarray), b, D0_M, trials,
                Math.min(baselineTrials, trials), threads, box[0], box[1], ml[0], ml[1], gridStep[0], gridStep[1],
                musicWindow);
        if (baselineTrials > 0 && trials > 0) {
            // the grid's errors cannot exceed its box; ML starts inside it: a guess drawn uniformly over the box
            // scores sqrt(2/3) half-width per quantity, so baseline RMSEs near these values carry no information
            System.out.printf(Locale.ROOT, "baseline box reference: a uniform guess over the box has position RMSE "
                    + "%.4g m and velocity RMSE %.4g m/s; gridAtBoxEdgeFraction = share of grid answers on the box's "
                    + "outermost node (error bounded by the box), mlOutsideBoxFraction = share of ML answers outside "
                    + "it%n", Math.sqrt(2.0 / 3) * box[0], Math.sqrt(2.0 / 3) * box[1]);
        }
        if (timingCpis > 0) {
            new VmpTiming(setup, cfg, timingCpis, seed).run(timingBaselines ? base : null);
        }
        if (trials > 0) {
            accuracy(setup, lambda, xs, truths, snrs, base);
        }
    }

    private void accuracy(VmpSetup setup, double lambda, List<Double> xs, List<TargetState> truths, List<Double> snrs,
                          VmpTrial.Baselines base) {
        int points = xs.size();
        double[] snr = snrs.stream().mapToDouble(Double::doubleValue).toArray();
        VmpTrial trial = new VmpTrial(setup, snr, truths.toArray(new TargetState[0]), base,
                Math.min(baselineTrials, trials));
        Results res;
        try {
            res = ProgressReport.trials("seed 000 Monte Carlo", new MonteCarloRunner(threads), trial, points, trials,
                    seed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        SubarrayLayout layout = new SubarrayLayout(setup.txArray(), setup.rxArray(), subarray, lambda);
        BistaticModel model = new BistaticModel(setup.txArray(), setup.rxArray(), lambda);
        String[] cols = {"posRmseSystemM", "posRmseSubarrayM", "posRmseAverageM", "posRmseMlM", "posRmseGridM",
            "posCrbPairGainsM", "posCrbOneGainM", "velRmseSystemMps", "velRmseSubarrayMps", "velRmseTrueLocationMps",
            "velRmseSubarrayLocationMps", "velRmseAverageMps", "velRmseMlMps", "velRmseGridMps", "velCrbPairGainsMps",
            "velCrbOneGainMps", "cpuVmpMs", "cpuMlMs", "cpuGridMs", "gridAtBoxEdgeFraction", "mlOutsideBoxFraction"};
        int[] metric = {0, 2, 6, 8, 10, -1, -3, 1, 3, 4, 5, 7, 9, 11, -2, -4, 12, 13, 14, 16, 17};
        double[][] table = new double[cols.length][points];
        double[][] bounds = new double[points][];
        String[] leadValues = new String[points];
        String xName = sweep.equals("snr") ? "snrDb" : sweep.equals("speed") ? "speedMps" : "distanceM";
        Path csv = out.resolve("vmp-" + sweep + ".csv");
        try {
            Files.createDirectories(out);
            String lead = sweep.equals("snr") ? "" : xName + ",";
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
                String head = lead + "snrDb," + String.join(",", cols) + ",failures,trials,baselineTrials";
                w.println(head);
                System.out.println(head);
                for (int p = 0; p < points; p++) {
                    TargetState s = truths.get(p);
                    double[] crb = crb(layout, s, setup, snr[p], lambda);
                    double[] one = ExactBistaticCrb.bound(model, s, 1, Math.pow(10, -snr[p] / 10), pulses, T_S,
                            ExactBistaticCrb.GainBlocks.single(model), ExactBistaticCrb.Motion.LINEARISED);
                    int fails = 0;
                    for (int t = 0; t < trials; t++) {
                        fails += res.get(p, t, 15) == 0 ? 0 : 1;
                    }
                    bounds[p] = new double[]{ExactBistaticCrb.positionRmseBound(one),
                        ExactBistaticCrb.velocityRmseBound(one), BistaticCrb.positionRmseBound(crb),
                        BistaticCrb.velocityRmseBound(crb)};
                    leadValues[p] = lead.isEmpty() ? String.format(Locale.ROOT, "%.1f", snr[p])
                            : String.format(Locale.ROOT, "%.4g,%.1f", xs.get(p), snr[p]);
                    StringBuilder line = new StringBuilder(leadValues[p]);
                    for (int c = 0; c < cols.length; c++) {
                        double v = metric[c] == -1 ? BistaticCrb.positionRmseBound(crb)
                                : metric[c] == -2 ? BistaticCrb.velocityRmseBound(crb)
                                : metric[c] == -3 ? ExactBistaticCrb.positionRmseBound(one)
                                : metric[c] == -4 ? ExactBistaticCrb.velocityRmseBound(one)
                                : metric[c] >= 12 ? mean(res, p, metric[c]) : rms(res, p, metric[c]);
                        table[c][p] = v;
                        line.append(String.format(Locale.ROOT, ",%.4g", v));
                    }
                    line.append(',').append(fails).append(',').append(trials).append(',')
                            .append(Math.min(baselineTrials, trials));
                    w.println(line);
                    System.out.println(line);
                }
            }
            System.out.println("wrote " + csv);
            double[][] chain = new RefinementReport(res, trials).write(out.resolve("vmp-" + sweep + "-coherent.csv"),
                    lead + "snrDb,", leadValues, bounds, sweep.equals("snr"), snr);
            plot(xs, cols, table, chain, xName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void plot(List<Double> xs, String[] cols, double[][] table, double[][] chain, String xName)
            throws IOException {
        double[] x = xs.stream().mapToDouble(Double::doubleValue).toArray();
        List<Map.Entry<String, Map<String, double[]>>> panels = new ArrayList<>();
        String[] labels = {"system-level", "subarray-level", "subarray average", "ML", "grid + MUSIC",
            PAIR_GAINS_LABEL, ONE_GAIN_LABEL, "system-level", "subarray-level", "system, true location",
            "system, subarray location", "subarray average", "ML", "grid + MUSIC", PAIR_GAINS_LABEL, ONE_GAIN_LABEL};
        for (int panel = 0; panel < 2; panel++) {
            Map<String, double[]> series = new LinkedHashMap<>();
            int from = panel == 0 ? 0 : 7;
            int to = panel == 0 ? 7 : 16;
            for (int c = from; c < to; c++) {
                double[] db = new double[x.length];
                boolean any = false;
                for (int p = 0; p < x.length; p++) {
                    db[p] = 20 * Math.log10(table[c][p]);
                    any |= Double.isFinite(db[p]);
                }
                if (any) {
                    series.put(labels[c], db);
                }
            }
            double[] db = new double[x.length];
            for (int p = 0; p < x.length; p++) {
                db[p] = 20 * Math.log10(chain[panel][p]);
            }
            series.put("VMP + coherent refinement", db);
            panels.add(Map.entry(panel == 0 ? "position RMSE, dB re 1 m" : "velocity RMSE, dB re 1 m/s", series));
        }
        Map<String, double[]> times = new LinkedHashMap<>();
        String[] timeLabels = {"VMP (Alg. 1 + system fusion)", "ML", "grid + MUSIC"};
        for (int c = 16; c < 19; c++) {
            double[] lg = new double[x.length];
            for (int p = 0; p < x.length; p++) {
                lg[p] = Math.log10(table[c][p] / 1e3);
            }
            if (Double.isFinite(lg[0])) {
                times.put(timeLabels[c - 16], lg);
            }
        }
        panels.add(Map.entry("CPU time per CPI, log10 s", times));
        Path png = out.resolve("vmp-" + sweep + ".png");
        NmsePlot.write(png, String.format(Locale.ROOT, "seed 000, N=%d, L=%d, M=%d", elements, pulses, subarray),
                xName, "dB (time: log10 s)", x, panels);
        System.out.println("wrote " + png);
    }

    private double[] crb(SubarrayLayout layout, TargetState s, VmpSetup setup, double snrDbValue, double lambda) {
        double refT = Math.hypot(s.xM() - setup.txArray().referenceXM(), s.yM());
        double refR = Math.hypot(s.xM() - setup.rxArray().referenceXM(), s.yM());
        double[] gRe = new double[layout.pairs()];
        for (int k = 0; k < layout.pairs(); k++) {
            double rt = Math.hypot(s.xM() - layout.txCentreX(k / layout.rxSubarrays()), s.yM());
            double rr = Math.hypot(s.xM() - layout.rxCentreX(k % layout.rxSubarrays()), s.yM());
            gRe[k] = refT * refR / (rt * rr);
        }
        return BistaticCrb.bound(layout, s, gRe, new double[layout.pairs()], Math.pow(10, -snrDbValue / 10), pulses,
                T_S, lambda);
    }

    /** RMS of a squared-error metric over the trials that ran it (NaN: not run) and did not fail. */
    private double rms(Results res, int p, int metric) {
        double sum = 0;
        int n = 0;
        for (int t = 0; t < trials; t++) {
            double v = res.get(p, t, metric);
            if (Double.isFinite(v) && res.get(p, t, 15) == 0) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : Math.sqrt(sum / n);
    }

    private double mean(Results res, int p, int metric) {
        double sum = 0;
        int n = 0;
        for (int t = 0; t < trials; t++) {
            double v = res.get(p, t, metric);
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Adds complex white noise of variance σ (σ/2 per component) to every value. */
    static void addNoise(float[] y, double sigma, SplittableRandom r) {
        double s = Math.sqrt(sigma / 2);
        for (int i = 0; i < y.length; i++) {
            y[i] += (float) (s * r.nextGaussian());
        }
    }
}
