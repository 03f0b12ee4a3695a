package org.nftb.methods.dftmusic;

import org.nftb.config.Grid;
import org.nftb.model.ElementArray;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PolarState;
import org.nftb.model.SpaceTimeSignal;
import org.nftb.model.TargetState;

import java.io.Serializable;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The lookup tables of seed 001 eq. (16): the 3-dB angular spread {@code K_a(θ_i, r_j)} and the 3-dB Doppler
 * spread {@code K_v}, populated offline by simulating noise-free targets over a grid and measuring their AD
 * response exactly as the live estimator does.
 *
 * <p>Choice (documented deviation): the paper indexes {@code K_v} by {@code (v_r,i, v_θ,j)}. By eq. (13) the
 * Doppler spread depends on {@code v_θ cos θ / (r f_r)} while {@code v_r} only shifts the pattern, so a table over
 * velocities alone is valid at one location only (the paper's single test point). We tabulate
 * {@code K_v(θ_i, r_j, |v_θ|_k)} at {@code v_r = 0}, and K_a over the same grid (the angular spread grows with
 * v_θ too), and match both measured widths jointly (see {@link #coarseRangeAndTransverse}). The spreads are even
 * in {@code v_θ}, so the table holds magnitudes; the sign comes from the AD ridge tilt and the MUSIC stage.
 *
 * <p>Ranges are tabulated uniformly in {@code 1/r}, where the angular spread is linear (its width is
 * {@code ∝ N d cos²θ / r}, §III-A). Lookups interpolate linearly between angle rows and take the arg max of
 * {@code cos(Ω̂ - K)}, the metric eq. (16) writes. Immutable after construction; thread-safe.
 */
public final class SpreadTables implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Grid angles;
    private final Grid inverseRanges;     // over 1/r, ascending (descending r)
    private final Grid transverse;        // |v_θ| >= 0
    private final double[] angleWidth;    // [i][j][k] flattened
    private final double[] dopplerWidth;  // [i][j][k] flattened

    SpreadTables(Grid angles, Grid inverseRanges, Grid transverse, double[] angleWidth, double[] dopplerWidth) {
        this.angles = angles;
        this.inverseRanges = inverseRanges;
        this.transverse = transverse;
        this.angleWidth = angleWidth;
        this.dopplerWidth = dopplerWidth;
    }

    /**
     * Builds the tables by simulation (uses the common fork-join pool across angle rows).
     *
     * @param rangeGrid      ranges in metres (min, max, count); tabulated uniformly in 1/r
     * @param transverseGrid |v_θ| in m/s, min must be 0
     */
    public static SpreadTables build(ElementArray rx, double wavelengthM, double symbolPeriodS, int symbols,
                                     int angleBins, int dopplerBins, Grid angleGrid, Grid rangeGrid,
                                     Grid transverseGrid) {
        if (transverseGrid.min() != 0) {
            throw new IllegalArgumentException("transverse-velocity grid must start at 0 m/s (the 3-dB spread does "
                    + "not tell the sign of v_θ), got " + transverseGrid.min());
        }
        Grid inverse = new Grid(1 / rangeGrid.max(), 1 / rangeGrid.min(), rangeGrid.count());
        int ni = angleGrid.count();
        int nj = inverse.count();
        int nk = transverseGrid.count();
        double[] aw = new double[ni * nj * nk];
        double[] dw = new double[ni * nj * nk];
        double spacing = UlaGeometry.spacingM(rx);
        ElementRangeModel model = new ElementRangeModel(rx, wavelengthM);
        int channels = rx.count();
        IntStream.range(0, ni).parallel().forEach(i -> {
            AngleDopplerAnalyzer analyzer = new AngleDopplerAnalyzer(channels, symbols, angleBins, dopplerBins,
                    spacing, wavelengthM, symbolPeriodS);
            double[] snapshot = new double[2 * channels * symbols];
            float[] single = new float[snapshot.length];
            double[] path = new double[channels];
            double[] rate = new double[channels];
            for (int j = 0; j < nj; j++) {
                for (int k = 0; k < nk; k++) {
                    PolarState p = new PolarState(1 / inverse.value(j), angleGrid.value(i), 0, transverseGrid.value(k));
                    model.paths(TargetState.fromPolar(p, rx.referenceXM(), rx.referenceYM()), path, rate);
                    Arrays.fill(snapshot, 0);
                    SpaceTimeSignal.accumulate(path, rate, channels, symbols, wavelengthM, symbolPeriodS, 1, 0, snapshot);
                    for (int q = 0; q < snapshot.length; q++) {
                        single[q] = (float) snapshot[q];
                    }
                    analyzer.analyze(single);
                    int idx = (i * nj + j) * nk + k;
                    aw[idx] = analyzer.angleWidthRad();
                    dw[idx] = analyzer.dopplerWidthRadPerSymbol();
                }
            }
        });
        return new SpreadTables(angleGrid, inverse, transverseGrid, aw, dw);
    }

    Grid angles() {
        return angles;
    }

    Grid inverseRanges() {
        return inverseRanges;
    }

    Grid transverse() {
        return transverse;
    }

    double[] angleWidths() {
        return angleWidth;
    }

    double[] dopplerWidths() {
        return dopplerWidth;
    }

    private int index(int i, int j, int k) {
        return (i * inverseRanges.count() + j) * transverse.count() + k;
    }

    /** Fractional position of {@code x} on {@code g}, clamped: returns lower index in [0], weight in [1]. */
    private static double position(Grid g, double x) {
        double f = (x - g.min()) / (g.max() - g.min()) * (g.count() - 1);
        return Math.max(0, Math.min(g.count() - 1, f));
    }

    /**
     * Coarse range and |v_θ| by eq. (16) applied jointly: the table cell (r_j, |v_θ|_k) maximizing
     * {@code cos(Ω̂ - K_a(θ̃, r_j, v_k)) + cos(ω̂ - K_v(θ̃, r_j, v_k))}, tables interpolated linearly between angle rows,
     * then refined along each axis by inverting that axis's width linearly between neighbouring cells.
     *
     * <p>Choice (documented deviation): the paper reads r from K_a alone and then v_θ from K_v at that r. The
     * angular spread also grows with v_θ (the tilted ridge: +5 % from 0 to 8 m/s at seed 001's scenario, measured)
     * and the Doppler spread shrinks with r, so the sequential reading compounds both errors (measured: r̃ 15 %
     * short and ṽ_θ 2.5 instead of 8 m/s at 50 dB). Matching both widths over the table's (r, v_θ) plane removes
     * that coupling with the same tables and the same metric.
     *
     * @param out {@code out[0]} = r̃ (m), {@code out[1]} = |ṽ_θ| (m/s)
     */
    public void coarseRangeAndTransverse(double angleRad, double angleWidthRad, double dopplerWidthRadPerSymbol,
                                         double[] out) {
        double fi = position(angles, angleRad);
        int i0 = (int) Math.floor(fi);
        int i1 = Math.min(i0 + 1, angles.count() - 1);
        double wi = fi - i0;
        int nj = inverseRanges.count();
        int nk = transverse.count();
        int bestJ = 0;
        int bestK = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < nj; j++) {
            for (int k = 0; k < nk; k++) {
                double score = score(i0, i1, wi, j, k, angleWidthRad, dopplerWidthRadPerSymbol);
                if (score > bestScore) {
                    bestScore = score;
                    bestJ = j;
                    bestK = k;
                }
            }
        }
        // refine each axis by inverting its own width linearly between the cell and its neighbour (the angular
        // width is close to linear in 1/r, §III-A; the Doppler width close to linear in |v_θ|)
        double j = bestJ + inverse(i0, i1, wi, bestJ, bestK, nj, true, angleWidthRad);
        double k = bestK + inverse(i0, i1, wi, bestJ, bestK, nk, false, dopplerWidthRadPerSymbol);
        out[0] = 1 / (inverseRanges.min() + j * inverseRangeStep());
        out[1] = transverse.min() + k * transverseStepMps();
    }

    /**
     * Fractional offset in [-1, 1] from cell (j, k) along the range axis ({@code alongRange}, using K_a) or the
     * v_θ axis (using K_v) where the tabulated width equals {@code measured}, by linear interpolation.
     */
    private double inverse(int i0, int i1, double wi, int j, int k, int count, boolean alongRange, double measured) {
        int at = alongRange ? j : k;
        double here = width(i0, i1, wi, j, k, alongRange);
        for (int s = 0; s < 2; s++) {
            int step = s == 0 ? 1 : -1;
            int other = at + step;
            if (other < 0 || other >= count) {
                continue;
            }
            double there = alongRange ? width(i0, i1, wi, other, k, true) : width(i0, i1, wi, j, other, false);
            double t = (measured - here) / (there - here);
            if (there != here && t >= 0 && t <= 1) {
                return step * t;
            }
        }
        return 0;
    }

    private double width(int i0, int i1, double wi, int j, int k, boolean angular) {
        double[] table = angular ? angleWidth : dopplerWidth;
        return (1 - wi) * table[index(i0, j, k)] + wi * table[index(i1, j, k)];
    }

    private double score(int i0, int i1, double wi, int j, int k, double angleWidthRad, double dopplerWidthRad) {
        double ka = (1 - wi) * angleWidth[index(i0, j, k)] + wi * angleWidth[index(i1, j, k)];
        double kv = (1 - wi) * dopplerWidth[index(i0, j, k)] + wi * dopplerWidth[index(i1, j, k)];
        return Math.cos(angleWidthRad - ka) + Math.cos(dopplerWidthRad - kv);
    }

    /** Spacing of the 1/r grid, 1/m. */
    public double inverseRangeStep() {
        return (inverseRanges.max() - inverseRanges.min()) / (inverseRanges.count() - 1);
    }

    /** Spacing of the |v_θ| grid, m/s. */
    public double transverseStepMps() {
        return (transverse.max() - transverse.min()) / (transverse.count() - 1);
    }
}
