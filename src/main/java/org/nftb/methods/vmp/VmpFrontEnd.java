package org.nftb.methods.vmp;

import org.jtransforms.fft.FloatFFT_1D;
import org.nftb.dsp.ComplexAxpy;
import org.nftb.dsp.Fft;
import org.nftb.frontend.FrontEnd;
import org.nftb.frontend.Snapshot;
import org.nftb.frontend.SnapshotShape;
import org.nftb.model.CpiTiming;
import org.nftb.model.MimoWaveform;
import org.nftb.model.SubarrayLayout;
import org.nftb.stream.CpiFrame;
import org.nftb.stream.CpiLayout;

/**
 * Seed 000's front end in one pass over the raw samples: the MIMO matched filter
 * ({@link org.nftb.frontend.MimoMatchedFilter}'s arithmetic: TDM slot means, or FDM one DFT per channel and pulse)
 * fused with {@link VmpDecimator}'s derotation by the coarse Doppler f₀ and block sums of B pulses. It never writes
 * the N_t × N_r × L matched-filter outputs (314 MB at Table II): each receive channel's pulses are read once, in the
 * order they are stored, and accumulated into that channel's B' = L/B blocks of N_t values
 * ({@link SnapshotShape.Layout#RX_PULSE_TX}, what {@link VmpEstimator} reads), with f₀ in
 * {@link Snapshot#derotationHz()}. For one sample per TDM slot the inner loop is
 * {@code block += pulse · e^{+j2π f₀ t_l}} over N_t contiguous complex values ({@link ComplexAxpy}, SIMD), so the
 * pass runs at the speed of reading the raw data.
 *
 * <p>f₀ comes first ({@link #coarseDoppler}): the pulse sequences of the first element pair of every subarray pair
 * (one value per pulse, read where it is stored), as {@link VmpDecimator#coarseDoppler}. Then {@link #decimate} may
 * split the receive channels over several threads, each with its own instance (the FDM scratch is per instance).
 *
 * <p>A kernel: allocates nothing per CPI; not thread-safe.
 */
public final class VmpFrontEnd implements FrontEnd {
    private final CpiLayout layout;
    private final MimoWaveform waveform;
    private final SubarrayLayout pairs;
    private final SnapshotShape shape;
    private final VmpDecimator coarse;
    private final double pulsePeriodS;
    private final int b;
    private final int blocks;
    private final float[] rotRe;
    private final float[] rotIm;
    private final float[] scratch;
    private final FloatFFT_1D fft;
    private final double[] twiddle;
    private double rotHz = Double.NaN;

    /**
     * @param pairs      the subarray layout (whose first element pairs give f₀)
     * @param decimation B, dividing the pulses
     */
    public VmpFrontEnd(CpiLayout layout, MimoWaveform waveform, SubarrayLayout pairs, double pulsePeriodS,
                       int decimation) {
        if (layout.samplesPerPulse() != waveform.samplesPerPulse()) {
            throw new IllegalArgumentException("vmp front end: the CPI has " + layout.samplesPerPulse()
                    + " samples per pulse, the waveform " + waveform.samplesPerPulse());
        }
        if (layout.pulses() % decimation != 0) {
            throw new IllegalArgumentException("decimation " + decimation + " must divide the " + layout.pulses()
                    + " pulses");
        }
        this.layout = layout;
        this.waveform = waveform;
        this.pairs = pairs;
        this.pulsePeriodS = pulsePeriodS;
        this.b = decimation;
        this.blocks = layout.pulses() / decimation;
        this.shape = new SnapshotShape(waveform.txElements(), layout.channels(), blocks,
                SnapshotShape.Layout.RX_PULSE_TX);
        this.coarse = new VmpDecimator(pairs, new SnapshotShape(waveform.txElements(), layout.channels(),
                layout.pulses()), pulsePeriodS, decimation);
        this.rotRe = new float[layout.pulses()];
        this.rotIm = new float[layout.pulses()];
        this.scratch = new float[2 * Math.max(layout.samplesPerPulse(), waveform.txElements())];
        if (waveform.scheme() == MimoWaveform.Scheme.FDM) {
            Fft.singleThreaded();
            this.fft = new FloatFFT_1D(layout.samplesPerPulse());
            int n = layout.samplesPerPulse();
            this.twiddle = new double[2 * n];
            for (int q = 0; q < n; q++) {
                twiddle[2 * q] = Math.cos(-2 * Math.PI * q / n);
                twiddle[2 * q + 1] = Math.sin(-2 * Math.PI * q / n);
            }
        } else {
            this.fft = null;
            this.twiddle = null;
        }
    }

