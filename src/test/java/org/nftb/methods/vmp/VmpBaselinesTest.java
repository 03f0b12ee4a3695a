package org.nftb.methods.vmp;

import org.junit.jupiter.api.Test;
import org.nftb.methods.vmp.baseline.GridMusic;
import org.nftb.methods.vmp.baseline.MlGradient;
import org.nftb.methods.vmp.baseline.PairLikelihood;
import org.nftb.model.ElementArray;
import org.nftb.model.SubarrayLayout;
import org.nftb.model.TargetState;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seed 000's three baselines on small noiseless scenes of the piecewise-far-field model (eq. 8). */
class VmpBaselinesTest {
    static final int N = 32;
    static final int M = 8;
    static final int L = 64;
    static final TargetState TRUTH = VmpEstimatorTest.TRUTH;
    final ElementArray tx = VmpScenes.tx(N, VmpEstimatorTest.D0);
    final ElementArray rx = VmpScenes.rx(N, VmpEstimatorTest.D0);
    final SubarrayLayout layout = new SubarrayLayout(tx, rx, M, VmpScenes.WAVELENGTH_M);
    final float[] data = VmpScenes.farField(layout, TRUTH, N, N, L);
    final PairLikelihood like = new PairLikelihood(layout, VmpScenes.WAVELENGTH_M, N, L, VmpScenes.PERIOD_S);

