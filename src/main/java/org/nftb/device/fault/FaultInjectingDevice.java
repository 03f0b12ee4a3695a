package org.nftb.device.fault;

import org.nftb.config.FaultPlan;
import org.nftb.config.RunConfig;
import org.nftb.device.CommandTime;
import org.nftb.device.GroundTruthSource;
import org.nftb.device.RadioDevice;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;
import org.nftb.device.StreamStart;
import org.nftb.device.TxBurst;
import org.nftb.model.TargetState;

import java.util.List;

/**
 * A device whose receive stream carries injected faults ({@link FaultPlan}: {@code nftb replay --inject SPEC},
 * {@code scene.faults}), as real radios misbehave: gaps (loss: status OVERFLOW; late: LATE_COMMAND; timeout: an empty
 * TIMEOUT buffer), each removing the samples of its window on every channel so that the stream index jumps past it;
 * and sample faults ({@link SampleFaults}) on the samples that remain. It wraps any {@link RadioDevice}, like
 * {@code record/RecordingDevice}; the truth of a {@link GroundTruthSource} passes through unchanged (scoring sees what
 * really was there). Deterministic: the same plan on the same input delivers the same buffers bit for bit.
 *
 * <p>A gap inside a buffer splits it: the samples before the gap are returned first, those after it (held in a
 * second buffer of the same capacity, made at the first receive) by the next call. Allocation-free after the first
 * receive. Threading as {@link RadioDevice}: one receiving thread.
 */
public class FaultInjectingDevice implements RadioDevice {
    private static final String LOSS = "injected fault: samples lost (overflow)";
    private static final String LATE = "injected fault: late command, samples lost";
    private static final String TIMEOUT = "injected fault: no samples within the timeout";

    private final RadioDevice inner;
    private final FaultPlan plan;
    private final double sampleRateHz;
    private final SampleFaults sampleFaults;
    private final long[] gapStart;
    private final long[] gapEnd;
    private final FaultPlan.Kind[] gapKind;
    private final boolean[] reported;
    private RxBuffer held;
    private boolean timeoutDue;
    private RxStatus pendingStatus;
    private String pendingDetail;

    FaultInjectingDevice(RadioDevice inner, FaultPlan plan, RunConfig config) {
        this.inner = inner;
        this.plan = plan;
        this.sampleRateHz = inner.sampleRateHz();
        this.sampleFaults = new SampleFaults(plan, inner.channelCount(), sampleRateHz, config.rxArray(),
                config.wavelengthM());
        int gaps = 0;
        for (FaultPlan.Fault f : plan.faults()) {
            gaps += f.kind().isGap() ? 1 : 0;
        }
        gapStart = new long[gaps];
        gapEnd = new long[gaps];
        gapKind = new FaultPlan.Kind[gaps];
        reported = new boolean[gaps];
        int k = 0;
        for (FaultPlan.Fault f : plan.faults()) {
            if (f.kind().isGap()) {
                gapStart[k] = f.startSample(sampleRateHz);
                gapEnd[k] = f.endSample(sampleRateHz);
                gapKind[k++] = f.kind();
            }
        }
    }

    /** {@code inner} with {@code plan}'s faults (a {@link GroundTruthSource} when {@code inner} is one). */
    public static FaultInjectingDevice wrap(RadioDevice inner, FaultPlan plan, RunConfig config) {
        return inner instanceof GroundTruthSource truth ? new WithTruth(inner, plan, config, truth)
                : new FaultInjectingDevice(inner, plan, config);
    }

    public FaultPlan plan() {
        return plan;
    }

    @Override
    public void receive(RxBuffer buffer, long timeoutNanos) {
        if (held == null || held.capacity() != buffer.capacity() || held.channelCount() != buffer.channelCount()) {
            held = new RxBuffer(buffer.channelCount(), buffer.capacity());
        }
        while (true) {
            if (timeoutDue) {
                timeoutDue = false;
                buffer.set(0, buffer.firstSampleIndex(), buffer.timeNanos(), RxStatus.TIMEOUT, TIMEOUT);
                return;
            }
            if (held.samples() > 0) {
                copy(held, buffer);
                held.set(0, 0, 0, RxStatus.OK, "");
            } else {
                inner.receive(buffer, timeoutNanos);
                if (buffer.samples() == 0) {
                    return;
                }
            }
            // a gap that ended a buffer (or swallowed whole ones) is reported by the next samples delivered
            RxStatus carried = pendingStatus;
            String carriedDetail = pendingDetail;
            pendingStatus = null;
            if (cutGaps(buffer)) {
                if (carried != null && buffer.status() == RxStatus.OK) {
                    buffer.set(buffer.samples(), buffer.firstSampleIndex(), buffer.timeNanos(), carried,
                            carriedDetail);
                }
                sampleFaults.apply(buffer);
                return;
            }
            if (pendingStatus == null && carried != null) {
                pendingStatus = carried;
                pendingDetail = carriedDetail;
            }
        }
    }

