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
 * A device that measures the mean power of the complex samples it passes on (every channel, every sample received),
 * for {@code nftb bench faults}' clipping levels: the scene's real level, illumination included. Forwards everything
 * else; the truth passes through.
 */
final class PowerTap implements RadioDevice, GroundTruthSource {
    private final RadioDevice inner;
    private double energy;
    private long samples;

    PowerTap(RadioDevice inner) {
        this.inner = inner;
    }

    /** Mean |x|² per complex sample so far. */
    double meanPower() {
        return samples == 0 ? 0 : energy / samples;
    }

    @Override
    public void receive(RxBuffer b, long timeoutNanos) {
        inner.receive(b, timeoutNanos);
        for (int c = 0; c < b.channelCount(); c++) {
            float[] x = b.channel(c);
            for (int i = 0; i < 2 * b.samples(); i++) {
                energy += x[i] * x[i];
            }
        }
        samples += (long) b.channelCount() * b.samples();
    }

    @Override
    public List<TargetState> truthAt(long streamTimeNanos) {
        return inner instanceof GroundTruthSource g ? g.truthAt(streamTimeNanos) : List.of();
    }

    @Override public String description() { return inner.description(); }
    @Override public int channelCount() { return inner.channelCount(); }
    @Override public double sampleRateHz() { return inner.sampleRateHz(); }
    @Override public void startStreaming(StreamStart s) { inner.startStreaming(s); }
    @Override public void stopStreaming() { inner.stopStreaming(); }
    @Override public void transmit(TxBurst b, long timeoutNanos) { inner.transmit(b, timeoutNanos); }
    @Override public boolean canTransmit() { return inner.canTransmit(); }
    @Override public void setRxFrequency(double hz, int channel, CommandTime when) { inner.setRxFrequency(hz, channel, when); }
    @Override public double rxFrequencyHz(int channel) { return inner.rxFrequencyHz(channel); }
    @Override public void setRxGain(double gainDb, int channel, CommandTime when) { inner.setRxGain(gainDb, channel, when); }
    @Override public double rxGainDb(int channel) { return inner.rxGainDb(channel); }
    @Override public long deviceTimeNanos() { return inner.deviceTimeNanos(); }
    @Override public void close() { inner.close(); }
}
