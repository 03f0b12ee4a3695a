package org.nftb.bench;

import org.nftb.bound.BistaticCrb;
import org.nftb.dsp.Fft;
import org.nftb.estimate.EstimateFrame;
import org.nftb.estimate.vmp.VmpConfig;
import org.nftb.estimate.vmp.VmpEstimator;
import org.nftb.estimate.vmp.VmpProvider;
import org.nftb.estimate.vmp.VmpSetup;
import org.nftb.frontend.FrontEnd;
import org.nftb.frontend.Snapshot;
import org.nftb.model.BistaticEcho;
import org.nftb.model.BistaticModel;
import org.nftb.model.ElementArray;
import org.nftb.model.MimoWaveform;
import org.nftb.model.PhysicalConstants;
import org.nftb.model.SubarrayLayout;
import org.nftb.model.TargetState;
import org.nftb.montecarlo.MonteCarloRunner;
import org.nftb.montecarlo.Results;
import org.nftb.montecarlo.Trial;
import org.nftb.stream.CpiFrame;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code nftb bench vmp}: seed 000's Table II scenario (f_c = 28 GHz, T = 10 µs, p₀ = (15, 20.7) m,
 * v₀ = (10, 10.2) m/s, N_t = N_r and L as options, Fig. 1 arrays with D₀ = 2 m — the paper does not give D₀).
 * Accuracy: RMSE of position and velocity against the per-output SNR |β|²/σ for both fusion modes, the velocity
 * with the true location (Fig. 5), and the CRB (eqs. 51-62), on snapshots of the exact model (eq. 2,
 * {@link BistaticEcho}) with complex white noise: the MIMO matched filter of white receive noise gives exactly that
 * (time division, one sample per slot). Speed: median time per CPI of the matched filter from raw time-division
 * samples plus the estimator, measured side by side for both fusion modes.
 */
@Command(name = "vmp", mixinStandardHelpOptions = true,
        description = "Seed 000 VMP estimator: RMSE vs SNR against the CRB, and time per CPI (Table II scenario).")
