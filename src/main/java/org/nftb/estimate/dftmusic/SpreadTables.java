package org.nftb.estimate.dftmusic;

import org.nftb.config.Grid;
import org.nftb.model.ElementArray;
import org.nftb.model.ElementRangeModel;
import org.nftb.model.PolarState;
import org.nftb.model.SpaceTimeSignal;
import org.nftb.model.TargetState;

import java.util.stream.IntStream;

/**
 * The lookup tables of seed 001 eq. (16): the 3-dB angular spread {@code K_a(θ_i, r_j)} and the 3-dB Doppler
 * spread {@code K_v}, populated offline by simulating noise-free targets over a grid and measuring their AD
 * response exactly as the live estimator does.
 *
 * <p>Choice (documented deviation): the paper indexes {@code K_v} by {@code (v_r,i, v_θ,j)}. By eq. (13) the
 * Doppler spread depends on {@code v_θ cos θ / (r f_r)} while {@code v_r} only shifts the pattern, so a table over
 * velocities alone is valid at one location only (the paper's single test point). We tabulate
 * {@code K_v(θ_i, r_j, |v_θ|_k)} at {@code v_r = 0} and read it at the coarse location. The spread is even in
 * {@code v_θ}, so the table holds magnitudes and the sign is left to the MUSIC stage.
 *
 * <p>Ranges are tabulated uniformly in {@code 1/r}, where the angular spread is linear (its width is
 * {@code ∝ N d cos²θ / r}, §III-A). Lookups interpolate linearly between angle rows (and range columns for K_v)
 * and then take the arg max of {@code cos(Ω̂ - K)} over the remaining axis, as eq. (16) writes it. Immutable
 * after construction; lookups allocate nothing and are thread-safe.
 */
public final class SpreadTables {
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
            double[] path = new double[channels];
            double[] rate = new double[channels];
            for (int j = 0; j < nj; j++) {
                for (int k = 0; k < nk; k++) {
                    PolarState p = new PolarState(1 / inverse.value(j), angleGrid.value(i), 0, transverseGrid.value(k));
                    model.paths(TargetState.fromPolar(p, rx.referenceXM(), rx.referenceYM()), path, rate);
                    java.util.Arrays.fill(snapshot, 0);
                    SpaceTimeSignal.accumulate(path, rate, channels, symbols, wavelengthM, symbolPeriodS, 1, 0, snapshot);
                    analyzer.analyzeMarginals(snapshot);
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
     * Coarse range, eq. (16): {@code r̃ = arg max_{r_j} cos(Ω̂ - K_a(θ̃, r_j))} with K_a at v_θ = 0 and
     * interpolated between angle rows.
     */
    public double coarseRangeM(double angleRad, double angleWidthRad) {
        double fi = position(angles, angleRad);
        int i0 = (int) Math.floor(fi);
        int i1 = Math.min(i0 + 1, angles.count() - 1);
        double wi = fi - i0;
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < inverseRanges.count(); j++) {
            double k = (1 - wi) * angleWidth[index(i0, j, 0)] + wi * angleWidth[index(i1, j, 0)];
            double score = Math.cos(angleWidthRad - k);
            if (score > bestScore) {
                bestScore = score;
                best = j;
            }
        }
        return 1 / inverseRanges.value(best);
    }

    /**
     * Coarse transverse-velocity magnitude, eq. (16): {@code |ṽ_θ| = arg max_k cos(ω̂ - K_v(θ̃, r̃, v_k))}, K_v
     * interpolated bilinearly in (θ, 1/r).
     */
    public double coarseTransverseMagnitudeMps(double angleRad, double rangeM, double dopplerWidthRadPerSymbol) {
        double fi = position(angles, angleRad);
        int i0 = (int) Math.floor(fi);
        int i1 = Math.min(i0 + 1, angles.count() - 1);
        double wi = fi - i0;
        double fj = position(inverseRanges, 1 / rangeM);
        int j0 = (int) Math.floor(fj);
        int j1 = Math.min(j0 + 1, inverseRanges.count() - 1);
        double wj = fj - j0;
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < transverse.count(); k++) {
            double v = (1 - wi) * ((1 - wj) * dopplerWidth[index(i0, j0, k)] + wj * dopplerWidth[index(i0, j1, k)])
                    + wi * ((1 - wj) * dopplerWidth[index(i1, j0, k)] + wj * dopplerWidth[index(i1, j1, k)]);
            double score = Math.cos(dopplerWidthRadPerSymbol - v);
            if (score > bestScore) {
                bestScore = score;
                best = k;
            }
        }
        return transverse.value(best);
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
