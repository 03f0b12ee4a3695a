package org.nftb.testing;

import org.nftb.device.CommandTime;
import org.nftb.device.RadioDevice;
import org.nftb.device.RxBuffer;
import org.nftb.device.StreamStart;
import org.nftb.device.TxBurst;

/** A real device wrapped for fault injection: everything is forwarded unless a test overrides it. */
public abstract class ForwardingDevice implements RadioDevice {
    protected final RadioDevice inner;

    protected ForwardingDevice(RadioDevice inner) {
        this.inner = inner;
    }

    @Override public String description() { return inner.description(); }
    @Override public int channelCount() { return inner.channelCount(); }
    @Override public double sampleRateHz() { return inner.sampleRateHz(); }
    @Override public void startStreaming(StreamStart s) { inner.startStreaming(s); }
    @Override public void receive(RxBuffer b, long timeoutNanos) { inner.receive(b, timeoutNanos); }
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
