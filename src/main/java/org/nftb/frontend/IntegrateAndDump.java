package org.nftb.frontend;

import org.nftb.stream.CpiFrame;
import org.nftb.stream.CpiLayout;

/**
 * Seed 001's front end: the S radio samples of each slow-time symbol are averaged into one symbol,
 * {@code y[n, m] = (1/S) Σ_{s<S} x[n, m S + s]}, giving the {@code N × M} snapshot of seed 001 eq. (7)
 * (the matched-filter output of one pulse). With S = 1 it is a copy. Allocates nothing; not thread-safe only in
 * that it writes {@code out}.
 */
public final class IntegrateAndDump implements FrontEnd {
    private final CpiLayout layout;
    private final SnapshotShape shape;

    public IntegrateAndDump(CpiLayout layout) {
        this.layout = layout;
        this.shape = new SnapshotShape(1, layout.channels(), layout.pulses());
    }

    @Override
    public String name() {
        return "integrate-and-dump";
    }

    @Override
    public SnapshotShape outputShape() {
        return shape;
    }

    @Override
    public void process(CpiFrame frame, Snapshot out) {
        if (!frame.layout().equals(layout) || !out.shape().equals(shape)) {
            throw new IllegalArgumentException("integrate-and-dump configured for " + layout + " -> " + shape
                    + ", got a frame " + frame.layout() + " and a snapshot " + out.shape());
        }
        float[] in = frame.data();
        float[] y = out.data();
        int s = layout.samplesPerPulse();
        if (s == 1) {
            System.arraycopy(in, 0, y, 0, y.length);
            return;
        }
        double scale = 1.0 / s;
        int values = shape.size();
        for (int v = 0, i = 0; v < values; v++) {
            double re = 0;
            double im = 0;
            for (int k = 0; k < s; k++, i += 2) {
                re += in[i];
                im += in[i + 1];
            }
            y[2 * v] = (float) (re * scale);
            y[2 * v + 1] = (float) (im * scale);
        }
    }
}
