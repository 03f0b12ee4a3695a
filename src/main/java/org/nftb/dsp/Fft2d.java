package org.nftb.dsp;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The 2-D complex DFT of a {@code rows × columns} row-major interleaved array, in place, from JTransforms' 1-D
 * transforms: every row, then every column through a column buffer made once. JTransforms' own {@code DoubleFFT_2D}
 * does the same 1-D transforms in the same order but allocates a column buffer on every call; this class allocates
 * nothing per transform, and its output is bit for bit that of {@code DoubleFFT_2D.complexForward}
 * ({@code Fft2dTest}). Not thread-safe (one per kernel); call {@link Fft#singleThreaded()} first.
 */
public final class Fft2d {
    private final int rows;
    private final int columns;
    private final DoubleFFT_1D rowFft;
    private final DoubleFFT_1D columnFft;
    private final double[] column;

    public Fft2d(int rows, int columns) {
        this.rows = rows;
        this.columns = columns;
        this.rowFft = new DoubleFFT_1D(columns);
        this.columnFft = new DoubleFFT_1D(rows);
        this.column = new double[2 * rows];
    }

    /** {@code a} (2·rows·columns values, re/im interleaved, row-major) replaced by its forward 2-D DFT. */
    public void complexForward(double[] a) {
        if (a.length < 2 * rows * columns) {
            throw new IllegalArgumentException("need " + 2 * rows * columns + " values, got " + a.length);
        }
        for (int r = 0; r < rows; r++) {
            rowFft.complexForward(a, 2 * r * columns);
        }
        for (int c = 0; c < columns; c++) {
            for (int r = 0; r < rows; r++) {
                column[2 * r] = a[2 * (r * columns + c)];
                column[2 * r + 1] = a[2 * (r * columns + c) + 1];
            }
            columnFft.complexForward(column);
            for (int r = 0; r < rows; r++) {
                a[2 * (r * columns + c)] = column[2 * r];
                a[2 * (r * columns + c) + 1] = column[2 * r + 1];
            }
        }
    }
}
