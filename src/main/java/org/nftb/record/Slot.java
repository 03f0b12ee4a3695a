package org.nftb.record;

import org.nftb.device.RxStatus;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One block of samples on its way from the receiving thread to the writer: per channel a direct buffer in the
 * recording's datatype, plus what the writer must note about it (a new capture segment, a fault, samples lost
 * before it, the receive buffers it was cut from for CPI times). Preallocated by {@link Recorder}; reused.
 */
final class Slot {
    static final int MAX_BUFFERS = 256;

    final ByteBuffer[] data;
    final FloatBuffer[] views;
    final int capacity;
    final long[] bufferFirstIndex = new long[MAX_BUFFERS];
    final long[] bufferTimeNanos = new long[MAX_BUFFERS];

    int samples;
    int buffers;
    long firstIndex;
    long timeNanos;
    long openedNanos;
    long wallMillis;
    boolean newSegment;
    double[] frequencyHz;
    double[] gainDb;
    RxStatus status;
    String detail;
    boolean statusOnEmptyBuffer;
    long statusIndex;
    long statusTimeNanos;
    long lostBefore;
    String lostCause;
    boolean end;
    /** Hasher threads still to read this slot before it may be reused. */
    final AtomicInteger hashersLeft = new AtomicInteger();

    Slot(int channels, int capacity, int sampleBytes, ByteOrder order) {
        this.capacity = capacity;
        this.data = new ByteBuffer[channels];
        this.views = new FloatBuffer[channels];
        for (int c = 0; c < channels; c++) {
            data[c] = ByteBuffer.allocateDirect(capacity * sampleBytes).order(order);
            views[c] = data[c].asFloatBuffer();
        }
        reset();
    }

    void reset() {
        samples = 0;
        buffers = 0;
        newSegment = false;
        frequencyHz = null;
        gainDb = null;
        status = RxStatus.OK;
        detail = "";
        statusOnEmptyBuffer = false;
        lostBefore = 0;
        lostCause = null;
        end = false;
    }

    /** Notes that receive buffer (first index, time) contributes from here on (for CPI start times). */
    void noteBuffer(long firstSampleIndex, long time) {
        bufferFirstIndex[buffers] = firstSampleIndex;
        bufferTimeNanos[buffers] = time;
        buffers++;
    }

    boolean full() {
        return samples == capacity || buffers == MAX_BUFFERS;
    }
}
