package org.nftb.device.uhd;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.nftb.config.UhdConfig;
import org.nftb.device.uhd.capi.Uhd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.function.ToIntFunction;

/**
 * What the RX and TX streamers share: the stream arguments they are made with, and the direct (native) fc32
 * buffers libuhd reads from or writes into, one per channel, behind the {@code void**} array its send/recv take.
 * Buffers are made on first use and again only when a call needs more samples than they hold, so nothing allocates
 * per call. Not thread-safe: its stream's lock guards it.
 */
final class UhdStreamBuffers implements AutoCloseable {
    private final int channels;
    private final PointerPointer<FloatPointer> array;
    private FloatBuffer[] direct;
    private FloatPointer[] pointers;
    private int capacitySamples;

    UhdStreamBuffers(int channels) {
        this.channels = channels;
        this.array = new PointerPointer<>(channels);
    }

    /**
     * Makes a streamer over {@code channelList} with fc32 on the host and the configured wire format, by calling
     * {@code make} (e.g. {@code uhd_usrp_get_rx_stream}) with the stream arguments.
     *
     * @return what {@code make} returned (a libuhd error code)
     */
    static int makeStreamer(UhdConfig cfg, long[] channelList, ToIntFunction<Uhd.uhd_stream_args_t> make) {
        try (Uhd.uhd_stream_args_t sa = new Uhd.uhd_stream_args_t();
             BytePointer cpu = new BytePointer("fc32");
             BytePointer otw = new BytePointer(cfg.wireFormat().uhdName());
             BytePointer empty = new BytePointer("");
             SizeTPointer list = new SizeTPointer(channelList.length)) {
            for (int i = 0; i < channelList.length; i++) {
                list.put(i, channelList[i]);
            }
            sa.cpu_format(cpu).otw_format(otw).args(empty).channel_list(list).n_channels(channelList.length);
            return make.applyAsInt(sa);
        }
    }

    /**
     * Makes sure every channel's buffer holds {@code samples} complex samples.
     *
     * @return whether the buffers were (re)made
     */
    boolean ensureCapacity(int samples) {
        if (capacitySamples >= samples) {
            return false;
        }
        closePointers();
        direct = new FloatBuffer[channels];
        pointers = new FloatPointer[channels];
        for (int c = 0; c < channels; c++) {
            direct[c] = ByteBuffer.allocateDirect(samples * 2 * Float.BYTES).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            pointers[c] = new FloatPointer(direct[c]);
            array.put(c, pointers[c]);
        }
        capacitySamples = samples;
        return true;
    }

    /** The {@code void**} array for send/recv. */
    PointerPointer<FloatPointer> array() {
        return array;
    }

    /** Channel {@code c}'s buffer (interleaved I/Q floats). */
    FloatBuffer channel(int c) {
        return direct[c];
    }

    /** Complex samples each buffer holds (0 before the first {@link #ensureCapacity}). */
    int capacitySamples() {
        return capacitySamples;
    }

    private void closePointers() {
        if (pointers != null) {
            for (FloatPointer p : pointers) {
                p.close();
            }
        }
    }

    /** Frees the pointer array and the per-channel pointers (the direct buffers go with the GC). */
    @Override
    public void close() {
        array.close();
        closePointers();
    }
}
