package org.nftb.frontend;

import org.jtransforms.fft.FloatFFT_1D;
import org.nftb.dsp.Fft;
import org.nftb.model.MimoWaveform;
import org.nftb.stream.CpiFrame;
import org.nftb.stream.CpiLayout;

import java.util.Locale;

/**
 * Seed 000's MIMO matched filter: turns each receive channel's raw samples into the per-(transmit element, receive
 * element, pulse) outputs {@code Y_ij^(l)} of eq. (2), separating the N_t transmit elements of a
 * {@link MimoWaveform}. With receive samples {@code x_j[l S + s] = Σ_i c_ij^(l) x_i[s] + noise}:
 * <ul>
 *   <li>TDM: {@code Y_ij^(l) = (1/c) Σ_{s ∈ slot i} x_j[l S + s]} (c samples per slot);</li>
 *   <li>FDM: {@code Y_ij^(l) = (1/S) Σ_s x_j[l S + s] e^{−j 2π i s/S}}, one forward DFT of length S (JTransforms)
 *       per channel and pulse.</li>
 * </ul>
 * Both return {@code c_ij^(l)} exactly on noiseless data (orthogonality over one pulse), and white noise of
 * variance σ²/c (TDM) or σ²/S (FDM) per output. Output shape {@code N_t × N_r × L}. A kernel: allocates nothing
 * per CPI (one scratch pulse); not thread-safe.
 */
public final class MimoMatchedFilter implements FrontEnd {
    private final CpiLayout layout;
    private final MimoWaveform waveform;
    private final SnapshotShape shape;
    private final float[] scratch;
    private final FloatFFT_1D fft;

    public MimoMatchedFilter(CpiLayout layout, MimoWaveform waveform) {
        if (layout.samplesPerPulse() != waveform.samplesPerPulse()) {
            throw new IllegalArgumentException("MIMO matched filter: the CPI has " + layout.samplesPerPulse()
                    + " samples per pulse, the waveform " + waveform.samplesPerPulse());
        }
        this.layout = layout;
        this.waveform = waveform;
        this.shape = new SnapshotShape(waveform.txElements(), layout.channels(), layout.pulses());
        this.scratch = new float[2 * layout.samplesPerPulse()];
        if (waveform.scheme() == MimoWaveform.Scheme.FDM) {
            Fft.singleThreaded();
            this.fft = new FloatFFT_1D(layout.samplesPerPulse());
        } else {
            this.fft = null;
        }
    }

    @Override
    public String name() {
        return "mimo-matched-filter-" + waveform.scheme().name().toLowerCase(Locale.ROOT);
    }

    @Override
    public SnapshotShape outputShape() {
        return shape;
    }

    @Override
    public void process(CpiFrame frame, Snapshot out) {
        process(frame, out, 0, shape.rx());
    }

    /**
     * The outputs of receive channels {@code fromRx} (inclusive) to {@code toRx} (exclusive) only: channels are
     * independent, so a caller may split one CPI over several threads, each with its own filter (the scratch of
     * frequency division is per instance).
     */
    public void process(CpiFrame frame, Snapshot out, int fromRx, int toRx) {
        if (fromRx < 0 || toRx > shape.rx() || fromRx > toRx) {
            throw new IllegalArgumentException("receive channels [" + fromRx + ", " + toRx + ") outside [0, "
                    + shape.rx() + ")");
        }
        if (!frame.layout().equals(layout) || !out.shape().equals(shape)) {
            throw new IllegalArgumentException("MIMO matched filter configured for " + layout + " -> " + shape
                    + ", got a frame " + frame.layout() + " and a snapshot " + out.shape());
        }
        if (waveform.scheme() == MimoWaveform.Scheme.TDM) {
            tdm(frame.data(), out.data(), fromRx, toRx);
        } else {
            fdm(frame.data(), out.data(), fromRx, toRx);
        }
    }

    private void tdm(float[] in, float[] y, int fromRx, int toRx) {
        int nt = shape.tx();
        int nr = shape.rx();
        int pulses = shape.pulses();
        int s = layout.samplesPerPulse();
        int c = waveform.slotSamples();
        int perChannel = layout.samplesPerChannel();
        if (c == 1) {
            // one sample per slot: the filter is a transpose (pulse-major in, pulse-fastest out)
            for (int j = fromRx; j < toRx; j++) {
                int base = 2 * j * perChannel;
                for (int i = 0; i < nt; i++) {
                    int o = 2 * (i * nr + j) * pulses;
                    int src = base + 2 * i;
                    for (int l = 0; l < pulses; l++, o += 2, src += 2 * s) {
                        y[o] = in[src];
                        y[o + 1] = in[src + 1];
                    }
                }
            }
            return;
        }
        double scale = 1.0 / c;
        for (int j = fromRx; j < toRx; j++) {
            int base = 2 * j * perChannel;
            for (int i = 0; i < nt; i++) {
                int o = 2 * (i * nr + j) * pulses;
                for (int l = 0; l < pulses; l++, o += 2) {
                    int src = base + 2 * (l * s + i * c);
                    double re = 0;
                    double im = 0;
                    for (int k = 0; k < c; k++) {
                        re += in[src + 2 * k];
                        im += in[src + 2 * k + 1];
                    }
                    y[o] = (float) (re * scale);
                    y[o + 1] = (float) (im * scale);
                }
            }
        }
    }

    private void fdm(float[] in, float[] y, int fromRx, int toRx) {
        int nt = shape.tx();
        int nr = shape.rx();
        int pulses = shape.pulses();
        int s = layout.samplesPerPulse();
        int perChannel = layout.samplesPerChannel();
        float scale = 1.0f / s;
        for (int j = fromRx; j < toRx; j++) {
            for (int l = 0; l < pulses; l++) {
                System.arraycopy(in, 2 * (j * perChannel + l * s), scratch, 0, 2 * s);
                fft.complexForward(scratch);
                for (int i = 0; i < nt; i++) {
                    int o = 2 * ((i * nr + j) * pulses + l);
                    y[o] = scratch[2 * i] * scale;
                    y[o + 1] = scratch[2 * i + 1] * scale;
                }
            }
        }
    }
}
