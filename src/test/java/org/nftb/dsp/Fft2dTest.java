package org.nftb.dsp;

import org.jtransforms.fft.DoubleFFT_2D;
import org.junit.jupiter.api.Test;
import org.nftb.testing.Allocations;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The allocation-free 2-D DFT equals JTransforms' DoubleFFT_2D bit for bit, and a direct DFT to 1e-12. */
class Fft2dTest {

    @Test
    void itEqualsJTransformsTwoDimensionalTransformBitForBitAtTheEstimatorsSizes() {
        Fft.singleThreaded();
        int[][] sizes = {{256, 32}, {16, 16}, {8, 8}, {4, 64}, {2, 2}};
        for (int[] size : sizes) {
            double[] a = random(2 * size[0] * size[1], size[0]);
            double[] b = a.clone();
            new DoubleFFT_2D(size[0], size[1]).complexForward(a);
            new Fft2d(size[0], size[1]).complexForward(b);
            for (int i = 0; i < a.length; i++) {
                assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]),
                        size[0] + " x " + size[1] + ", value " + i);
            }
        }
    }

    @Test
    void itIsTheDirectTwoDimensionalDft() {
        int rows = 4;
        int columns = 8;
        double[] x = random(2 * rows * columns, 3);
        double[] y = x.clone();
        new Fft2d(rows, columns).complexForward(y);
        double scale = 0;
        for (int k = 0; k < rows; k++) {
            for (int l = 0; l < columns; l++) {
                double re = 0;
                double im = 0;
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < columns; c++) {
                        double phase = -2 * Math.PI * ((double) k * r / rows + (double) l * c / columns);
                        double xr = x[2 * (r * columns + c)];
                        double xi = x[2 * (r * columns + c) + 1];
                        re += xr * Math.cos(phase) - xi * Math.sin(phase);
                        im += xr * Math.sin(phase) + xi * Math.cos(phase);
                    }
                }
                scale = Math.max(scale, Math.hypot(re, im));
                assertEquals(re, y[2 * (k * columns + l)], 1e-12 * rows * columns);
                assertEquals(im, y[2 * (k * columns + l) + 1], 1e-12 * rows * columns);
            }
        }
    }

    @Test
    void itAllocatesNothingPerTransform() {
        Fft.singleThreaded();
        Fft2d fft = new Fft2d(256, 32);
        double[] a = random(2 * 256 * 32, 1);
        Allocations.during(200, () -> fft.complexForward(a));
        assertEquals(0, Allocations.during(50, () -> fft.complexForward(a)));
    }

    private static double[] random(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextGaussian();
        }
        return a;
    }
}
