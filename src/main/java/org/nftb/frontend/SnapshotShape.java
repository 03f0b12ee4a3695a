package org.nftb.frontend;

/**
 * The shape of a front end's output: {@code tx × rx × pulses} complex values, stored interleaved re/im in one of
 * two orders ({@link Layout}). The usual order has pulse fastest: value (i, j, l) at
 * {@code 2 ((i·rx + j)·pulses + l)}. A single-input array (seed 001's monostatic ULA after integrate-and-dump) has
 * {@code tx = 1}, so value (0, n, m) is element n, symbol m, at {@code 2 (n·pulses + m)}; a MIMO front end (seed 000)
 * separates the {@code tx} transmit elements.
 *
 * @param tx     separated transmit elements (1 when the front end does not separate them)
 * @param rx     receive elements
 * @param pulses slow-time pulses (symbols), or blocks of pulses for a decimating front end
 * @param layout the storage order
 */
public record SnapshotShape(int tx, int rx, int pulses, Layout layout) {
    /** Storage orders. */
    public enum Layout {
        /** Value (i, j, l) at {@code 2 ((i·rx + j)·pulses + l)}: each channel's pulses contiguous. */
        TX_RX_PULSE,
        /**
         * Value (i, j, l) at {@code 2 ((j·pulses + l)·tx + i)}: the transmit elements of one receive element and
         * pulse contiguous — the order a receive channel's raw samples arrive in (seed 000's decimating front end).
         */
        RX_PULSE_TX
    }

    public SnapshotShape {
        if (tx < 1 || rx < 1 || pulses < 1) {
            throw new IllegalArgumentException("snapshot shape needs tx, rx, pulses >= 1, got " + tx + " x " + rx
                    + " x " + pulses);
        }
        if (layout == null) {
            throw new IllegalArgumentException("snapshot shape needs a layout");
        }
    }

    /** The usual order, {@link Layout#TX_RX_PULSE}. */
    public SnapshotShape(int tx, int rx, int pulses) {
        this(tx, rx, pulses, Layout.TX_RX_PULSE);
    }

    /** Complex values in one snapshot. */
    public int size() {
        return tx * rx * pulses;
    }

    /** Index of the real part of value (i, j, l) in the interleaved array. */
    public int index(int txElement, int rxElement, int pulse) {
        return layout == Layout.TX_RX_PULSE ? 2 * ((txElement * rx + rxElement) * pulses + pulse)
                : 2 * ((rxElement * pulses + pulse) * tx + txElement);
    }
}
