package org.nftb.methods.dftmusic;

import org.junit.jupiter.api.Test;
import org.nftb.config.RunConfig;
import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.Estimators;
import org.nftb.estimator.MapViewer;
import org.nftb.model.ElementArray;
import org.nftb.model.PolarState;
import org.nftb.testing.TestConfigs;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The angle–Doppler map an estimator hands to a {@link MapViewer} (the dashboard's heat map). */
class AngleDopplerMapTest {
    static final double LAMBDA = DftMusicKernelsTest.LAMBDA;
    static final double T = DftMusicKernelsTest.T;

    /** A viewer that wants one map each time {@link #request()} is called. */
    static final class TestViewer implements MapViewer {
        final float[] buffer;
        final int maxRows;
        final int maxColumns;
        boolean requested;
        int published;
        int rows;
        int columns;
        Axis rowAxis;
        Axis columnAxis;

        TestViewer(int maxRows, int maxColumns) {
            this.maxRows = maxRows;
            this.maxColumns = maxColumns;
            this.buffer = new float[maxRows * maxColumns];
            Arrays.fill(buffer, Float.NaN);
        }

        void request() {
            requested = true;
        }

        @Override public boolean claim() {
            boolean r = requested;
            requested = false;
            return r;
        }
        @Override public float[] buffer() { return buffer; }
        @Override public int maxRows() { return maxRows; }
        @Override public int maxColumns() { return maxColumns; }

        @Override
        public void publish(int rows, int columns, Axis rowAxis, Axis columnAxis, String value) {
            this.rows = rows;
            this.columns = columns;
            this.rowAxis = rowAxis;
            this.columnAxis = columnAxis;
            assertEquals("powerLinear", value);
            published++;
        }

        double value(int r, int c) {
            return buffer[r * columns + c];
        }
    }

    /**
     * Reference: every bin of the zero-padded 2-D DFT computed by its definition
     * {@code X[k,l] = Σ_n Σ_m y[n,m] e^{-j2π(nk/P_a + ml/P_d)}}, placed on the published axes by its physical
     * meaning (sin θ = k'λ/(d P_a), v_r = −l'λ/(T P_d), k' and l' signed), and pooled by maximum.
     */
    @Test
    void everyCellIsTheLargestPowerOfTheDftBinsWhoseAngleAndVelocityFallInIt() {
        int n = 16;
        int m = 8;
        int pa = 64;
        int pd = 32;
        SplittableRandom rnd = new SplittableRandom(11);
        float[] y = new float[2 * n * m];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) rnd.nextGaussian();
        }
        AngleDopplerAnalyzer a = new AngleDopplerAnalyzer(n, m, pa, pd, LAMBDA / 2, LAMBDA, T);
        a.analyze(y);
        TestViewer v = new TestViewer(16, 8);
        a.copyPowerMap(v);
        assertEquals(16, v.rows);
        assertEquals(8, v.columns);
        double[][] reference = new double[16][8];
        for (int k = 0; k < pa; k++) {
            for (int l = 0; l < pd; l++) {
                double re = 0;
                double im = 0;
                for (int c = 0; c < n; c++) {
                    for (int s = 0; s < m; s++) {
                        double ph = -2 * Math.PI * ((double) c * k / pa + (double) s * l / pd);
                        double xr = y[2 * (c * m + s)];
                        double xi = y[2 * (c * m + s) + 1];
                        re += xr * Math.cos(ph) - xi * Math.sin(ph);
                        im += xr * Math.sin(ph) + xi * Math.cos(ph);
                    }
                }
                int ks = k < pa / 2 ? k : k - pa;
                int ls = l < pd / 2 ? l : l - pd;
                double sin = ks * LAMBDA / (LAMBDA / 2 * pa);
                double vr = -ls * LAMBDA / (T * pd);
                int row = (int) Math.round((sin - v.rowAxis.start()) / v.rowAxis.step());
                int col = (int) Math.round((vr - v.columnAxis.start()) / v.columnAxis.step());
                // a bin sits inside its cell, never on a border: |offset| ≤ 3/8 of a cell for 4 bins per cell
                assertTrue(Math.abs((sin - v.rowAxis.start()) / v.rowAxis.step() - row) <= 0.375 + 1e-9);
                assertTrue(Math.abs((vr - v.columnAxis.start()) / v.columnAxis.step() - col) <= 0.375 + 1e-9);
                reference[row][col] = Math.max(reference[row][col], re * re + im * im);
            }
        }
        for (int r = 0; r < 16; r++) {
            for (int c = 0; c < 8; c++) {
                assertEquals(reference[r][c], v.value(r, c), 1e-5 * reference[r][c], "cell " + r + ", " + c);
            }
        }
    }

    @Test
    void theMapPeaksInTheCellOfTheTargetsAngleAndRadialVelocity() {
        ElementArray ula = ElementArray.ula(128, LAMBDA / 2, 0, 0, 0);
        AngleDopplerAnalyzer a = new AngleDopplerAnalyzer(128, 32, 512, 128, LAMBDA / 2, LAMBDA, T);
        for (PolarState truth : new PolarState[] {new PolarState(40, Math.toRadians(20), 10, 0.5),
                new PolarState(30, Math.toRadians(-35), -6, -0.5)}) {
            a.analyze(DftMusicKernelsTest.toFloat(DftMusicKernelsTest.snapshot(ula, truth, 32)));
            TestViewer v = new TestViewer(128, 64);
            a.copyPowerMap(v);
            int best = 0;
            for (int i = 1; i < v.rows * v.columns; i++) {
                best = v.buffer[i] > v.buffer[best] ? i : best;
            }
            double sin = v.rowAxis.start() + (best / v.columns) * v.rowAxis.step();
            double vr = v.columnAxis.start() + (best % v.columns) * v.columnAxis.step();
            // beyond the aperture's near field (2D²/λ ≈ 23 m) the power concentrates at (sin θ, v_r): within two
            // cells (at 3 m it spreads over ~ten 0.016-wide sin θ cells and its maximum need not sit at the centre)
            assertEquals(Math.sin(truth.angleRad()), sin, 2 * v.rowAxis.step(), truth.toString());
            assertEquals(truth.radialVelocityMps(), vr, 2 * v.columnAxis.step(), truth.toString());
        }
    }

    @Test
    void anEstimatorCopiesAMapOnlyWhenTheViewerAsksAndItsEstimatesDoNotChange() {
        RunConfig cfg = TestConfigs.seed001(1, false);
        DftMusicSetup setup = (DftMusicSetup) Estimators.of(cfg.estimator()).setup(cfg);
        DftMusicEstimator plain = setup.newEstimator();
        DftMusicEstimator watched = setup.newEstimator();
        TestViewer v = new TestViewer(256, 128);
        watched.attachMapViewer(v);
        float[] y = DftMusicKernelsTest.toFloat(DftMusicKernelsTest.snapshot(cfg.rxArray(),
                new PolarState(7.0165, Math.toRadians(15), 10, 8), 32));
        EstimateFrame a = setup.newFrame();
        EstimateFrame b = setup.newFrame();
        watched.estimate(y, b);
        assertEquals(0, v.published);
        assertTrue(Float.isNaN(v.buffer[0]), "nothing written without a request");
        v.request();
        watched.estimate(y, b);
        plain.estimate(y, a);
        assertEquals(1, v.published);
        assertFalse(v.requested);
        assertEquals(256 * 128, v.rows * v.columns);
        assertArrayEquals(new double[] {a.target(0).angleRad(), a.target(0).rangeM(), a.target(0).radialVelocityMps(),
                        a.target(0).transverseVelocityMps(), a.target(0).fitAchieved()},
                new double[] {b.target(0).angleRad(), b.target(0).rangeM(), b.target(0).radialVelocityMps(),
                        b.target(0).transverseVelocityMps(), b.target(0).fitAchieved()}, 0.0);
        watched.estimate(y, b);
        assertEquals(1, v.published, "one map per request");
    }
}