public final class VmpBench implements Runnable {
    @Option(names = "--elements", description = "N_t = N_r (default ${DEFAULT-VALUE})")
    int elements = 256;
    @Option(names = "--pulses", description = "L (default ${DEFAULT-VALUE})")
    int pulses = 600;
    @Option(names = "--subarray", description = "M (default ${DEFAULT-VALUE})")
    int subarray = 32;
    @Option(names = "--snr", split = ",", description = "SNRs per matched-filter output, dB (default ${DEFAULT-VALUE})")
    double[] snrDb = {-20, -10, 0, 10};
    @Option(names = "--trials", description = "Monte Carlo trials per SNR (paper: 200; default ${DEFAULT-VALUE})")
    int trials = 10;
    @Option(names = "--timing-cpis", description = "CPIs timed (default ${DEFAULT-VALUE})")
    int timingCpis = 5;
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
        ElementArray tx = tx(elements, lambda);
        ElementArray rx = rx(elements, lambda);
        int b = VmpProvider.defaultDecimation(pulses, T_S, 15, lambda);
        VmpConfig cfg = new VmpConfig(MimoWaveform.Scheme.TDM, subarray, VmpConfig.Fusion.SYSTEM, 30, 1e-6, b, 15);
        VmpSetup setup = new VmpSetup(cfg, tx, rx, lambda, T_S, pulses, elements);
        System.out.printf(Locale.ROOT, "seed 000 Table II: N_t = N_r = %d, L = %d, M = %d (%d pairs), decimation B = %d, "
                        + "D0 = %.1f m, %d trials per SNR, %d thread(s)%n", elements, pulses, subarray,
                (elements / subarray) * (elements / subarray), b, D0_M, trials, threads);
        new VmpTiming(setup, cfg, timingCpis, seed).run();
        accuracy(setup, cfg, lambda);
    }

    private void accuracy(VmpSetup setup, VmpConfig cfg, double lambda) {
        VmpTrial trial = new VmpTrial(setup, cfg, snrDb);
        Results res;
        try {
            res = new MonteCarloRunner(threads).run(trial, snrDb.length, trials, seed, n -> { });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        SubarrayLayout layout = new SubarrayLayout(setup.txArray(), setup.rxArray(), subarray, lambda);
        double refT = Math.hypot(TRUTH.xM() - setup.txArray().referenceXM(), TRUTH.yM());
        double refR = Math.hypot(TRUTH.xM() - setup.rxArray().referenceXM(), TRUTH.yM());
        double[] gRe = new double[layout.pairs()];
        for (int k = 0; k < layout.pairs(); k++) {
            double rt = Math.hypot(TRUTH.xM() - layout.txCentreX(k / layout.rxSubarrays()), TRUTH.yM());
            double rr = Math.hypot(TRUTH.xM() - layout.rxCentreX(k % layout.rxSubarrays()), TRUTH.yM());
            gRe[k] = refT * refR / (rt * rr);
        }
        try {
            Files.createDirectories(out);
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("rmse-vs-snr.csv")))) {
                String head = "snrDb,posRmseSystemM,posRmseSubarrayM,posCrbM,velRmseSystemMps,velRmseSubarrayMps,"
                        + "velRmseTrueLocationMps,velCrbMps,failures,trials";
                w.println(head);
                System.out.println(head);
                for (int p = 0; p < snrDb.length; p++) {
                    double sigma = Math.pow(10, -snrDb[p] / 10);
                    double[] crb = BistaticCrb.bound(layout, TRUTH, gRe, new double[layout.pairs()], sigma, pulses,
                            T_S, lambda);
                    double[] m = new double[5];
                    int fails = 0;
                    for (int t = 0; t < trials; t++) {
                        if (!(res.get(p, t, 5) == 0)) {
                            fails++;
                            continue;
                        }
                        for (int k = 0; k < 5; k++) {
                            m[k] += res.get(p, t, k);
                        }
                    }
                    int ok = Math.max(1, trials - fails);
                    String line = String.format(Locale.ROOT, "%.1f,%.4g,%.4g,%.4g,%.4g,%.4g,%.4g,%.4g,%d,%d", snrDb[p],
                            Math.sqrt(m[0] / ok), Math.sqrt(m[2] / ok), BistaticCrb.positionRmseBound(crb),
                            Math.sqrt(m[1] / ok), Math.sqrt(m[3] / ok), Math.sqrt(m[4] / ok),
                            BistaticCrb.velocityRmseBound(crb), fails, trials);
                    w.println(line);
                    System.out.println(line);
                }
            }
            System.out.println("wrote " + out.resolve("rmse-vs-snr.csv"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Adds complex white noise of variance σ (σ/2 per component) to every value. */
    static void addNoise(float[] y, double sigma, SplittableRandom r) {
        double s = Math.sqrt(sigma / 2);
        for (int i = 0; i < y.length; i++) {
            y[i] += (float) (s * r.nextGaussian());
        }
    }

    /** One trial: exact-model snapshot at SNR point p, random gain phase, both fusions, and the known location. */
    record VmpTrial(VmpSetup setup, VmpConfig cfg, double[] snrDb) implements Trial<VmpTrial.Ctx> {
        record Ctx(VmpEstimator sys, VmpEstimator sub, float[] clean, float[] noisy) {
        }

        @Override
        public int metrics() {
            return 6;
        }

        @Override
        public Ctx newContext() {
            VmpEstimator sys = new VmpEstimator(cfg, setup.txArray(), setup.rxArray(), setup.wavelengthM(), T_S,
                    setup.pulses());
            VmpEstimator sub = new VmpEstimator(cfg.withFusion(VmpConfig.Fusion.SUBARRAY), setup.txArray(),
                    setup.rxArray(), setup.wavelengthM(), T_S, setup.pulses());
            int n = 2 * setup.txArray().count() * setup.rxArray().count() * setup.pulses();
            float[] clean = new float[n];
            BistaticEcho.fill(new BistaticModel(setup.txArray(), setup.rxArray(), setup.wavelengthM()), TRUTH, 1, 0,
                    setup.pulses(), T_S, clean);
            return new Ctx(sys, sub, clean, new float[n]);
        }

        @Override
        public void run(Ctx c, int point, int trial, long seed, double[] out) {
            SplittableRandom r = new SplittableRandom(seed);
            double phase = 2 * Math.PI * r.nextDouble();
            float cr = (float) Math.cos(phase);
            float ci = (float) Math.sin(phase);
            float[] y = c.noisy();
            float[] x = c.clean();
            for (int i = 0; i < y.length; i += 2) {
                y[i] = x[i] * cr - x[i + 1] * ci;
                y[i + 1] = x[i] * ci + x[i + 1] * cr;
            }
            addNoise(y, Math.pow(10, -snrDb[point] / 10), r);
            boolean ok = c.sys().run(y, true, Double.NaN, Double.NaN);
            out[0] = sq(c.sys().xM() - TRUTH.xM()) + sq(c.sys().yM() - TRUTH.yM());
            out[1] = sq(c.sys().vxMps() - TRUTH.vxMps()) + sq(c.sys().vyMps() - TRUTH.vyMps());
            ok &= c.sub().run(y, false, Double.NaN, Double.NaN);
            out[2] = sq(c.sub().xM() - TRUTH.xM()) + sq(c.sub().yM() - TRUTH.yM());
            out[3] = sq(c.sub().vxMps() - TRUTH.vxMps()) + sq(c.sub().vyMps() - TRUTH.vyMps());
            ok &= c.sys().run(y, true, TRUTH.xM(), TRUTH.yM());
            out[4] = sq(c.sys().vxMps() - TRUTH.vxMps()) + sq(c.sys().vyMps() - TRUTH.vyMps());
            out[5] = ok ? 0 : 1;
        }

        private static double sq(double v) {
            return v * v;
        }
    }
}
