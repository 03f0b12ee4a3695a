package org.nftb.bench;

import org.nftb.device.CommandTime;
import org.nftb.device.GroundTruthSource;
import org.nftb.device.RadioDevice;
import org.nftb.device.RxBuffer;
import org.nftb.device.StreamStart;
import org.nftb.device.TxBurst;
import org.nftb.model.TargetState;

import java.util.List;

/**
 * A radio with hardware impairments the simulated array does not model, for calibration studies: transmit-chain
 * errors {@code v_j} (transmit channel j of every burst is multiplied by v_j before it reaches the air) and a phase
 * step on one receive channel from a given sample of the stream on (drift: a cable warming, a connector moved).
 * Everything else is forwarded.
 */
public final class ImpairedDevice implements RadioDevice, GroundTruthSource {
    private final RadioDevice inner;
    private final double[] txErrors;
    private final int stepChannel;
    private final long stepSample;
    private final double stepCos;
    private final double stepSin;

    /**
     * @param txErrors     v_j interleaved re/im, one per transmit channel, or null for none
     * @param stepChannel  receive channel that steps, or -1 for none
     * @param stepSample   stream sample index from which the step applies
     * @param stepRad      the phase step, radians
     */
    public ImpairedDevice(RadioDevice inner, double[] txErrors, int stepChannel, long stepSample, double stepRad) {
        this.inner = inner;
        this.txErrors = txErrors;
        this.stepChannel = stepChannel;
        this.stepSample = stepSample;
        this.stepCos = Math.cos(stepRad);
        this.stepSin = Math.sin(stepRad);
    }

    @Override
    public boolean canTransmit() {
        return inner.canTransmit();
    }

    @Override
    public void transmit(TxBurst b, long timeoutNanos) {
        if (txErrors == null) {
            inner.transmit(b, timeoutNanos);
            return;
        }
        float[][] x = b.samples();
        float[][] out = new float[x.length][];
        for (int j = 0; j < x.length; j++) {
            double vr = txErrors[2 * j];
            double vi = txErrors[2 * j + 1];
            out[j] = new float[x[j].length];
            for (int i = 0; i < x[j].length; i += 2) {
                out[j][i] = (float) (x[j][i] * vr - x[j][i + 1] * vi);
                out[j][i + 1] = (float) (x[j][i] * vi + x[j][i + 1] * vr);
            }
        }
        inner.transmit(new TxBurst(out, b.centerFrequencyHz(), b.gainDb(), b.sampleRateHz(), b.timeNanos()),
                timeoutNanos);
    }

    @Override
    public void receive(RxBuffer b, long timeoutNanos) {
        inner.receive(b, timeoutNanos);
        if (stepChannel < 0) {
            return;
        }
        float[] c = b.channel(stepChannel);
        for (int i = 0; i < b.samples(); i++) {
            if (b.firstSampleIndex() + i >= stepSample) {
                float re = c[2 * i];
                float im = c[2 * i + 1];
                c[2 * i] = (float) (re * stepCos - im * stepSin);
                c[2 * i + 1] = (float) (re * stepSin + im * stepCos);
            }
        }
    }

    @Override
    public List<TargetState> truthAt(long streamTimeNanos) {
        return inner instanceof GroundTruthSource g ? g.truthAt(streamTimeNanos) : List.of();
    }

    @Override public String description() { return inner.description() + " (with impairments)"; }
    @Override public int channelCount() { return inner.channelCount(); }
    @Override public double sampleRateHz() { return inner.sampleRateHz(); }
    @Override public void startStreaming(StreamStart s) { inner.startStreaming(s); }
    @Override public void stopStreaming() { inner.stopStreaming(); }
    @Override public void setRxFrequency(double hz, int channel, CommandTime when) { inner.setRxFrequency(hz, channel, when); }
    @Override public double rxFrequencyHz(int channel) { return inner.rxFrequencyHz(channel); }
    @Override public void setRxGain(double gainDb, int channel, CommandTime when) { inner.setRxGain(gainDb, channel, when); }
    @Override public double rxGainDb(int channel) { return inner.rxGainDb(channel); }
    @Override public long deviceTimeNanos() { return inner.deviceTimeNanos(); }
    @Override public void close() { inner.close(); }
}
