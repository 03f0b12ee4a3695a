package org.nftb.methods.vmp;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each update of Algorithm 1 against a brute-force numerical optimum on a small case. */
class VbiLemmaTest {
    static final int M = 4;
    static final int LP = 6;

    /** Data of one pair: β e^{j kt ψt} e^{j kr ψr} e^{−j x (b − c)} + noise of variance σ. */
    static double[] pair(long seed, double sigma) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] y = new double[2 * M * M * LP];
        for (int kt = 0; kt < M; kt++) {
            for (int kr = 0; kr < M; kr++) {
                for (int b = 0; b < LP; b++) {
                    double ph = 0.4 + 0.9 * kt - 1.3 * kr - 0.5 * (b - (LP - 1) / 2.0);
                    int o = 2 * ((kr * LP + b) * M + kt);
                    y[o] = 2 * Math.cos(ph) + Math.sqrt(sigma / 2) * r.nextGaussian();
                    y[o + 1] = 2 * Math.sin(ph) + Math.sqrt(sigma / 2) * r.nextGaussian();
                }
            }
        }
        return y;
    }

    /** |μ(ψt, ψr, x)ᴴ y| with explicit Kronecker steering (no contraction shortcuts). */
    static double[] match(double[] y, double pt, double pr, double x) {
        double sr = 0;
        double si = 0;
        for (int kt = 0; kt < M; kt++) {
            for (int kr = 0; kr < M; kr++) {
                for (int b = 0; b < LP; b++) {
                    double ph = -(kt * pt + kr * pr - x * (b - (LP - 1) / 2.0));   // conj(μ)
                    int o = 2 * ((kr * LP + b) * M + kt);
                    sr += y[o] * Math.cos(ph) - y[o + 1] * Math.sin(ph);
                    si += y[o] * Math.sin(ph) + y[o + 1] * Math.cos(ph);
                }
            }
        }
        return new double[]{sr, si};
    }

    @Test
    void lemmaOnesMeansAreTheBruteForceMaximaOfTheProfileAndItsConcentrationItsCurvature() {
        double[] y = pair(3, 4.0);
        SubarrayVbi vbi = new SubarrayVbi(M, LP);
        vbi.run(y, 200, 1e-12);
        double[] est = {vbi.psiT(), vbi.psiR(), vbi.dopplerX()};
        for (int p = 0; p < 3; p++) {
            // grid of 200 001 points over ±0.2 rad around the estimate, the others held at their means
            double best = 0;
            double bestV = -1;
            for (int g = -100_000; g <= 100_000; g++) {
                double[] a = est.clone();
                a[p] = est[p] + 2e-6 * g;
                double[] s = match(y, a[0], a[1], a[2]);
                double v = Math.hypot(s[0], s[1]);
                if (v > bestV) {
                    bestV = v;
                    best = a[p];
                }
            }
            assertEquals(best, est[p], 3e-6, "parameter " + p);
            // curvature of (2/σ)|β̂||S| by central differences → κ = A⁻¹(exp(−1/(2c)))
            double h = 1e-3;
            double[] a = est.clone();
            double f0 = Math.hypot(match(y, a[0], a[1], a[2])[0], match(y, a[0], a[1], a[2])[1]);
            a[p] = est[p] + h;
            double fp = Math.hypot(match(y, a[0], a[1], a[2])[0], match(y, a[0], a[1], a[2])[1]);
            a[p] = est[p] - h;
            double fm = Math.hypot(match(y, a[0], a[1], a[2])[0], match(y, a[0], a[1], a[2])[1]);
            double curv = -(fp - 2 * f0 + fm) / (h * h) * 2 / vbi.sigma() * Math.hypot(vbi.betaRe(), vbi.betaIm());
            double kappa = p == 0 ? vbi.kappaT() : p == 1 ? vbi.kappaR() : vbi.kappaX();
            assertEquals(VonMises.kappaFromCurvature(curv), kappa, 1e-4 * kappa, "kappa " + p);
        }
    }

    @Test
    void lemmaTwosGainPosteriorIsTheNumericallyIntegratedPosterior() {
        double[] y = pair(5, 3.0);
        int n = M * M * LP;
        double[] s = match(y, 0.9, -1.3, 0.5);
        double sigma = 3.0;
        double varsigma = 2.5;
        // posterior ∝ exp(−‖y − βμ‖²/σ − |β|²/ς) = exp(−(n|β|² − 2Re(β* S))/σ − |β|²/ς) + const
        double m0 = 0;
        double mr = 0;
        double mi = 0;
        double m2 = 0;
        double centreR = s[0] / n;
        double centreI = s[1] / n;
        double step = 0.002;
        double peak = logPost(centreR, centreI, s, n, sigma, varsigma);
        for (int a = -600; a <= 600; a++) {
            for (int b = -600; b <= 600; b++) {
                double br = centreR + a * step;
                double bi = centreI + b * step;
                double w = Math.exp(logPost(br, bi, s, n, sigma, varsigma) - peak);
                m0 += w;
                mr += w * br;
                mi += w * bi;
                m2 += w * (br * br + bi * bi);
            }
        }
        mr /= m0;
        mi /= m0;
        double var = m2 / m0 - mr * mr - mi * mi;   // E|β − β̂|², the CN variance
        double[] out = new double[3];
        SubarrayVbi.gainPosterior(s[0], s[1], n, sigma, varsigma, out);
        assertEquals(mr, out[0], 1e-6);
        assertEquals(mi, out[1], 1e-6);
        assertEquals(var, out[2], 1e-3 * var, "the exact posterior variance (eq. 26 without the paper's 1/2)");
    }

    static double logPost(double br, double bi, double[] s, int n, double sigma, double varsigma) {
        double b2 = br * br + bi * bi;
        return -(n * b2 - 2 * (br * s[0] + bi * s[1])) / sigma - b2 / varsigma;
    }

    @Test
    void lemmaThreesNoiseVarianceMaximisesTheEvidenceLowerBound() {
        double[] y = pair(7, 2.0);
        int n = M * M * LP;
        double energy = 0;
        for (double v : y) {
            energy += v * v;
        }
        double[] s = match(y, 0.9, -1.3, 0.5);
        double[] g = new double[3];
        SubarrayVbi.gainPosterior(s[0], s[1], n, 1.7, 40, g);
        double expectedResidual = energy - 2 * (g[0] * s[0] + g[1] * s[1]) + n * (g[2] + g[0] * g[0] + g[1] * g[1]);
        double best = 0;
        double bestL = Double.NEGATIVE_INFINITY;
        for (int k = 1; k <= 400_000; k++) {
            double sig = k * 1e-5;
            double elbo = -n * Math.log(sig) - expectedResidual / sig;   // eq. (73) in σ
            if (elbo > bestL) {
                bestL = elbo;
                best = sig;
            }
        }
        assertEquals(best, SubarrayVbi.noiseVariance(energy, s[0], s[1], n, g[0], g[1], g[2]), 1e-5);
    }
}
