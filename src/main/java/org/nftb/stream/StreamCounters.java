package org.nftb.stream;

import org.nftb.device.RxStatus;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Health of the stream as numbers: samples in, CPIs published and dropped (and why), and every receive status.
 * Written by the radio thread, read by anyone.
 */
public final class StreamCounters {
    private final AtomicLong samplesReceived = new AtomicLong();
    private final AtomicLong cpisPublished = new AtomicLong();
    private final AtomicLong cpisDroppedRingFull = new AtomicLong();
    private final AtomicLong cpisDroppedGap = new AtomicLong();
    private final AtomicLong cpisDroppedAsRecorded = new AtomicLong();
    private final AtomicLong notPublishedAtStop = new AtomicLong();
    private final Map<RxStatus, AtomicLong> statuses = new EnumMap<>(RxStatus.class);

    public StreamCounters() {
        for (RxStatus s : RxStatus.values()) {
            statuses.put(s, new AtomicLong());
        }
    }

    void addSamples(long n) {
        samplesReceived.addAndGet(n);
    }

    void published() {
        cpisPublished.incrementAndGet();
    }

    void droppedRingFull() {
        cpisDroppedRingFull.incrementAndGet();
    }

    void droppedAsRecorded() {
        cpisDroppedAsRecorded.incrementAndGet();
    }

    void notPublishedAtStop() {
        notPublishedAtStop.incrementAndGet();
    }

    /** Lossless mode: complete CPIs the radio delivered after the run was asked to stop, while the ring was full. */
    public long cpisNotPublishedAtStop() {
        return notPublishedAtStop.get();
    }

    void droppedGap() {
        cpisDroppedGap.incrementAndGet();
    }

    void status(RxStatus s) {
        statuses.get(s).incrementAndGet();
    }

    public long samplesReceived() {
        return samplesReceived.get();
    }

    public long cpisPublished() {
        return cpisPublished.get();
    }

    /** CPIs dropped because processing fell a full ring behind. */
    public long cpisDroppedRingFull() {
        return cpisDroppedRingFull.get();
    }

    /** Partial CPIs abandoned because samples were lost upstream (overflow or an index jump). */
    public long cpisDroppedGap() {
        return cpisDroppedGap.get();
    }

    /** A replay: CPIs dropped again because the recorded run dropped them (its ring was full). */
    public long cpisDroppedAsRecorded() {
        return cpisDroppedAsRecorded.get();
    }

    public long statusCount(RxStatus s) {
        return statuses.get(s).get();
    }
}
