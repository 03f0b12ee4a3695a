package org.nftb.methods.seqbeam;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Test reference: the noiseless observation of seed 002 eqs. 3-6 summed out term by term, written apart from the
 * code under test — element positions and point-to-element distances with Math.hypot (no {@link Steering}),
 * an explicit loop over slots, symbols, subcarriers and paths, random unit-modulus pilots.
 */
final class EchoReference {
    private EchoReference() {
    }

    /** μ for channel parameters xi (in {@code model.params()} order): [slot][symbol][subcarrier][element] interleaved. */
    static double[] observe(StageModel model, double[] xi, Phase phase, double[] beams, long pilotSeed) {
        SystemParams sys = model.system();
        List<ChannelParam> ps = model.params();
        int paths = model.paths();
        double[][] path = new double[paths][8];   // θ, rB, ψ, rU, τ, ν, βr, βi
        for (double[] p : path) {
            p[2] = 0;
            p[3] = 1e9;
        }
        for (int i = 0; i < ps.size(); i++) {
            ChannelParam p = ps.get(i);
            int at = switch (p.kind()) {
                case THETA -> 0;
                case RANGE_BS -> 1;
                case PSI -> 2;
                case RANGE_UE -> 3;
                case DELAY -> 4;
                case DOPPLER -> 5;
                case GAIN_RE -> 6;
                case GAIN_IM -> 7;
            };
            path[p.path()][at] = xi[i];
        }
        if (!model.nearField()) {
            throw new IllegalArgumentException("reference is written for the exact near field");
        }
        boolean ms = model.stage() == Stage.MS;
        int nb = sys.bsElements();
        int nr = ms ? nb : sys.ueElements();
        double k = 2 * Math.PI / sys.wavelengthM();
        double d = sys.wavelengthM() / 2;
        double[][] txGain = new double[paths * sys.slots()][2];
        double[][] rx = new double[paths][2 * nr];
        for (int q = 0; q < paths; q++) {
            double th = path[q][0];
            double rb = path[q][1];
            double px = rb * Math.sin(th);
            double py = rb * Math.cos(th);
            for (int l = 0; l < sys.slots(); l++) {
                double re = 0;
                double im = 0;
                for (int n = 0; n < nb; n++) {
                    double ex = (n - (nb - 1) / 2.0) * d;
                    double ph = -k * excess(px, py, rb, ex);
                    double fr = beams[2 * (l * nb + n)];
                    double fi = beams[2 * (l * nb + n) + 1];
                    // b_n f_n
                    re += Math.cos(ph) * fr - Math.sin(ph) * fi;
                    im += Math.cos(ph) * fi + Math.sin(ph) * fr;
                }
                txGain[q * sys.slots() + l][0] = re;
                txGain[q * sys.slots() + l][1] = im;
            }
            for (int n = 0; n < nr; n++) {
                double ph;
                if (ms) {
                    double ex = (n - (nb - 1) / 2.0) * d;
                    ph = -k * excess(px, py, rb, ex);
                } else {
                    // UE frame: source at r_U (sin ψ, cos ψ); element n at ((n − (N−1)/2) d, 0)
                    double ru = path[q][3];
                    double sx = ru * Math.sin(path[q][2]);
                    double sy = ru * Math.cos(path[q][2]);
                    double ex = (n - (nr - 1) / 2.0) * d;
                    ph = -k * excess(sx, sy, ru, ex);
                }
                rx[q][2 * n] = Math.cos(ph);
                rx[q][2 * n + 1] = Math.sin(ph);
            }
        }
        int m = sys.subcarriers();
        double df = sys.subcarrierSpacingHz();
        int p = sys.symbolsPerSlot();
        double[] out = new double[2 * sys.slots() * p * m * nr];
        SplittableRandom rng = new SplittableRandom(pilotSeed);
        for (int l = 0; l < sys.slots(); l++) {
            for (int s = 0; s < phase.count(l); s++) {
                double t = phase.timeS(l, s);
                for (int sc = 0; sc < m; sc++) {
                    double mm = sc - m / 2;
                    double pil = 2 * Math.PI * rng.nextDouble();
                    for (int q = 0; q < paths; q++) {
                        double ph = -2 * Math.PI * mm * df * path[q][4] + 2 * Math.PI * path[q][5] * t + pil;
                        double cr = Math.cos(ph);
                        double ci = Math.sin(ph);
                        // β · phase · (tx gain)
                        double ar = path[q][6] * cr - path[q][7] * ci;
                        double ai = path[q][6] * ci + path[q][7] * cr;
                        double[] tg = txGain[q * sys.slots() + l];
                        double br = ar * tg[0] - ai * tg[1];
                        double bi = ar * tg[1] + ai * tg[0];
                        int o = 2 * (((l * p + s) * m + sc) * nr);
                        for (int n = 0; n < nr; n++) {
                            out[o + 2 * n] += br * rx[q][2 * n] - bi * rx[q][2 * n + 1];
                            out[o + 2 * n + 1] += br * rx[q][2 * n + 1] + bi * rx[q][2 * n];
                        }
                    }
                }
            }
        }
        return out;
    }

    private static double[] shifted(StageModel model, double[] xi, int i, double h, Phase phase, double[] beams) {
        double[] x = xi.clone();
        x[i] += h;
        return observe(model, x, phase, beams, 7);
    }

    /**
     * |q − e| − r for the point q = (x, y) at distance r from the reference and an element at (e, 0), without the
     * cancellation of the difference: (|q − e|² − r²)/(|q − e| + r) = (e² − 2 x e)/(|q − e| + r).
     */
    static double excess(double x, double y, double r, double e) {
        return (e * e - 2 * x * e) / (Math.hypot(x - e, y) + r);
    }

    /** (2/σ²) Re{Dᴴ D} with D by five-point central differences of {@link #observe} with steps {@code h}. */
    static double[] numericFim(StageModel model, Phase phase, double[] beams, double[] h, boolean blockDiagonal) {
        double[] xi = model.channelValues();
        int n = xi.length;
        double[][] cols = new double[n][];
        for (int i = 0; i < n; i++) {
            // five-point central difference: truncation O(h⁴), so the range parameters (whose effect is a
            // wavefront curvature of 1e-3 rad/m) are differentiated to 1e-9 without a step in the round-off
            double[] a = shifted(model, xi, i, h[i], phase, beams);
            double[] b = shifted(model, xi, i, -h[i], phase, beams);
            double[] a2 = shifted(model, xi, i, 2 * h[i], phase, beams);
            double[] b2 = shifted(model, xi, i, -2 * h[i], phase, beams);
            for (int q = 0; q < a.length; q++) {
                a[q] = (8 * (a[q] - b[q]) - (a2[q] - b2[q])) / (12 * h[i]);
            }
            cols[i] = a;
        }
        double[] fim = new double[n * n];
        double s = 2 / model.noisePowerW();
        List<ChannelParam> ps = model.params();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (blockDiagonal && ps.get(i).path() != ps.get(j).path()) {
                    continue;
                }
                double re = 0;
                for (int q = 0; q < cols[i].length; q++) {
                    re += cols[i][q] * cols[j][q];
                }
                fim[i * n + j] = s * re;
            }
        }
        return fim;
    }
}
