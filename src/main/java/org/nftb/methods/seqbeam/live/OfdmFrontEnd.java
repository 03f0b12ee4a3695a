package org.nftb.methods.seqbeam.live;

import org.jtransforms.fft.DoubleFFT_1D;
import org.nftb.frontend.FrontEnd;
import org.nftb.frontend.Snapshot;
import org.nftb.frontend.SnapshotShape;
import org.nftb.methods.seqbeam.BlockPlan;
import org.nftb.stream.CpiFrame;

/**
 * Seed 002's OFDM front end: the MS symbols of one CPI, demodulated per element with the design the CPI was sent
 * with ({@link DesignLog#sentFor}), into the observation of {@code OfdmEcho}: {@code Y[q][m][n]} for MS symbol q,
 * subcarrier m = −M/2 … M/2−1 (index m + M/2), element n, divided by the pilot and the transmit scale so that
 * {@code Y = Σ_k β_k e^{−j2π m Δf τ_k} e^{j2π ν_k t_q} b_k (b_kᵀ f_q) + w} with f_q the symbol's beam.
 *
 * <p><b>Window.</b> Symbol s occupies samples {@code [s(RM+cp), (s+1)(RM+cp))} (R the oversampling); an R·M-point
 * DFT whose bins −M/2 … M/2−1 are the subcarriers; the window starts
 * {@code g = 8} samples before the end of the cyclic prefix, so that an echo delayed by d ≤ cp − 2g samples and
 * interpolated by up to g samples on either side stays within its own symbol: the window holds the pilot cyclically
 * shifted by d + g, and the extra g is undone by {@code e^{+j2π m g/(RM)}}. The provider checks {@code maxRange} against
 * that ({@code cp − 2g} samples of round trip).
 *
 * <p><b>Snapshot layout</b> ({@code 1 × N × (1 + κ·M)}, element n's row of "pulses"): value (0, 0, 0) carries the
 * design's id (re: id / 2²⁴, im: id mod 2²⁴, both exact in a float) so that the estimator models the CPI with the
 * same beams; value (0, n, 1 + q M + m) holds Y[q][m][n]. A kernel: allocation-free after construction.
 */
public final class OfdmFrontEnd implements FrontEnd {
    /** Samples the window starts before the end of the cyclic prefix (the simulator's interpolator half-length). */
    static final int GUARD = 8;
    private static final double ID_SPLIT = 1 << 24;

    private final LiveConfig config;
    private final DesignLog log;
    private final int m;
    private final int big;
    private final int n;
    private final int sps;
    private final int rowLength;
    private final SnapshotShape shape;
    private final DoubleFFT_1D fft;
    private final double[] buf;
    private final double[] correction;   // per FFT bin: e^{+j2π m g/M} / (scale · Z[m])

    OfdmFrontEnd(LiveConfig config, DesignLog log) {
        this.config = config;
        this.log = log;
        this.m = config.sys().subcarriers();
        this.big = config.oversampling() * m;
        this.n = config.sys().bsElements();
        this.sps = config.samplesPerSymbol();
        this.shape = shapeFor(config);
        this.rowLength = shape.pulses();
        this.fft = new DoubleFFT_1D(big);
        this.buf = new double[2 * big];
        BlockPlan any = log == null ? null : log.initial().plan();
        this.correction = new double[2 * big];
        if (any != null) {
            double[] zf = any.pilotWaveform().clone();
            fft.complexForward(zf);
            double scale = any.amplitudeScale();
            for (int k = 0; k < big; k++) {
                double zr = zf[2 * k] * scale;
                double zi = zf[2 * k + 1] * scale;
                double den = zr * zr + zi * zi;
                if (den == 0) {
                    continue;   // outside the M subcarriers (R > 1): never read
                }
                double ph = 2 * Math.PI * k * GUARD / big;
                // e^{jφ} conj(Z) / |Z|²
                double cr = Math.cos(ph);
                double ci = Math.sin(ph);
                correction[2 * k] = (cr * zr + ci * zi) / den;
                correction[2 * k + 1] = (ci * zr - cr * zi) / den;
            }
        }
    }

    @Override
    public String name() {
        return "ofdm-demod";
    }

    @Override
    public SnapshotShape outputShape() {
        return shape;
    }

    /** The snapshot shape of a configuration: 1 × N × (1 + κ·M). */
    static SnapshotShape shapeFor(LiveConfig config) {
        return new SnapshotShape(1, config.sys().bsElements(), 1 + config.sys().totalSymbols()
                * config.sys().subcarriers());
    }

    /** The design id written into value 0 of a snapshot. */
    static long designId(float[] data) {
        return (long) data[0] * (long) ID_SPLIT + (long) data[1];
    }

    @Override
    public void process(CpiFrame frame, Snapshot out) {
        if (log == null) {
            throw new IllegalArgumentException("this seqbeam set-up has no live loop (it was shipped): the beams of "
                    + "CPI " + frame.sequence() + " are unknown");
        }
        if (frame.channels() != n || frame.samplesPerChannel() != config.sys().totalSymbols() * sps) {
            throw new IllegalArgumentException("CPI of " + frame.channels() + " channels × " + frame.samplesPerChannel()
                    + " samples; seqbeam expects " + n + " × " + config.sys().totalSymbols() * sps);
        }
        // warm-up frames (negative sequence) are demodulated with the prior's design
        BlockDesign d = frame.sequence() < 0 ? log.initial() : log.sentFor(frame.sequence());
        if (d == null) {
            throw new IllegalArgumentException("CPI " + frame.sequence() + " has no record of the design it was sent"
                    + " with (seed 002's beams change every block: a recording replayed, or a CPI the radio did not "
                    + "illuminate, cannot be demodulated)");
        }
        float[] y = out.data();
        y[0] = (float) Math.floor(d.id() / ID_SPLIT);
        y[1] = (float) (d.id() % (long) ID_SPLIT);
        float[] x = frame.data();
        int spc = frame.samplesPerChannel();
        int[] symbols = d.msSymbols();
        int start = config.cyclicPrefix() - GUARD;
        for (int q = 0; q < symbols.length; q++) {
            for (int e = 0; e < n; e++) {
                int from = 2 * (e * spc + symbols[q] * sps + start);
                for (int k = 0; k < 2 * big; k++) {
                    buf[k] = x[from + k];
                }
                fft.complexForward(buf);
                for (int sc = 0; sc < m; sc++) {
                    int k = Math.floorMod(sc - m / 2, big);   // subcarrier sc − M/2 in the R·M-point DFT
                    double br = buf[2 * k];
                    double bi = buf[2 * k + 1];
                    double cr = correction[2 * k];
                    double ci = correction[2 * k + 1];
                    int at = 2 * (e * rowLength + 1 + q * m + sc);
                    y[at] = (float) (br * cr - bi * ci);
                    y[at + 1] = (float) (br * ci + bi * cr);
                }
            }
        }
    }
}