    @Test
    void theLikelihoodGradientMatchesCentralDifferencesOfTheLikelihood() {
        float[] noisy = data.clone();
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] += (float) (0.5 * r.nextGaussian());
        }
        double[] at = {TRUTH.xM() + 0.003, TRUTH.yM() - 0.004, TRUTH.vxMps() + 0.2, TRUTH.vyMps() - 0.1};
        double[] grad = new double[4];
        like.value(noisy, at[0], at[1], at[2], at[3], grad);
        double[] h = {1e-6, 1e-6, 1e-5, 1e-5};
        for (int i = 0; i < 4; i++) {
            double[] p = at.clone();
            double[] q = at.clone();
            p[i] += h[i];
            q[i] -= h[i];
            double fd = (like.value(noisy, p[0], p[1], p[2], p[3], null)
                    - like.value(noisy, q[0], q[1], q[2], q[3], null)) / (2 * h[i]);
            assertEquals(fd, grad[i], 1e-4 * Math.abs(fd) + 1e-9, "component " + i);
        }
    }

    @Test
    void mlByGradientAscentFromACoarseGridClimbsToTheTruthOnNoiselessData() {
        MlGradient ml = new MlGradient(like, 2, 2000);
        // a two-point grid per parameter whose nodes lie 1-3 mm and 0.1-0.5 m/s from the truth
        double[] centre = {TRUTH.xM() + 0.001, TRUTH.yM() - 0.001, TRUTH.vxMps() + 0.3, TRUTH.vyMps() + 0.3};
        ml.run(data, centre, new double[]{0.004, 0.004, 0.4, 0.4});
        assertEquals(TRUTH.xM(), ml.xM(), 1e-4);
        assertEquals(TRUTH.yM(), ml.yM(), 1e-4);
        // at this small scene the velocity across the mean Doppler direction sits on a flat ridge (J changes by
        // 1e-8 of itself along it), which the ascent climbs slowly, as the paper reports for ML; along it the
        // velocity is sharp and the start (0.1-0.5 m/s off) must be corrected
        assertEquals(0, alongDoppler(ml.vxMps(), ml.vyMps()), 1e-3);
        assertEquals(TRUTH.vxMps(), ml.vxMps(), 0.5);
        assertEquals(TRUTH.vyMps(), ml.vyMps(), 0.5);
    }

    @Test
    void gridAndMusicLandOnTheGridNodesNearestTheTruth() {
        GridMusic grid = new GridMusic(like, layout, VmpScenes.WAVELENGTH_M, VmpScenes.PERIOD_S, L, L / 2);
        double step = 0.002;
        double vStep = 0.1;
        grid.run(data, new double[]{TRUTH.xM(), TRUTH.yM(), TRUTH.vxMps(), TRUTH.vyMps()},
                new double[]{0.02, 0.02, 2, 2}, step, vStep);
        // nodes at centre ± (i + 1/2) step: the nearest are half a step away (the grid spans ±10 steps, ±20 in v)
        // the location metric's peak is a ridge along the range direction: a node up to two cells away on it may
        // beat the nearest one
        assertEquals(TRUTH.xM(), grid.xM(), 2.5 * step);
        assertEquals(TRUTH.yM(), grid.yM(), 2.5 * step);
        // velocity: sharp along the mean Doppler direction, a ridge across it (see the ML test)
        assertEquals(0, alongDoppler(grid.vxMps(), grid.vyMps()), vStep);
        assertEquals(TRUTH.vxMps(), grid.vxMps(), 1.0);
        assertEquals(TRUTH.vyMps(), grid.vyMps(), 1.0);
    }

    @Test
    void subarrayAveragingRecoversTheStateFromNoiselessPosteriors() {
        VmpEstimator est = new VmpEstimator(VmpScenes.config(M, VmpConfig.Fusion.SUBARRAY, L, 10), tx, rx,
                VmpScenes.WAVELENGTH_M, VmpScenes.PERIOD_S, L);
        assertTrue(est.run(data, false, Double.NaN, Double.NaN));
        SubarrayAverage avg = new SubarrayAverage(est.layout(), VmpScenes.WAVELENGTH_M);
        assertTrue(avg.run(est.posteriors()));
        assertEquals(layout.pairs(), avg.usedPairs());
        assertEquals(TRUTH.xM(), avg.xM(), 1e-5);
        assertEquals(TRUTH.yM(), avg.yM(), 1e-5);
        assertEquals(TRUTH.vxMps(), avg.vxMps(), 1e-3);
        assertEquals(TRUTH.vyMps(), avg.vyMps(), 1e-3);
    }

    @Test
    void subarrayAveragingSolvesEachConfigurationsVelocityAtItsOwnPairsLocationsNotAtTheAverage() {
        VmpEstimator est = new VmpEstimator(VmpScenes.config(M, VmpConfig.Fusion.SUBARRAY, L, 10), tx, rx,
                VmpScenes.WAVELENGTH_M, VmpScenes.PERIOD_S, L);
        assertTrue(est.run(data, false, Double.NaN, Double.NaN));
        PairPosteriors q = est.posteriors();
        q.psiT[0] += 0.02;    // pair 0's DoD off: its own location moves, the others' do not
        SubarrayAverage avg = new SubarrayAverage(est.layout(), VmpScenes.WAVELENGTH_M);
        assertTrue(avg.run(q));
        int pairs = layout.pairs();
        double[] px = new double[pairs];
        double[] py = new double[pairs];
        double[] a = new double[2];
        double[] b = new double[2];
        double[] u = new double[2];
        for (int k = 0; k < pairs; k++) {
            assertTrue(Fusion.bearingIntersection(layout, q, k, a, b, u));
            px[k] = u[0];
            py[k] = u[1];
        }
        double ownX = 0;
        double ownY = 0;
        double atMeanX = 0;
        double atMeanY = 0;
        double[] w = new double[2];
        double[] v = new double[2];
        for (int k = 0; k < pairs / 2; k++) {
            int l = pairs - 1 - k;
            assertTrue(Fusion.configurationVelocity(layout, q, k, (px[k] + px[l]) / 2, (py[k] + py[l]) / 2,
                    VmpScenes.WAVELENGTH_M, u, w, v));
            ownX += v[0] / (pairs / 2);
            ownY += v[1] / (pairs / 2);
            assertTrue(Fusion.configurationVelocity(layout, q, k, avg.xM(), avg.yM(), VmpScenes.WAVELENGTH_M, u, w,
                    v));
            atMeanX += v[0] / (pairs / 2);
            atMeanY += v[1] / (pairs / 2);
        }
        assertEquals(ownX, avg.vxMps(), 1e-9);
        assertEquals(ownY, avg.vyMps(), 1e-9);
        // the choice matters here: the two readings differ by far more than the tolerance
        assertTrue(Math.hypot(ownX - atMeanX, ownY - atMeanY) > 1e-4,
                "own " + ownX + ", " + ownY + " vs at the mean " + atMeanX + ", " + atMeanY);
    }

    /** The velocity error along the pairs' mean Doppler direction (unit vector), m/s. */
    private double alongDoppler(double vx, double vy) {
        double[] u = new double[2];
        double sx = 0;
        double sy = 0;
        for (int k = 0; k < layout.pairs(); k++) {
            layout.dopplerDirection(k / layout.rxSubarrays(), k % layout.rxSubarrays(), TRUTH.xM(), TRUTH.yM(), u);
            sx += u[0];
            sy += u[1];
        }
        double n = Math.hypot(sx, sy);
        return ((vx - TRUTH.vxMps()) * sx + (vy - TRUTH.vyMps()) * sy) / n;
    }
}
