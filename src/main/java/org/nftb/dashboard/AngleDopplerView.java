package org.nftb.dashboard;

import org.nftb.estimator.MapViewer;

import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The dashboard's side of the estimator's map hook ({@link MapViewer}): it asks for a map at most
 * {@code mapsPerSecond} times per second, and only while a browser is connected, so a worker pays one volatile read
 * per CPI and copies a map a few times per second at most. One buffer: the push thread asks for the next map only
 * after it has encoded the last one, so a worker never writes while the push thread reads.
 *
 * <p>Encoding for the page: power in dB relative to the map's peak, clipped at {@value #RANGE_DB} dB below it,
 * quantized to one byte per cell (0 = peak − {@value #RANGE_DB} dB or less, 255 = peak), base64.
 */
final class AngleDopplerView implements MapViewer {
    static final int MAX_ROWS = 256;
    static final int MAX_COLUMNS = 128;
    static final double RANGE_DB = 50;
    /** A claim not followed by a map within this time (the worker failed between claim and copy) is re-asked. */
    private static final long STALE_CLAIM_NANOS = 2_000_000_000L;

    private final float[] buffer = new float[MAX_ROWS * MAX_COLUMNS];
    private final AtomicBoolean requested = new AtomicBoolean();
    private final long periodNanos;
    private final WallClock clock;
    private volatile boolean ready;
    private long lastRequestNanos = Long.MIN_VALUE / 2;
    private boolean outstanding;
    private int rows;
    private int columns;
    private Axis rowAxis;
    private Axis columnAxis;
    private double capturedMs;
    private long version;

    AngleDopplerView(double mapsPerSecond, WallClock clock) {
        this.periodNanos = (long) (1e9 / mapsPerSecond);
        this.clock = clock;
    }

    // ---- worker side (MapViewer)

    @Override
    public boolean claim() {
        return requested.get() && requested.compareAndSet(true, false);
    }

    @Override
    public float[] buffer() {
        return buffer;
    }

    @Override
    public int maxRows() {
        return MAX_ROWS;
    }

    @Override
    public int maxColumns() {
        return MAX_COLUMNS;
    }

    @Override
    public void publish(int rows, int columns, Axis rowAxis, Axis columnAxis, String value) {
        this.rows = rows;
        this.columns = columns;
        this.rowAxis = rowAxis;
        this.columnAxis = columnAxis;
        this.capturedMs = clock.nowMs();
        ready = true;                        // volatile write: everything above is visible to the push thread
    }

    // ---- push-thread side

    /** Asks the workers for a map when one is due and someone is watching. */
    void tick(long nowNanos, boolean watched) {
        if (!watched || ready) {
            return;
        }
        boolean due = nowNanos - lastRequestNanos >= periodNanos;
        boolean stale = outstanding && nowNanos - lastRequestNanos >= STALE_CLAIM_NANOS;
        if (due && (!outstanding || stale)) {
            lastRequestNanos = nowNanos;
            outstanding = true;
            requested.set(true);
        }
    }

    /** Maps encoded so far. */
    long version() {
        return version;
    }

    /**
     * The newest map as a JSON object, if a worker delivered one since the last call, else null.
     */
    String takeEncoded() {
        if (!ready) {
            return null;
        }
        int n = rows * columns;
        float peak = 0;
        for (int i = 0; i < n; i++) {
            peak = Math.max(peak, buffer[i]);
        }
        byte[] cells = new byte[n];
        if (peak > 0) {
            double scale = 255 / RANGE_DB;
            for (int i = 0; i < n; i++) {
                double db = buffer[i] > 0 ? 10 * Math.log10(buffer[i] / peak) : -RANGE_DB;
                cells[i] = (byte) Math.round(Math.max(0, RANGE_DB + db) * scale);
            }
        }
        String json = String.format(Locale.ROOT, "{\"version\":%d,\"capturedMs\":%.3f,\"rows\":%d,\"columns\":%d,"
                        + "\"rowAxis\":%s,\"columnAxis\":%s,\"rangeDb\":%.1f,\"peakDb\":%s,\"cells\":\"%s\"}",
                version + 1, capturedMs, rows, columns, axis(rowAxis), axis(columnAxis), RANGE_DB,
                peak > 0 ? String.format(Locale.ROOT, "%.2f", 10 * Math.log10(peak)) : "null", Base64.getEncoder().encodeToString(cells));
        version++;
        outstanding = false;
        ready = false;                       // the buffer is free: the next request may go out
        return json;
    }

    private static String axis(Axis a) {
        return String.format(Locale.ROOT, "{\"name\":\"%s\",\"start\":%.9g,\"step\":%.9g}", a.name(), a.start(),
                a.step());
    }
}
