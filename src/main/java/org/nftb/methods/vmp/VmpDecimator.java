package org.nftb.methods.vmp;

import org.jtransforms.fft.DoubleFFT_1D;
import org.nftb.dsp.Fft;
import org.nftb.frontend.SnapshotShape;
import org.nftb.model.CpiTiming;
import org.nftb.model.SubarrayLayout;

/**
 * Steps 1 and 2 of {@link VmpEstimator} on a full-rate snapshot ({@code N_t × N_r × L}, {@link SnapshotShape}
 * order): the coarse Doppler f₀ and the block decimation, into the layout every later stage reads:
 * <pre>  z[j, b, i] at 2 ((j B' + b) N_t + i):  Σ_{l in block b} Y_ij^(l) e^{+j2π f₀ t_l}</pre>
 * (receive element j, block b of B pulses, transmit element i fastest; B' = L/B blocks) — the order in which a
 * receive channel's raw samples arrive (pulse by pulse, the transmit slots within a pulse), so a front end can
 * write it in one streaming pass.
 *
 * <p><b>Coarse Doppler.</b> The pulse sequences of the first element pair of every subarray pair, zero-padded DFTs
 * (length ≥ 4L) summed in power; the peak (parabolic interpolation) is f₀, common to all pairs.
 *
 * <p>A kernel: allocates nothing after construction; not thread-safe ({@link #decimate} on disjoint receive ranges
 * may run on several threads once {@link #coarseDoppler} is done, each reading the same derotation table).
 */
public final class VmpDecimator {
    private final SubarrayLayout layout;
    private final SnapshotShape shape;
    private final double pulsePeriodS;
    private final int pulses;
    private final int b;
    private final int blocks;
    private final double[] rot;
    private final int fftSize;
    private final double[] spectrum;
    private final double[] series;
    private final DoubleFFT_1D fft;
    private double coarseDopplerHz;

    public VmpDecimator(SubarrayLayout layout, SnapshotShape shape, double pulsePeriodS, int decimation) {
        this.layout = layout;
        this.shape = shape;
        this.pulsePeriodS = pulsePeriodS;
        this.pulses = shape.pulses();
        this.b = decimation;
        this.blocks = pulses / decimation;
        this.rot = new double[2 * pulses];
        this.fftSize = Integer.highestOneBit(Math.max(2, 4 * pulses - 1)) << 1;
        this.spectrum = new double[fftSize];
        this.series = new double[2 * fftSize];
        Fft.singleThreaded();
        this.fft = new DoubleFFT_1D(fftSize);
    }

    /** f₀ of the last {@link #coarseDoppler}, Hz. */
    public double coarseDopplerHz() {
        return coarseDopplerHz;
    }

    /** e^{+j2π f₀ t_l}, interleaved (valid after {@link #coarseDoppler}). */
    double[] derotation() {
        return rot;
    }

    /** f₀ from a full-rate snapshot's values (class comment); fills the derotation table. */
    public double coarseDoppler(float[] data) {
        java.util.Arrays.fill(spectrum, 0);
        int m = layout.subarraySize();
        for (int k = 0; k < layout.pairs(); k++) {
            int src = shape.index((k / layout.rxSubarrays()) * m, (k % layout.rxSubarrays()) * m, 0);
            java.util.Arrays.fill(series, 0);
            for (int l = 0; l < pulses; l++) {
                series[2 * l] = data[src + 2 * l];
                series[2 * l + 1] = data[src + 2 * l + 1];
            }
            addPower();
        }
        return peak();
    }

    /** Adds |DFT(series)|² to the spectrum. */
    void addPower() {
        fft.complexForward(series);
        for (int q = 0; q < fftSize; q++) {
            spectrum[q] += series[2 * q] * series[2 * q] + series[2 * q + 1] * series[2 * q + 1];
        }
    }

    /** The zero-padded series buffer a source fills before {@link #addPower} (first 2L values). */
    double[] series() {
        java.util.Arrays.fill(series, 0);
        return series;
    }

