package org.nftb.methods.seqbeam;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 002's Slepian–Bangs FIMs against central differences of the noiseless model ({@link EchoReference}, written
 * apart from the code) on a small case: N_B = 8, N_U = 4, M = 16, L = 4, P = 3, K = 2, points 2-5 m away (inside the
 * array's near field), random beams. Compared after scaling both to unit diagonal (the parameters' units span twenty
 * orders of magnitude): max |difference| ≤ 1e-6.
 */
class ChannelFimTest {
    static final double TOLERANCE = 1e-6;

    static SystemParams small(SystemParams.Layout layout) {
        return SystemParams.tableII().withSize(8, 4, 16, 120e6, 4, 3).withLayout(layout).withCovarianceSymbols(0);
    }

    static SeqBeamScene smallScene() {
        return new SeqBeamScene(new double[] {1.2, 3.1}, new double[] {7, -4},
                new double[][] {{-2.0, 2.5}, {0.7, 4.6}}, new double[] {0, 1, -2}, new double[] {0.3, 1.9, -2.2},
                new double[] {2, 0, -1}, new double[] {-0.4, 2.8, 1.1});
    }

    static double[] randomBeams(SystemParams sys, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] f = new double[2 * sys.bsElements() * sys.slots()];
        for (int i = 0; i < f.length; i++) {
            f[i] = r.nextGaussian() * 1e-3;
        }
        return f;
    }

    static double[] steps(StageModel m) {
        List<ChannelParam> ps = m.params();
        double[] xi = m.channelValues();
        double[] h = new double[ps.size()];
        for (int i = 0; i < h.length; i++) {
            h[i] = switch (ps.get(i).kind()) {
                case THETA, PSI -> 1e-4;
                case RANGE_BS, RANGE_UE -> 1e-2;
                case DELAY -> 1e-12;
                case DOPPLER -> 100;
                case GAIN_RE, GAIN_IM -> 1e-5 * Math.hypot(m.gainRe(ps.get(i).path()), m.gainIm(ps.get(i).path()));
            };
            assertTrue(Double.isFinite(xi[i]));
        }
        return h;
    }

    /** max |a_ij − b_ij| / √(b_ii b_jj). */
    static double normalizedDifference(double[] a, double[] b, int n) {
        double worst = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = Math.sqrt(b[i * n + i] * b[j * n + j]);
                worst = Math.max(worst, Math.abs(a[i * n + j] - b[i * n + j]) / s);
            }
        }
        return worst;
    }

    private void check(Stage stage, ChannelFim.Mode mode, SystemParams.Layout layout) {
        SystemParams sys = small(layout);
        StageModel m = StageModel.of(stage, sys, smallScene());
        Phase phase = Phase.of(sys, sys.totalSymbols(), 0);
        double[] beams = randomBeams(sys, 11);
        ChannelFim fim = new ChannelFim(m, phase, mode);
        int n = fim.size();
        double[] closed = new double[n * n];
        fim.compute(beams, closed);
        double[] numeric = EchoReference.numericFim(m, phase, beams, steps(m), mode == ChannelFim.Mode.BLOCK_DIAGONAL);
        double diff = normalizedDifference(closed, numeric, n);
        System.out.printf("%s %s %s: %d parameters, max normalized |closed − numeric| = %.2e%n", stage, mode, layout,
                n, diff);
        assertTrue(diff <= TOLERANCE, stage + " " + mode + ": " + diff);
    }

    @Test
    void theExactMsFimMatchesCentralDifferencesOfTheEchoModel() {
        check(Stage.MS, ChannelFim.Mode.EXACT, SystemParams.Layout.INTERLEAVED);
    }

    @Test
    void theBlockDiagonalMsFimMatchesTheSamePathTermsOfTheEchoModel() {
        check(Stage.MS, ChannelFim.Mode.BLOCK_DIAGONAL, SystemParams.Layout.SEQUENTIAL);
    }

    @Test
    void theExactBpFimMatchesCentralDifferencesOfTheUeObservation() {
        check(Stage.BP, ChannelFim.Mode.EXACT, SystemParams.Layout.SEQUENTIAL);
    }

    @Test
    void theBlockDiagonalBpFimMatchesTheSamePathTermsOfTheUeObservation() {
        check(Stage.BP, ChannelFim.Mode.BLOCK_DIAGONAL, SystemParams.Layout.INTERLEAVED);
    }

    @Test
    void theSlotAveragedFimEqualsTheExactOneWhenEverySlotCarriesTheSameBeam() {
        SystemParams sys = small(SystemParams.Layout.INTERLEAVED);
        StageModel m = StageModel.of(Stage.BP, sys, smallScene());
        Phase phase = Phase.of(sys, sys.totalSymbols(), 0);
        double[] one = randomBeams(sys, 3);
        int nb = sys.bsElements();
        for (int l = 1; l < sys.slots(); l++) {
            System.arraycopy(one, 0, one, 2 * nb * l, 2 * nb);
        }
        ChannelFim fim = new ChannelFim(m, phase, ChannelFim.Mode.EXACT);
        int n = fim.size();
        double[] exact = new double[n * n];
        fim.compute(one, exact);
        // G = V^H (Σ_l f f^H) V = L (V^H f)(V^H f)^H; the slot average of the time sums times L
        int d = 3 * m.paths();
        double[] v = m.txBank();
        double[] g = new double[2 * d];
        for (int x = 0; x < d; x++) {
            for (int e = 0; e < nb; e++) {
                g[2 * x] += v[2 * (x * nb + e)] * one[2 * e] + v[2 * (x * nb + e) + 1] * one[2 * e + 1];
                g[2 * x + 1] += v[2 * (x * nb + e)] * one[2 * e + 1] - v[2 * (x * nb + e) + 1] * one[2 * e];
            }
        }
        double[] gram = new double[2 * d * d];
        for (int x = 0; x < d; x++) {
            for (int y = 0; y < d; y++) {
                gram[2 * (x * d + y)] = sys.slots() * (g[2 * x] * g[2 * y] + g[2 * x + 1] * g[2 * y + 1]);
                gram[2 * (x * d + y) + 1] = sys.slots() * (g[2 * x + 1] * g[2 * y] - g[2 * x] * g[2 * y + 1]);
            }
        }
        double[] avg = new double[n * n];
        fim.computeAveraged(gram, avg);
        assertTrue(normalizedDifference(avg, exact, n) < 1e-12, "same beam in every slot: averaging is exact");
    }

    @Test
    void theAnalyticJacobianMatchesCentralDifferencesOfTheGeometry() {
        SystemParams sys = small(SystemParams.Layout.INTERLEAVED);
        SeqBeamScene scene = smallScene();
        for (Stage stage : Stage.values()) {
            double[] eta = Geometry.eta(stage, sys, scene);
            double[] j = Geometry.jacobian(stage, sys, scene, true);
            int rows = Geometry.xiGeo(stage, sys, scene, eta, true).length;
            int cols = eta.length;
            for (int c = 0; c < cols; c++) {
                double h = c == cols - 1 && stage == Stage.BP ? 1e-12 : 1e-6;
                double[] up = eta.clone();
                double[] dn = eta.clone();
                up[c] += h;
                dn[c] -= h;
                double[] a = Geometry.xiGeo(stage, sys, scene, up, true);
                double[] b = Geometry.xiGeo(stage, sys, scene, dn, true);
                for (int r = 0; r < rows; r++) {
                    double num = (a[r] - b[r]) / (2 * h);
                    double scale = Math.max(1e-300, Math.abs(j[r * cols + c]) + Math.abs(num));
                    assertTrue(Math.abs(num - j[r * cols + c]) <= 1e-6 * scale + 1e-12 * Math.abs(num) + 1e-20,
                            stage + " row " + r + " col " + c + ": " + j[r * cols + c] + " vs " + num);
                }
            }
        }
    }

    @Test
    void theGeometryGivesTheHandComputedDelaysAndDopplers() {
        SystemParams sys = small(SystemParams.Layout.INTERLEAVED);
        SeqBeamScene s = smallScene();
        double c = 299_792_458.0;
        double ru = Math.hypot(1.2, 3.1);
        double[] ms = Geometry.channelGeometry(Stage.MS, sys, s, Geometry.eta(Stage.MS, sys, s));
        assertEquals(2 * ru / c, ms[Geometry.DELAY], 1e-18);
        assertEquals(-2 * (7 * 1.2 - 4 * 3.1) / (ru * sys.wavelengthM()), ms[Geometry.DOPPLER], 1e-9);
        assertEquals(Math.atan2(-2.0, 2.5), ms[Geometry.FIELDS + Geometry.THETA], 1e-15);
        double[] bp = Geometry.channelGeometry(Stage.BP, sys, s, Geometry.eta(Stage.BP, sys, s));
        double d1 = Math.hypot(-2.0 - 1.2, 2.5 - 3.1);
        assertEquals((Math.hypot(-2.0, 2.5) + d1) / c + 1e-6, bp[Geometry.FIELDS + Geometry.DELAY], 1e-18);
        // UE → PT 1 direction in the UE frame: axis (cos 110°, sin 110°)
        double ax = Math.cos(Math.toRadians(110));
        double ay = Math.sin(Math.toRadians(110));
        double dx = -3.2;
        double dy = -0.6;
        assertEquals(Math.atan2(dx * ax + dy * ay, -dx * ay + dy * ax), bp[Geometry.FIELDS + Geometry.PSI], 1e-15);
        assertEquals(-(7 * 3.2 - 4 * 0.6) / (d1 * sys.wavelengthM()), bp[Geometry.FIELDS + Geometry.DOPPLER], 1e-9);
    }
}
