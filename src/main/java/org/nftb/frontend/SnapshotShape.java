package org.nftb.frontend;

/**
 * The shape of a front end's output: {@code tx × rx × pulses} complex values, stored interleaved re/im with
 * pulse fastest: value (i, j, l) at {@code 2 ((i·rx + j)·pulses + l)}. A single-input array (seed 001's monostatic
 * ULA after integrate-and-dump) has {@code tx = 1}, so value (0, n, m) is element n, symbol m, at
 * {@code 2 (n·pulses + m)}; a MIMO front end (seed 000) separates the {@code tx} transmit elements.
 *
 * @param tx     separated transmit elements (1 when the front end does not separate them)
 * @param rx     receive elements
 * @param pulses slow-time pulses (symbols)
 */
public record SnapshotShape(int tx, int rx, int pulses) {
    public SnapshotShape {
        if (tx < 1 || rx < 1 || pulses < 1) {
            throw new IllegalArgumentException("snapshot shape needs tx, rx, pulses >= 1, got " + tx + " x " + rx
                    + " x " + pulses);
        }
    }

    /** Complex values in one snapshot. */
    public int size() {
        return tx * rx * pulses;
    }

    /** Index of the real part of value (i, j, l) in the interleaved array. */
    public int index(int txElement, int rxElement, int pulse) {
        return 2 * ((txElement * rx + rxElement) * pulses + pulse);
    }
}