    /** Resets the power spectrum (before a source's {@link #addPower} calls). */
    void clearSpectrum() {
        java.util.Arrays.fill(spectrum, 0);
    }

    /** The interpolated peak of the summed spectrum as f₀, and the derotation table. */
    double peak() {
        int best = 0;
        for (int q = 1; q < fftSize; q++) {
            if (spectrum[q] > spectrum[best]) {
                best = q;
            }
        }
        double lo = spectrum[(best - 1 + fftSize) % fftSize];
        double hi = spectrum[(best + 1) % fftSize];
        double c = spectrum[best];
        double den = lo - 2 * c + hi;
        double frac = den < 0 ? 0.5 * (lo - hi) / den : 0;
        // the sequence is e^{−j2π f l T}: the DFT Σ x e^{−j2π q l/P} peaks at q/P = −f T (mod 1)
        double cycles = -(best + frac) / fftSize;
        cycles -= Math.floor(cycles + 0.5);
        coarseDopplerHz = cycles / pulsePeriodS;
        for (int l = 0; l < pulses; l++) {
            double ph = 2 * Math.PI * coarseDopplerHz * CpiTiming.symbolTimeS(l, pulses, pulsePeriodS);
            rot[2 * l] = Math.cos(ph);
            rot[2 * l + 1] = Math.sin(ph);
        }
        return coarseDopplerHz;
    }

    /**
     * Receive elements {@code fromRx} (inclusive) to {@code toRx} (exclusive) of a full-rate snapshot's values,
     * derotated by f₀ and summed over blocks, into {@code out} (class comment's layout). Each block sum is split
     * into four real products over two interleaved halves (eight independent fused multiply-add chains), so the loop
     * is bound by throughput rather than by the latency of one accumulator.
     */
    public void decimate(float[] data, float[] out, int fromRx, int toRx) {
        int nt = shape.tx();
        int half = b / 2;
        for (int j = fromRx; j < toRx; j++) {
            for (int i = 0; i < nt; i++) {
                int src = shape.index(i, j, 0);
                for (int blk = 0, l0 = 0; blk < blocks; blk++, l0 += b) {
                    double rr0 = 0, ii0 = 0, ri0 = 0, ir0 = 0, rr1 = 0, ii1 = 0, ri1 = 0, ir1 = 0;
                    int p = src + 2 * l0;
                    int q = 2 * l0;
                    for (int e = 0; e < half; e++, p += 4, q += 4) {
                        double zr0 = data[p], zi0 = data[p + 1], zr1 = data[p + 2], zi1 = data[p + 3];
                        double cr0 = rot[q], ci0 = rot[q + 1], cr1 = rot[q + 2], ci1 = rot[q + 3];
                        rr0 = Math.fma(zr0, cr0, rr0);
                        ii0 = Math.fma(zi0, ci0, ii0);
                        ri0 = Math.fma(zr0, ci0, ri0);
                        ir0 = Math.fma(zi0, cr0, ir0);
                        rr1 = Math.fma(zr1, cr1, rr1);
                        ii1 = Math.fma(zi1, ci1, ii1);
                        ri1 = Math.fma(zr1, ci1, ri1);
                        ir1 = Math.fma(zi1, cr1, ir1);
                    }
                    if ((b & 1) != 0) {
                        double zr = data[p], zi = data[p + 1];
                        rr0 = Math.fma(zr, rot[q], rr0);
                        ii0 = Math.fma(zi, rot[q + 1], ii0);
                        ri0 = Math.fma(zr, rot[q + 1], ri0);
                        ir0 = Math.fma(zi, rot[q], ir0);
                    }
                    int o = 2 * ((j * blocks + blk) * nt + i);
                    out[o] = (float) ((rr0 + rr1) - (ii0 + ii1));
                    out[o + 1] = (float) ((ri0 + ri1) + (ir0 + ir1));
                }
            }
        }
    }
}
