package org.nftb.stream;

import org.nftb.calibration.CalibrationApplier;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;

/**
 * Turns radio buffers into calibrated CPI frames: applies {@code W⁻¹} per element, integrates S radio samples per
 * slow-time symbol (S = sample rate / symbol rate; S = 1 is a plain calibrated copy) and writes straight into a
 * ring slot. CPIs lie on the stream's sample grid: CPI q holds samples {@code [q·S·M, (q+1)·S·M)}.
 *
 * <p>Faults are data: an overflow or a jump in the sample index abandons the partial CPI (counted as a gap drop)
 * and assembly resumes at the next CPI boundary; a full ring drops the whole CPI (counted). Nothing allocates
 * per call. Single-threaded (the radio thread).
 */
public final class CpiAssembler {
    private final CpiRing ring;
    private final CalibrationApplier calibration;
    private final StreamCounters counters;
    private final int channels;
    private final int symbols;
    private final int samplesPerSymbol;
    private final int samplesPerCpi;
    private final double nanosPerSample;
    private final CpiFrame dropFrame;
    private final double[] accumulator;

    private CpiFrame current;
    private boolean dropping;
    private int position;              // samples of the current CPI already written
    private long expectedIndex = -1;   // next sample index, -1 when not yet known

    public CpiAssembler(CpiRing ring, CalibrationApplier calibration, int channels, int symbols,
                        int samplesPerSymbol, double sampleRateHz, StreamCounters counters) {
        if (calibration.table().elements() != channels) {
            throw new IllegalArgumentException("calibration table has " + calibration.table().elements()
                    + " elements, stream has " + channels + " channels");
        }
        this.ring = ring;
        this.calibration = calibration;
        this.counters = counters;
        this.channels = channels;
        this.symbols = symbols;
        this.samplesPerSymbol = samplesPerSymbol;
        this.samplesPerCpi = samplesPerSymbol * symbols;
        this.nanosPerSample = 1e9 / sampleRateHz;
        this.dropFrame = new CpiFrame(channels, symbols);
        this.accumulator = new double[2 * channels];
    }

    /** Consumes one receive buffer. */
    public void accept(RxBuffer buffer) {
        if (buffer.channelCount() != channels) {
            throw new IllegalArgumentException("buffer has " + buffer.channelCount() + " channels, CPI has " + channels);
        }
        RxStatus status = buffer.status();
        counters.status(status);
        if (status == RxStatus.OVERFLOW) {
            abandonPartial();
            expectedIndex = -1;
        }
        int n = buffer.samples();
        if (n == 0) {
            return;
        }
        counters.addSamples(n);
        long index = buffer.firstSampleIndex();
        if (expectedIndex >= 0 && index != expectedIndex) {
            abandonPartial();
        }
        int i = 0;
        while (i < n) {
            if (current == null) {
                int offset = (int) Math.floorMod(index, (long) samplesPerCpi);
                if (offset != 0) {
                    int skip = Math.min(n - i, samplesPerCpi - offset);
                    i += skip;
                    index += skip;
                    continue;
                }
                begin(index, buffer.timeNanos() + (long) (i * nanosPerSample));
            }
            int take = Math.min(n - i, samplesPerCpi - position);
            write(buffer, i, take);
            position += take;
            i += take;
            index += take;
            if (position == samplesPerCpi) {
                finish();
            }
        }
        expectedIndex = index;
    }

    private void begin(long firstSampleIndex, long timeNanos) {
        CpiFrame slot = ring.tryClaim();
        dropping = slot == null;
        current = dropping ? dropFrame : slot;
        current.stamp(firstSampleIndex / samplesPerCpi, timeNanos, firstSampleIndex);
        position = 0;
        if (samplesPerSymbol > 1) {
            java.util.Arrays.fill(accumulator, 0);
        }
    }

    private void finish() {
        if (dropping) {
            counters.droppedRingFull();
        } else {
            ring.publish();
            counters.published();
        }
        current = null;
    }

    private void abandonPartial() {
        if (current != null) {
            if (!dropping) {
                ring.abandon();
            }
            counters.droppedGap();
            current = null;
        }
    }

    private void write(RxBuffer buffer, int from, int count) {
        float[] out = current.data();
        if (samplesPerSymbol == 1) {
            for (int c = 0; c < channels; c++) {
                calibration.apply(c, buffer.channel(c), 2 * from, out, 2 * (c * symbols + position), count);
            }
            return;
        }
        // integrate-and-dump: S samples per symbol, scaled by 1/S, then calibrated
        float scale = 1f / samplesPerSymbol;
        for (int c = 0; c < channels; c++) {
            float[] in = buffer.channel(c);
            double accRe = accumulator[2 * c];
            double accIm = accumulator[2 * c + 1];
            int pos = position;
            float cr = calibration.inverseRe(c) * scale;
            float ci = calibration.inverseIm(c) * scale;
            for (int k = 0; k < count; k++) {
                accRe += in[2 * (from + k)];
                accIm += in[2 * (from + k) + 1];
                pos++;
                if (pos % samplesPerSymbol == 0) {
                    int o = 2 * (c * symbols + pos / samplesPerSymbol - 1);
                    out[o] = (float) (accRe * cr - accIm * ci);
                    out[o + 1] = (float) (accRe * ci + accIm * cr);
                    accRe = 0;
                    accIm = 0;
                }
            }
            accumulator[2 * c] = accRe;
            accumulator[2 * c + 1] = accIm;
        }
    }
}
