package org.nftb.record;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.calibration.table.CalibrationTables;
import org.nftb.config.RunConfig;
import org.nftb.device.GroundTruthSource;
import org.nftb.device.RxStatus;
import org.nftb.model.CpiTiming;
import org.nftb.model.PolarState;
import org.nftb.model.TargetState;
import org.nftb.sigmf.NftbKeys;
import org.nftb.sigmf.SigmfFiles;
import org.nftb.sigmf.SpatialAxes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The writer thread of a recording: takes filled {@link Slot}s in order, notes in the {@link Journal} what they
 * start (capture segment, gap, fault) and the ground truth of every CPI that begins in them, hands the journal to the
 * kernel, then writes each channel's bytes to its {@code .sigmf-data}; a second thread then updates each channel's
 * SHA-512 with the slot and returns it to the receiving side. After a write error it keeps returning slots unwritten (counted) so that the receiving thread never waits
 * on a dead disk; {@link #failure()} says what went wrong.
 *
 * <p>Ground truth: CPI q of the stream begins at sample {@code q·K}; its state time is computed exactly as the
 * pipeline does (the receive buffer's time plus {@code (long) (offset · 10⁹/f_s)}, plus
 * {@link CpiTiming#centreOffsetNanos}), so a replay answers the pipeline's truth queries with the same states.
 */
final class CaptureWriter implements Runnable {
    private static final long POLL_MS = 50;

    private final CaptureLayout layout;
    private final BlockingQueue<Slot> filled;
    private final BlockingQueue<Slot> free;
    private final BlockingQueue<Slot>[] hashing;
    private final Thread[] hashers;
    private final GroundTruthSource truth;
    private final boolean hash;
    private final int channels;
    private final long samplesPerCpi;
    private final long stateOffsetNanos;
    private final double nanosPerSample;
    private final double refXM;
    private final double refYM;
    private final FileChannel[] files;
    private final MessageDigest[] digests;
    private final Journal journal;
    /** Journal entries from other threads (calibration changes, runs of dropped CPIs), journaled with the next slot. */
    private final ConcurrentLinkedQueue<ObjectNode> pending = new ConcurrentLinkedQueue<>();
    private final Object dropLock = new Object();
    private long dropStart = -1;   // the open run of dropped CPIs: stream samples [dropStart, dropEnd), dropCpis CPIs
    private long dropEnd;
    private long dropCpis;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong notWritten = new AtomicLong();
    private final CountDownLatch done;
    private volatile String failure;

    CaptureWriter(CaptureLayout layout, RunConfig config, BlockingQueue<Slot> filled, BlockingQueue<Slot> free,
                  int slots, GroundTruthSource truth, boolean hash) throws IOException {
        this.layout = layout;
        this.filled = filled;
        this.free = free;
        int h = Math.max(1, Math.min(layout.channels(), Runtime.getRuntime().availableProcessors()));
        @SuppressWarnings("unchecked")
        BlockingQueue<Slot>[] queues = new BlockingQueue[h];
        for (int i = 0; i < h; i++) {
            queues[i] = new ArrayBlockingQueue<>(slots + 1);
        }
        this.hashing = queues;
        this.hashers = new Thread[h];
        this.done = new CountDownLatch(h);
        this.truth = truth;
        this.hash = hash;
        this.channels = layout.channels();
        this.samplesPerCpi = config.samplesPerCpi();
        this.stateOffsetNanos = CpiTiming.centreOffsetNanos(config.cpiSymbols(), config.symbolPeriodS());
        this.nanosPerSample = 1e9 / config.radio().sampleRateHz();
        this.refXM = config.rxArray().referenceXM();
        this.refYM = config.rxArray().referenceYM();
        this.files = new FileChannel[channels];
        this.digests = new MessageDigest[channels];
        try {
            for (int c = 0; c < channels; c++) {
                files[c] = FileChannel.open(layout.data(c), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                digests[c] = SigmfFiles.sha512();
            }
            journal = new Journal(layout.journal());
        } catch (IOException e) {
            closeFiles();
            throw e;
        }
    }

    /** Samples per channel in every data file (whole slots written to all channels). */
    long written() {
        return written.get();
    }

    /** Samples per channel received after a write error and therefore not in the files. */
    long notWritten() {
        return notWritten.get();
    }

    String failure() {
        return failure;
    }

    /** Waits until the end marker has been written and hashed (the files are closed before). */
    void awaitDone() throws InterruptedException {
        done.await();
    }

    /** SHA-512 of channel {@code c}'s data file (call after {@link #awaitDone}, when no write failed), or null. */
    String sha512(int c) {
        return hash ? SigmfFiles.hex(digests[c].digest()) : null;
    }

    /**
     * Notes that calibration table {@code version} took effect at stream sample {@code streamIndex} (any thread; the
     * writer journals it with the next slot, or at the end).
     */
    void calibrationApplied(long version, CalibrationTable table, long streamIndex) {
        ObjectNode e = journal.entry(Journal.CALIBRATION);
        e.put("stream_index", streamIndex);
        e.put("version", version);
        e.put("source", table.source());
        e.set("table", CalibrationTables.toJson(table));
        pending.add(e);
    }

    /**
     * Notes that the run being recorded did not estimate the CPI of stream samples
     * {@code [firstSampleIndex, firstSampleIndex + samples)}: its ring was full (radio thread). Consecutive CPIs make
     * one run, journaled when the next run begins or at the end (a crash loses the open run: its replay then
     * estimates those CPIs).
     */
    void cpiDropped(long firstSampleIndex, int samples) {
        synchronized (dropLock) {
            if (dropStart >= 0 && firstSampleIndex == dropEnd) {
                dropEnd += samples;
                dropCpis++;
                return;
            }
            queueDropRun();
            dropStart = firstSampleIndex;
            dropEnd = firstSampleIndex + samples;
            dropCpis = 1;
        }
    }

    /** Queues the open run of dropped CPIs for the journal (with {@link #dropLock} held). */
    private void queueDropRun() {
        if (dropStart < 0) {
            return;
        }
        ObjectNode e = journal.entry(Journal.DROPPED_CPIS);
        e.put("stream_index", dropStart);
        e.put("samples", dropEnd - dropStart);
        e.put("cpis", dropCpis);
        pending.add(e);
        dropStart = -1;
    }

    private void journalPending() throws IOException {
        ObjectNode e;
        while ((e = pending.poll()) != null) {
            journal.append(e);
        }
    }

    @Override
    public void run() {
        for (int i = 0; i < hashers.length; i++) {
            int part = i;
            hashers[i] = new Thread(() -> hashLoop(part), "nftb-recorder-sha512-" + i);
            hashers[i].setDaemon(true);
            hashers[i].start();
        }
        try {
            while (true) {
                Slot s = filled.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (s == null) {
                    continue;
                }
                boolean end = s.end;
                if (failure == null) {
                    try {
                        write(s);
                    } catch (IOException | RuntimeException e) {
                        failure = "cannot write " + layout.dir() + ": " + e.getMessage();
                        notWritten.addAndGet(s.samples);
                    }
                } else {
                    notWritten.addAndGet(s.samples);
                }
                s.hashersLeft.set(hashing.length);
                for (BlockingQueue<Slot> q : hashing) {
                    q.add(s);
                }
                if (end) {
                    break;
                }
            }
            finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "recording interrupted";
            for (Thread t : hashers) {
                t.interrupt();
            }
        } finally {
            closeFiles();
        }
    }

    /**
     * The second stage: SHA-512 of each written slot, in order, on threads of their own (hasher {@code part} takes the
     * channels {@code c ≡ part} modulo their number: each channel's digest is independent), so that hashing (about
     * 650 MB/s per core) overlaps the writes and uses the machine's cores; the last hasher done with a slot returns it
     * to the receiving side.
     */
    private void hashLoop(int part) {
        try {
            while (true) {
                Slot s = hashing[part].take();
                boolean end = s.end;
                if (hash && failure == null && s.samples > 0) {
                    int bytes = s.samples * (s.data[0].capacity() / s.capacity);
                    for (int c = part; c < channels; c += hashing.length) {
                        ByteBuffer b = s.data[c];   // only this hasher reads channel c of a written slot
                        b.clear().limit(bytes);
                        digests[c].update(b);
                    }
                }
                if (s.hashersLeft.decrementAndGet() == 0) {
                    s.reset();
                    free.add(s);
                }
                if (end) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done.countDown();
        }
    }

    private void write(Slot s) throws IOException {
        long fileIndex = written.get();
        if (s.newSegment) {
            ObjectNode e = journal.entry(Journal.SEGMENT);
            ObjectNode cap = e.putObject("capture");
            cap.put("core:sample_start", fileIndex);
            cap.put("core:global_index", Math.max(0, s.firstIndex));
            cap.put("core:datetime", Instant.ofEpochMilli(s.wallMillis).toString());
            cap.put(NftbKeys.DEVICE_TIME, s.timeNanos);
            putAll(e.putArray("frequency_hz"), s.frequencyHz);
            putAll(e.putArray("gain_db"), s.gainDb);
            journal.append(e);
        }
        if (s.lostBefore != 0) {
            ObjectNode a = annotation(fileIndex, 0, "gap");
            a.put("core:comment", s.lostBefore > 0
                    ? s.lostBefore + " samples of the stream are missing before this sample (" + s.lostCause + ")"
                    : "the stream restarted at sample index " + s.firstIndex + " (" + s.lostCause + ")");
            ObjectNode g = a.putObject(NftbKeys.GAP);
            g.put("samples_lost", Math.max(0, s.lostBefore));
            g.put("cause", s.lostCause);
            journal.append(entry(Journal.ALL, a));
        }
        if (s.status != RxStatus.OK) {
            ObjectNode a = annotation(fileIndex, 0, "rx " + s.status.name());
            a.put("core:comment", s.detail.isEmpty() ? "the device reported " + s.status : s.detail);
            ObjectNode st = a.putObject(NftbKeys.RX_STATUS);
            st.put("status", s.status.name());
            st.put("detail", s.detail);
            st.put("empty_buffer", s.statusOnEmptyBuffer);
            st.put("stream_index", s.statusIndex);
            st.put(NftbKeys.DEVICE_TIME, s.statusTimeNanos);
            journal.append(entry(Journal.ALL, a));
        }
        if (truth != null && s.samples > 0) {
            annotateTruth(s, fileIndex);
        }
        journalPending();
        journal.flush();
        if (s.samples == 0) {
            return;
        }
        int bytesPerChannel = s.samples * (s.data[0].capacity() / s.capacity);
        for (int c = 0; c < channels; c++) {
            ByteBuffer b = s.data[c];
            b.clear().limit(bytesPerChannel);
            while (b.hasRemaining()) {
                files[c].write(b);
            }
        }
        written.addAndGet(s.samples);
    }

    private void annotateTruth(Slot s, long fileIndex) throws IOException {
        long end = s.firstIndex + s.samples;
        long start = Math.floorDiv(s.firstIndex + samplesPerCpi - 1, samplesPerCpi) * samplesPerCpi;
        int b = 0;
        for (long cpi = start; cpi < end; cpi += samplesPerCpi) {
            while (b + 1 < s.buffers && s.bufferFirstIndex[b + 1] <= cpi) {
                b++;
            }
            long stateTime = s.bufferTimeNanos[b] + (long) ((cpi - s.bufferFirstIndex[b]) * nanosPerSample)
                    + stateOffsetNanos;
            List<TargetState> states = truth.truthAt(stateTime);
            for (int k = 0; k < states.size(); k++) {
                TargetState t = states.get(k);
                PolarState p = t.toPolar(refXM, refYM);
                ObjectNode a = annotation(fileIndex + (cpi - s.firstIndex), samplesPerCpi, "truth " + k);
                a.put("core:generator", "nftb (ground truth of the simulated scene)");
                double[] bearing = SpatialAxes.bearing(p);
                ObjectNode sb = a.putObject("spatial:signal_bearing");
                sb.put("azimuth", bearing[0]);
                sb.put("elevation", bearing[1]);
                sb.put("range", bearing[2]);
                sb.put("range_rate", bearing[3]);
                ObjectNode n = a.putObject(NftbKeys.TRUTH);
                n.put("target", k);
                n.put("state_time_ns", stateTime);
                n.put("x_m", t.xM());
                n.put("y_m", t.yM());
                n.put("vx_mps", t.vxMps());
                n.put("vy_mps", t.vyMps());
                n.put("transverse_velocity_mps", p.transverseVelocityMps());
                journal.append(entry(Journal.ARRAY, a));
            }
        }
    }

    private ObjectNode annotation(long start, long count, String label) {
        ObjectNode a = SigmfFiles.json().createObjectNode();
        a.put("core:sample_start", start);
        a.put("core:sample_count", count);
        a.put("core:label", label);
        return a;
    }

    private ObjectNode entry(String scope, ObjectNode annotation) {
        ObjectNode e = journal.entry(Journal.ANNOTATION);
        e.put("scope", scope);
        e.set("a", annotation);
        return e;
    }

    private static void putAll(ArrayNode a, double[] values) {
        if (values == null) {
            return;
        }
        for (double v : values) {
            if (Double.isFinite(v)) {
                a.add(v);
            } else {
                a.addNull();
            }
        }
    }

    private void finish() {
        if (failure != null) {
            return;
        }
        try {
            synchronized (dropLock) {
                queueDropRun();
            }
            journalPending();
            journal.flush();
            for (FileChannel f : files) {
                f.force(false);   // fdatasync, as dd conv=fdatasync: the data and what is needed to read it
            }
        } catch (IOException e) {
            failure = "cannot write " + layout.dir() + ": " + e.getMessage();
        }
    }

    private void closeFiles() {
        for (FileChannel f : files) {
            if (f != null) {
                try {
                    f.close();
                } catch (IOException ignored) {
                    // the failure that matters is already recorded
                }
            }
        }
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = "cannot write " + layout.journal() + ": " + e.getMessage();
                }
            }
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "capture writer for %s (%d channels)", layout.dir(), channels);
    }
}
