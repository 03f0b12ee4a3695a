package org.nftb.device.replay;

import org.nftb.device.RxBuffer;
import org.nftb.sigmf.CaptureException;
import org.nftb.sigmf.Datatype;
import org.nftb.sigmf.FileRegion;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * Reads a capture's samples as cf32: per Recording one read-ahead window (positional reads of its dataset — a file,
 * or a member of a SigMF Archive read in place — into a direct buffer), decoded per channel by its {@link Datatype}.
 * A window never spans two capture segments, so the {@code core:header_bytes} before a segment are skipped, never
 * decoded. {@link #read} allocates nothing. Not thread-safe (the replay's receiving thread).
 */
public final class CaptureSamples implements AutoCloseable {
    private static final int WINDOW_BYTES = 1 << 20;

    private final Capture capture;
    private final Window[] windows;

    public CaptureSamples(Capture capture) {
        this.capture = capture;
        int recs = capture.recordings().size();
        this.windows = new Window[recs];
        int per = Math.max(1 << 14, WINDOW_BYTES / Math.max(1, recs / 16));
        try {
            for (int r = 0; r < recs; r++) {
                windows[r] = new Window(capture.recordings().get(r), per);
            }
        } catch (IOException e) {
            close();
            throw new CaptureException(capture.source().toString(), "", "cannot open its data: " + e.getMessage(), e);
        }
    }

    /** Reads samples {@code [first, first + count)} of every channel into the start of {@code buffer}'s channels. */
    public void read(long first, int count, RxBuffer buffer) {
        for (int c = 0; c < buffer.channelCount(); c++) {
            windows[capture.recordingIndex(c)].read(first, count, capture.subChannel(c), buffer.channel(c), 0);
        }
    }

    @Override
    public void close() {
        for (Window w : windows) {
            if (w != null) {
                w.close();
            }
        }
    }

    /** A Recording's data file and the window of it last read. */
    private static final class Window {
        private final Recording recording;
        private final FileChannel file;
        private final ByteBuffer buffer;
        private final FloatBuffer view;
        private final int frameBytes;
        private final int sampleBytes;
        private final int frames;
        private long first = -1;
        private int valid;

        Window(Recording recording, int bytes) throws IOException {
            this.recording = recording;
            this.file = FileChannel.open(recording.data().file(), StandardOpenOption.READ);
            this.sampleBytes = recording.datatype().sampleBytes();
            this.frameBytes = sampleBytes * recording.numChannels();
            this.frames = Math.max(1, bytes / frameBytes);
            this.buffer = ByteBuffer.allocateDirect(frames * frameBytes).order(recording.datatype().order());
            this.view = buffer.duplicate().order(recording.datatype().order()).asFloatBuffer();
        }

        void read(long from, int count, int sub, float[] dst, int dstOff) {
            int done = 0;
            while (done < count) {
                long s = from + done;
                if (first < 0 || s < first || s >= first + valid) {
                    fill(s);
                }
                int n = (int) Math.min(count - done, first + valid - s);
                int at = (int) (s - first) * frameBytes + sub * sampleBytes;
                recording.datatype().decode(buffer, view, at, frameBytes, n, dst, dstOff + 2 * done,
                        recording.fullScale());
                done += n;
            }
        }

        private void fill(long s) {
            Segment seg = recording.segmentAt(s);
            long end = Math.min(Math.min(recording.sampleCount(), s + frames), nextSegmentStart(s));
            int bytes = (int) ((end - s) * frameBytes);
            buffer.clear().limit(bytes);
            FileRegion data = recording.data();
            long pos = data.offset() + seg.byteOffset() + (s - seg.sampleStart()) * frameBytes;
            try {
                while (buffer.hasRemaining()) {
                    int n = file.read(buffer, pos + buffer.position());
                    if (n < 0) {
                        throw new CaptureException(data.name(), "", "ends at byte " + (pos + buffer.position()
                                - data.offset()) + " while " + recording.sampleCount() + " samples were expected: "
                                + "the file was cut while being read");
                    }
                }
            } catch (IOException e) {
                throw new CaptureException(data.name(), "", "cannot read: " + e.getMessage(), e);
            }
            buffer.clear();
            first = s;
            valid = (int) (end - s);
        }

        private long nextSegmentStart(long s) {
            for (Segment g : recording.segments()) {
                if (g.sampleStart() > s) {
                    return g.sampleStart();
                }
            }
            return Long.MAX_VALUE;
        }

        void close() {
            try {
                file.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
    }
}
