package org.nftb.record;

import org.nftb.device.CommandTime;
import org.nftb.device.DeviceException;
import org.nftb.device.GroundTruthSource;
import org.nftb.device.RadioDevice;
import org.nftb.device.RxBuffer;
import org.nftb.device.StreamStart;
import org.nftb.device.TxBurst;
import org.nftb.model.TargetState;

import java.util.List;

/**
 * A device whose receive stream is recorded: every buffer {@link #receive} returns is handed to a {@link Recorder}
 * first (the tap of {@code nftb run --record}). Everything else is the wrapped device's; {@link #close()} finalises
 * the recording, then closes the device. The pipeline needs no change: it sees a {@link RadioDevice} — and a
 * {@link GroundTruthSource} exactly when the wrapped device is one ({@link #wrap}).
 *
 * <p>A recording that fails (a full disk) ends the run like a radio failure, with the recording's own message, so a
 * run meant to be recorded never goes on unrecorded; what was recorded before is kept.
 */
public class RecordingDevice implements RadioDevice {
    private final RadioDevice inner;
    private final Recorder recorder;

    private RecordingDevice(RadioDevice inner, Recorder recorder) {
        this.inner = inner;
        this.recorder = recorder;
    }

    /** {@code inner} recorded by {@code recorder}. */
    public static RecordingDevice wrap(RadioDevice inner, Recorder recorder) {
        return inner instanceof GroundTruthSource truth ? new WithTruth(inner, recorder, truth)
                : new RecordingDevice(inner, recorder);
    }

    public Recorder recorder() {
        return recorder;
    }

    @Override
    public void receive(RxBuffer buffer, long timeoutNanos) {
        inner.receive(buffer, timeoutNanos);
        try {
            recorder.accept(buffer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException("recording interrupted", e);
        }
        String failure = recorder.failure();
        if (failure != null) {
            throw new DeviceException("recording failed: " + failure + "; the capture keeps the "
                    + recorder.progress().samplesWritten() + " samples per channel written before");
        }
    }

    @Override
    public String description() {
        return inner.description() + ", recorded to " + recorder.layout().dir();
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

    /** Finalises the recording, then closes the device. */
    @Override
    public void close() {
        try {
            recorder.stop();
        } finally {
            inner.close();
        }
    }

    /** The variant for devices that know the truth (the simulator): the truth passes through. */
    private static final class WithTruth extends RecordingDevice implements GroundTruthSource {
        private final GroundTruthSource truth;

        WithTruth(RadioDevice inner, Recorder recorder, GroundTruthSource truth) {
            super(inner, recorder);
            this.truth = truth;
        }

        @Override
        public List<TargetState> truthAt(long streamTimeNanos) {
            return truth.truthAt(streamTimeNanos);
        }
    }
}
