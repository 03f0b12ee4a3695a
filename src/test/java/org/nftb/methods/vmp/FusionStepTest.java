package org.nftb.methods.vmp;

import org.junit.jupiter.api.Test;
import org.nftb.model.BistaticEcho;
import org.nftb.model.BistaticModel;
import org.nftb.model.ElementArray;
import org.nftb.model.TargetState;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** System-level fusion's Gauss-Newton never ends below its start on eq. (74), even on outlier-ridden posteriors. */
class FusionStepTest {
    @Test
    void systemLevelPositionNeverLowersEquation74BelowTheSubarrayLevelStartAtLowSnr() {
        int n = 32;
        int l = 64;
        TargetState truth = new TargetState(0.8, 3.0, 3.0, -4.0);
        ElementArray tx = VmpScenes.tx(n, 0.5);
        ElementArray rx = VmpScenes.rx(n, 0.5);
        VmpEstimator est = new VmpEstimator(VmpScenes.config(8, VmpConfig.Fusion.SUBARRAY, l, 10), tx, rx,
                VmpScenes.WAVELENGTH_M, VmpScenes.PERIOD_S, l);
        float[] clean = new float[2 * n * n * l];
        BistaticEcho.fill(new BistaticModel(tx, rx, VmpScenes.WAVELENGTH_M), truth, 1, 0, l, VmpScenes.PERIOD_S,
                clean);
        float[] y = new float[clean.length];
        Fusion fusion = new Fusion(est.layout(), VmpScenes.WAVELENGTH_M);
        int checked = 0;
        int moved = 0;
        for (int seed = 0; seed < 40; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            double s = Math.sqrt(Math.pow(10, (seed % 4 == 0 ? 36 : 33) / 10.0) / 2);   // -36 / -33 dB per output
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) (clean[i] + s * r.nextGaussian());
            }
            est.run(y, false, Double.NaN, Double.NaN);
            PairPosteriors q = est.posteriors();
            if (!fusion.positionSubarrayLevel(q)) {
                continue;
            }
            double sx = fusion.px;
            double sy = fusion.py;
            fusion.positionSystemLevel(q);
            double start = fusion.positionObjective(sx, sy);
            double end = fusion.positionObjective(fusion.px, fusion.py);
            assertTrue(end >= start - 1e-9 * Math.abs(start), "seed " + seed + ": eq. 74 " + end + " < start " + start
                    + " (start " + sx + ", " + sy + "; end " + fusion.px + ", " + fusion.py + ")");
            checked++;
            moved += Math.hypot(fusion.px - sx, fusion.py - sy) > 1e-3 ? 1 : 0;
        }
        assertTrue(checked >= 30, "trials with a subarray-level start: " + checked);
        assertTrue(moved >= 5, "the low SNR must make system-level move off its start by > 1 mm in some trials: "
                + moved);
    }
}