    /**
     * Removes the samples of every gap from {@code b}: the earliest gap that overlaps it first. Returns false when
     * nothing of {@code b} is to be delivered now (all of it lies in a gap, or a timeout is reported first).
     */
    private boolean cutGaps(RxBuffer b) {
        while (true) {
            int n = b.samples();
            long a = b.firstSampleIndex();
            int g = -1;
            for (int k = 0; k < gapStart.length; k++) {
                if (gapStart[k] < a + n && gapEnd[k] > a && (g < 0 || gapStart[k] < gapStart[g])) {
                    g = k;
                }
            }
            if (g < 0) {
                return true;
            }
            RxStatus status = status(gapKind[g]);
            String detail = detail(gapKind[g]);
            boolean report = gapKind[g] == FaultPlan.Kind.TIMEOUT && !reported[g];
            reported[g] = true;
            if (gapStart[g] > a) {
                // the samples before the gap now; those after it (if any) by the next call, a timeout between
                if (gapEnd[g] < a + n) {
                    int skip = (int) (gapEnd[g] - a);
                    copyRange(b, skip, n - skip, held);
                    held.set(n - skip, gapEnd[g], b.timeNanos() + nanos(skip), status, detail);
                } else {
                    pendingStatus = status;
                    pendingDetail = detail;
                }
                timeoutDue |= report;
                b.set((int) (gapStart[g] - a), a, b.timeNanos(), b.status(), b.detail());
                return true;
            }
            if (gapEnd[g] >= a + n) {
                pendingStatus = status;
                pendingDetail = detail;
                timeoutDue |= report;
                return false;
            }
            shift(b, (int) (gapEnd[g] - a), status, detail);
            if (report) {
                copy(b, held);
                timeoutDue = true;
                return false;
            }
        }
    }

    private static RxStatus status(FaultPlan.Kind kind) {
        return switch (kind) {
            case LOSS -> RxStatus.OVERFLOW;
            case LATE -> RxStatus.LATE_COMMAND;
            default -> RxStatus.OK;   // a timeout is its own empty buffer; the samples after it are OK
        };
    }

    private static String detail(FaultPlan.Kind kind) {
        return switch (kind) {
            case LOSS -> LOSS;
            case LATE -> LATE;
            default -> "";
        };
    }

    private long nanos(long samples) {
        return Math.round(samples * 1e9 / sampleRateHz);
    }

    /** Drops the first {@code skip} samples of {@code b}. */
    private void shift(RxBuffer b, int skip, RxStatus status, String detail) {
        int n = b.samples() - skip;
        for (int c = 0; c < b.channelCount(); c++) {
            float[] x = b.channel(c);
            System.arraycopy(x, 2 * skip, x, 0, 2 * n);
        }
        b.set(n, b.firstSampleIndex() + skip, b.timeNanos() + nanos(skip), status, detail);
    }

    private static void copy(RxBuffer from, RxBuffer to) {
        copyRange(from, 0, from.samples(), to);
        to.set(from.samples(), from.firstSampleIndex(), from.timeNanos(), from.status(), from.detail());
    }

    private static void copyRange(RxBuffer from, int offset, int n, RxBuffer to) {
        for (int c = 0; c < from.channelCount(); c++) {
            System.arraycopy(from.channel(c), 2 * offset, to.channel(c), 0, 2 * n);
        }
    }

    @Override
    public String description() {
        return inner.description() + ", with " + plan.faults().size() + " injected fault(s) from " + plan.source();
    }

    @Override public int channelCount() { return inner.channelCount(); }
    @Override public double sampleRateHz() { return inner.sampleRateHz(); }
    @Override public void startStreaming(StreamStart start) { inner.startStreaming(start); }
    @Override public void stopStreaming() { inner.stopStreaming(); }
    @Override public void transmit(TxBurst burst, long timeoutNanos) { inner.transmit(burst, timeoutNanos); }
    @Override public boolean canTransmit() { return inner.canTransmit(); }
    @Override public void setRxFrequency(double hz, int channel, CommandTime when) { inner.setRxFrequency(hz, channel, when); }
    @Override public double rxFrequencyHz(int channel) { return inner.rxFrequencyHz(channel); }
    @Override public void setRxGain(double gainDb, int channel, CommandTime when) { inner.setRxGain(gainDb, channel, when); }
    @Override public double rxGainDb(int channel) { return inner.rxGainDb(channel); }
    @Override public long deviceTimeNanos() { return inner.deviceTimeNanos(); }
    @Override public void close() { inner.close(); }

    /** The variant for devices that know the truth: it passes through unchanged. */
    private static final class WithTruth extends FaultInjectingDevice implements GroundTruthSource {
        private final GroundTruthSource truth;

        WithTruth(RadioDevice inner, FaultPlan plan, RunConfig config, GroundTruthSource truth) {
            super(inner, plan, config);
            this.truth = truth;
        }

        @Override
        public List<TargetState> truthAt(long streamTimeNanos) {
            return truth.truthAt(streamTimeNanos);
        }
    }
}
