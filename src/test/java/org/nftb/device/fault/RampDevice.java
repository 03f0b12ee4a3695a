package org.nftb.device.fault;

import org.nftb.device.CommandTime;
import org.nftb.device.RadioDevice;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;
import org.nftb.device.StreamStart;
import org.nftb.device.TxBurst;

/**
 * A test source whose every sample is known: channel c, stream index i holds (1000·c + i, −i) (exact in float up to
 * 2^24), delivered in buffers as full as the caller's, {@code total} samples, then END_OF_STREAM.
 */
final class RampDevice implements RadioDevice {
    static final double RATE_HZ = 1000;
    private final int channels;
    private final long total;
    private long next;

    RampDevice(int channels, long total) {
        this.channels = channels;
        this.total = total;
    }

    static float re(int c, long i) {
        return 1000f * c + i;
    }

    static float im(long i) {
        return -i;
    }

    @Override
    public void receive(RxBuffer b, long timeoutNanos) {
        int n = (int) Math.min(b.capacity(), total - next);
        if (n <= 0) {
            b.set(0, next, 0, RxStatus.END_OF_STREAM, "end");
            return;
        }
        for (int c = 0; c < channels; c++) {
            float[] x = b.channel(c);
            for (int i = 0; i < n; i++) {
                x[2 * i] = re(c, next + i);
                x[2 * i + 1] = im(next + i);
            }
        }
        b.set(n, next, Math.round(next * 1e9 / RATE_HZ), RxStatus.OK, "");
        next += n;
    }

    @Override public String description() { return "ramp"; }
    @Override public int channelCount() { return channels; }
    @Override public double sampleRateHz() { return RATE_HZ; }
    @Override public void startStreaming(StreamStart start) { }
    @Override public void stopStreaming() { }
    @Override public void transmit(TxBurst burst, long timeoutNanos) { }
    @Override public void setRxFrequency(double hz, int channel, CommandTime when) { }
    @Override public double rxFrequencyHz(int channel) { return 28e9; }
    @Override public void setRxGain(double gainDb, int channel, CommandTime when) { }
    @Override public double rxGainDb(int channel) { return 0; }
    @Override public long deviceTimeNanos() { return Math.round(next * 1e9 / RATE_HZ); }
    @Override public void close() { }
}
