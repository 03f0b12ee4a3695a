package org.nftb.estimator;

/**
 * A viewer of an estimator's intermediate 2-D map (seed 001: the angle–Doppler power of the DFT stage), fed at the
 * viewer's pace and kept off the kernel's hot path.
 *
 * <p>Contract for an estimator that offers a map ({@link Source}): once per CPI it calls {@link #claim()} — a
 * single volatile read while nothing is wanted — and only when that returns true it fills {@link #buffer()} and
 * calls {@link #publish}, on its own thread, without waiting for anything. The viewer decides how often it wants a
 * map (a few times per second) and lets exactly one caller claim each request, so with several workers at most one
 * copies a map and no CPI ever waits for the viewer. Implementations: {@code dashboard/AngleDopplerView}.
 */
public interface MapViewer {

    /** True exactly once per request of the viewer: the caller must then fill {@link #buffer()} and publish. */
    boolean claim();

    /** Where the claimed map goes: row-major, {@link #maxRows()} × {@link #maxColumns()} values at most. */
    float[] buffer();

    /** Most rows the viewer takes; an estimator with more pools neighbouring rows (keeping the largest value). */
    int maxRows();

    /** Most columns the viewer takes (pooled like rows). */
    int maxColumns();

    /**
     * The claimed map is in {@link #buffer()}: {@code rows × columns} values, row-major.
     *
     * @param value what a cell holds, with its unit (e.g. {@code powerLinear})
     */
    void publish(int rows, int columns, Axis rowAxis, Axis columnAxis, String value);

    /**
     * A uniform axis: index i sits at {@code start + i·step}.
     *
     * @param name quantity with its unit in the name (e.g. {@code sinAngle}, {@code radialVelocityMps})
     */
    record Axis(String name, double start, double step) {
    }

    /** An estimator that can show a map. */
    interface Source {
        /** Attaches the viewer (before the first CPI, on the thread that will run the estimator); null detaches. */
        void attachMapViewer(MapViewer viewer);
    }
}
