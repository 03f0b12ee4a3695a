package org.nftb.methods.seqbeam;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The MS observation of seed 002 (eqs. 3-4) after OFDM demodulation and division by the pilot, as the BS's
 * estimator sees it: {@code Y[q][m][n] = Σ_k β_k e^{−j2π m Δf τ_k} e^{j2π ν_k t_q} b_{k,n} (b_kᵀ f_q) + w}, symbol q
 * at time t_q with beam f_q (zero for a silent symbol), subcarrier m = −M/2 … M/2−1, element n; {@code τ_k = 2r_k/c},
 * b_k the exact near-field vector of {@link Steering} at (θ_k, r_k), ν_k the echo's Doppler (UE only), w complex
 * Gaussian with variance σ² per entry. Interleaved layout {@code [2 ((q M + m) N + n)]}. Stateless.
 */
public final class OfdmEcho {
    private OfdmEcho() {
    }

    /** One echo: position (x, y) from the array centre, Doppler, complex gain. */
    public record Path(double xM, double yM, double dopplerHz, double gainRe, double gainIm) {
    }

    /**
     * Adds the paths' echoes into {@code y} (length 2·Q·M·N).
     *
     * @param beams N × Q column-major interleaved: symbol q's beam f_q (zeros for a silent symbol)
     * @param times t_q, s
     */
    public static void add(SystemParams sys, Path[] paths, double[] beams, double[] times, double[] y) {
        int n = sys.bsElements();
        int m = sys.subcarriers();
        int q = times.length;
        double k = 2 * Math.PI / sys.wavelengthM();
        double[] offsets = Steering.ulaOffsets(n, sys.elementSpacingM());
        double[] b = new double[2 * n];
        double df = sys.subcarrierSpacingHz();
        double[] freq = new double[2 * m];
        for (Path p : paths) {
            double r = Math.hypot(p.xM(), p.yM());
            Steering.fill(offsets, k, Math.atan2(p.xM(), p.yM()), r, true, b, null, null);
            double tau = 2 * r / StageModel.C;
            for (int sc = 0; sc < m; sc++) {
                double ph = -2 * Math.PI * (sc - m / 2) * df * tau;
                freq[2 * sc] = Math.cos(ph);
                freq[2 * sc + 1] = Math.sin(ph);
            }
            for (int s = 0; s < q; s++) {
                // g = bᵀ f_q
                double gr = 0;
                double gi = 0;
                for (int e = 0; e < n; e++) {
                    double fr = beams[2 * (s * n + e)];
                    double fi = beams[2 * (s * n + e) + 1];
                    gr += b[2 * e] * fr - b[2 * e + 1] * fi;
                    gi += b[2 * e] * fi + b[2 * e + 1] * fr;
                }
                if (gr == 0 && gi == 0) {
                    continue;
                }
                double ph = 2 * Math.PI * p.dopplerHz() * times[s];
                double cr = Math.cos(ph);
                double ci = Math.sin(ph);
                // a = β e^{j2πνt} g
                double ar = p.gainRe() * cr - p.gainIm() * ci;
                double ai = p.gainRe() * ci + p.gainIm() * cr;
                double tr = ar * gr - ai * gi;
                double ti = ar * gi + ai * gr;
                for (int sc = 0; sc < m; sc++) {
                    double ur = tr * freq[2 * sc] - ti * freq[2 * sc + 1];
                    double ui = tr * freq[2 * sc + 1] + ti * freq[2 * sc];
                    int o = 2 * ((s * m + sc) * n);
                    for (int e = 0; e < n; e++) {
                        y[o + 2 * e] += ur * b[2 * e] - ui * b[2 * e + 1];
                        y[o + 2 * e + 1] += ur * b[2 * e + 1] + ui * b[2 * e];
                    }
                }
            }
        }
    }

    /** Adds complex Gaussian noise of variance σ² per entry. */
    public static void addNoise(double[] y, double sigma2, SplittableRandom rng) {
        double s = Math.sqrt(sigma2 / 2);
        for (int i = 0; i < y.length; i++) {
            y[i] += s * rng.nextGaussian();
        }
    }

    /**
     * Per-symbol beams and times of a phase on a schedule: symbol q of the phase in time order, its slot's beam.
     * Returns {beams (N × Q), times (Q)}.
     */
    public static double[][] symbols(SystemParams sys, Phase phase, SlotSchedule s) {
        int n = sys.bsElements();
        int total = phase.symbols();
        double[] times = new double[total];
        int[] slot = new int[total];
        int i = 0;
        for (int l = 0; l < phase.slots(); l++) {
            for (int c = 0; c < phase.count(l); c++) {
                times[i] = phase.timeS(l, c);
                slot[i++] = l;
            }
        }
        // sort by time
        Integer[] order = new Integer[total];
        for (int j = 0; j < total; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> Double.compare(times[a], times[b]));
        double[] beams = new double[2 * n * total];
        double[] t = new double[total];
        for (int j = 0; j < total; j++) {
            int src = order[j];
            t[j] = times[src];
            System.arraycopy(s.beams(), 2 * n * slot[src], beams, 2 * n * j, 2 * n);
        }
        return new double[][] {beams, t};
    }
}