    @Override
    public String name() {
        return "vmp-decimating-mimo-filter-" + waveform.scheme().name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public SnapshotShape outputShape() {
        return shape;
    }

    @Override
    public void process(CpiFrame frame, Snapshot out) {
        check(frame, out);
        out.setDerotationHz(coarseDoppler(frame));
        decimate(frame, out, 0, shape.rx());
    }

    /** f₀ of {@code frame} (class comment), Hz. */
    public double coarseDoppler(CpiFrame frame) {
        float[] in = frame.data();
        int m = pairs.subarraySize();
        int pulses = layout.pulses();
        coarse.clearSpectrum();
        for (int k = 0; k < pairs.pairs(); k++) {
            int i = (k / pairs.rxSubarrays()) * m;
            int j = (k % pairs.rxSubarrays()) * m;
            double[] series = coarse.series();
            for (int l = 0; l < pulses; l++) {
                filtered(in, i, j, l, series, 2 * l);
            }
            coarse.addPower();
        }
        return coarse.peak();
    }

    /**
     * Receive channels {@code [fromRx, toRx)} of {@code frame} into {@code out}, derotated by
     * {@code out.derotationHz()} (set by {@link #process} or by the caller from {@link #coarseDoppler}).
     */
    public void decimate(CpiFrame frame, Snapshot out, int fromRx, int toRx) {
        check(frame, out);
        if (fromRx < 0 || toRx > shape.rx() || fromRx > toRx) {
            throw new IllegalArgumentException("receive channels [" + fromRx + ", " + toRx + ") outside [0, "
                    + shape.rx() + ")");
        }
        rotation(out.derotationHz());
        float[] in = frame.data();
        float[] z = out.data();
        int nt = shape.tx();
        int s = layout.samplesPerPulse();
        int perChannel = layout.samplesPerChannel();
        int c = waveform.scheme() == MimoWaveform.Scheme.TDM ? waveform.slotSamples() : 0;
        for (int j = fromRx; j < toRx; j++) {
            java.util.Arrays.fill(z, 2 * j * blocks * nt, 2 * (j + 1) * blocks * nt, 0f);
            for (int l = 0; l < layout.pulses(); l++) {
                int dst = 2 * (j * blocks + l / b) * nt;
                int src = 2 * (j * perChannel + l * s);
                if (c == 1) {
                    ComplexAxpy.axpy(in, src, z, dst, nt, rotRe[l], rotIm[l]);
                } else if (c > 1) {
                    slotMeans(in, src, c, nt);
                    ComplexAxpy.axpy(scratch, 0, z, dst, nt, rotRe[l], rotIm[l]);
                } else {
                    System.arraycopy(in, src, scratch, 0, 2 * s);
                    fft.complexForward(scratch);
                    ComplexAxpy.axpy(scratch, 0, z, dst, nt, rotRe[l] / s, rotIm[l] / s);
                }
            }
        }
    }

    private void check(CpiFrame frame, Snapshot out) {
        if (!frame.layout().equals(layout) || !out.shape().equals(shape)) {
            throw new IllegalArgumentException("vmp front end configured for " + layout + " -> " + shape
                    + ", got a frame " + frame.layout() + " and a snapshot " + out.shape());
        }
    }

    /** {@code e^{+j2π f₀ t_l}} as floats, recomputed when f₀ changes. */
    private void rotation(double f0Hz) {
        if (f0Hz == rotHz) {
            return;
        }
        for (int l = 0; l < layout.pulses(); l++) {
            double ph = 2 * Math.PI * f0Hz * CpiTiming.symbolTimeS(l, layout.pulses(), pulsePeriodS);
            rotRe[l] = (float) Math.cos(ph);
            rotIm[l] = (float) Math.sin(ph);
        }
        rotHz = f0Hz;
    }

    /** {@code scratch[2i..]} = the mean of slot i's c samples of the pulse at {@code src}. */
    private void slotMeans(float[] in, int src, int c, int nt) {
        float scale = 1f / c;
        for (int i = 0, p = src; i < nt; i++) {
            float re = 0;
            float im = 0;
            for (int k = 0; k < c; k++, p += 2) {
                re += in[p];
                im += in[p + 1];
            }
            scratch[2 * i] = re * scale;
            scratch[2 * i + 1] = im * scale;
        }
    }

    /** The matched-filter output of (transmit i, receive j, pulse l) into {@code out[o], out[o + 1]}. */
    private void filtered(float[] in, int i, int j, int l, double[] out, int o) {
        int s = layout.samplesPerPulse();
        int base = 2 * (j * layout.samplesPerChannel() + l * s);
        double re = 0;
        double im = 0;
        if (waveform.scheme() == MimoWaveform.Scheme.TDM) {
            int c = waveform.slotSamples();
            for (int k = 0, p = base + 2 * i * c; k < c; k++, p += 2) {
                re += in[p];
                im += in[p + 1];
            }
            re /= c;
            im /= c;
        } else {
            // one DFT bin: (1/S) Σ_s x[s] e^{−j2π i s/S}
            for (int q = 0; q < s; q++) {
                int t = (int) ((long) i * q % s);
                double cr = twiddle[2 * t];
                double ci = twiddle[2 * t + 1];
                double xr = in[base + 2 * q];
                double xi = in[base + 2 * q + 1];
                re += xr * cr - xi * ci;
                im += xr * ci + xi * cr;
            }
            re /= s;
            im /= s;
        }
        out[o] = re;
        out[o + 1] = im;
    }
}
