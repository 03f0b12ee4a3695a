package org.nftb.hardening;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.config.RunConfig;
import org.nftb.device.RxBuffer;
import org.nftb.device.sim.SimulatedArray;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.estimator.Estimators;
import org.nftb.output.JsonLinesSink;
import org.nftb.output.OutputException;
import org.nftb.output.RecordSink;
import org.nftb.pipeline.Pipeline;
import org.nftb.testing.ForwardingDevice;
import org.nftb.testing.TestConfigs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run always ends, and output failures are errors that leave only whole records (issue 7). */
class RunHardeningTest {
    static EstimatorSetup setup;
    static RecordSink.RunInfo info;

    @BeforeAll
    static void tables() {
        RunConfig cfg = TestConfigs.seed001(1, false);
        setup = Estimators.of(cfg.estimator()).setup(cfg);
        info = new RecordSink.RunInfo("t", "t", "sim", "dftmusic", "integrate-and-dump", setup.diagnosticNames(),
                "identity", 1, "live", 8, "disabled", List.of());
    }

    static CalibrationState zeroing() {
        // |w| = 1e50: the inverse weights underflow to zero and every calibrated sample is 0
        double[] w = new double[512];
        Arrays.fill(w, 1e50);
        return new CalibrationState(new CalibrationTable("t", 28e9, Instant.EPOCH, "hostile", w, "hostile.json"));
    }

    @Test
    void cpisCountsConsumedCpisSoARunOfRejectedCpisStillEnds() throws Exception {
        RunConfig cfg = TestConfigs.seed001(31, false);
        Pipeline.RunResult r;
        try (SimulatedArray sim = new SimulatedArray(cfg);
             JsonLinesSink sink = new JsonLinesSink(OutputStream.nullOutputStream(), "null", false)) {
            r = new Pipeline(cfg, sim, zeroing(), setup, sink, null, 3).run(info);
        }
        assertEquals(3, r.health().cpisRejected());
        assertEquals(0, r.health().cpisProcessed());
    }

    @Test
    void aRunWhoseEveryCpiIsRejectedStopsAfterTheConfiguredNumberInARowAndSaysWhy() throws Exception {
        RunConfig base = TestConfigs.seed001(32, false);
        RunConfig cfg = base.withPipeline(new org.nftb.config.PipelineConfig(8, base.pipeline().waitStrategy(),
                base.pipeline().receiveTimeoutNanos(), 2, org.nftb.config.PipelineConfig.RingMode.LOSSLESS, 25,
                base.pipeline().transmitLeadNanos()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Pipeline.RunResult r;
        try (SimulatedArray sim = new SimulatedArray(cfg); JsonLinesSink sink = new JsonLinesSink(out, "memory", false)) {
            r = new Pipeline(cfg, sim, zeroing(), setup, sink, null, Long.MAX_VALUE).run(info);
        }
        assertTrue(r.failed());
        assertTrue(r.deviceFailure().startsWith("every CPI rejected: 25 in a row"), r.deviceFailure());
        assertTrue(r.deviceFailure().contains("holds no signal"), r.deviceFailure());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("\"final\":true"), "a final health record is written");
        long faults = text.lines().filter(l -> l.startsWith("{\"type\":\"fault\"")).count();
        assertTrue(r.health().cpisRejected() >= 25, "stopped once 25 in a row were rejected (a CPI already in "
                + "flight is still written): " + r.health().cpisRejected());
        assertEquals(r.health().cpisRejected() + 1, faults, "one fault per rejected CPI and one for the run");
    }

    @Test
    void aRadioThreadThatDiesOfAnUnexpectedErrorEndsTheRunWithTheError() throws Exception {
        RunConfig cfg = TestConfigs.seed001(33, false);
        ForwardingDevice broken = new ForwardingDevice(new SimulatedArray(cfg)) {
            int calls;

            @Override
            public void receive(RxBuffer buffer, long timeoutNanos) {
                if (++calls > 2) {
                    throw new IllegalStateException("driver bug (test)");
                }
                inner.receive(buffer, timeoutNanos);
            }
        };
        Pipeline.RunResult r;
        try (broken; JsonLinesSink sink = new JsonLinesSink(OutputStream.nullOutputStream(), "null", false)) {
            r = new Pipeline(cfg, broken, new CalibrationState(CalibrationTable.identity(256, "t", 28e9)), setup,
                    sink, null, Long.MAX_VALUE).run(info);
        }
        assertTrue(r.failed());
        assertTrue(r.deviceFailure().contains("driver bug (test)"), r.deviceFailure());
        assertEquals(2, r.health().cpisProcessed(), "the CPIs received before the failure are processed");
    }

    /** A stream like stdout redirected to /dev/full or piped into a reader that has gone: every write fails. */
    static PrintStream failingStdout(String reason) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException(reason);
            }
        }, false);
    }

    @Test
    void recordsToAFullDeviceOrAClosedPipeEndTheRunWithAnError() {
        for (String reason : new String[] {"No space left on device", "Broken pipe"}) {
            RunConfig cfg = TestConfigs.seed001(34, false);
            SimulatedArray sim = new SimulatedArray(cfg);
            JsonLinesSink sink = new JsonLinesSink(failingStdout(reason), "stdout", false);
            OutputException e = assertThrows(OutputException.class, () -> new Pipeline(cfg, sim,
                    new CalibrationState(CalibrationTable.identity(256, "t", 28e9)), setup, sink, null, 10).run(info));
            assertTrue(e.getMessage().contains("stdout"), e.getMessage());
            sim.close();
        }
    }

    @Test
    void aDiskFillingMidRecordLeavesOnlyWholeLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.jsonl");
        FileChannel real = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileChannel filling = new FillingChannel(real, 9_000);
        RunConfig cfg = TestConfigs.seed001(35, false);
        try (SimulatedArray sim = new SimulatedArray(cfg)) {
            JsonLinesSink sink = new JsonLinesSink(filling, file.toString());
            OutputException e = assertThrows(OutputException.class, () -> new Pipeline(cfg, sim,
                    new CalibrationState(CalibrationTable.identity(256, "t", 28e9)), setup, sink, null, 100).run(info));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            sink.close();
        }
        String text = Files.readString(file);
        assertTrue(text.endsWith("\n"), "the file ends with a whole record");
        assertTrue(text.length() < 9_000 && text.lines().count() >= 2, text.length() + " bytes");
        for (String line : text.split("\n")) {
            assertTrue(line.startsWith("{") && line.endsWith("}"), line);
        }
    }

    /** A real file channel on a disk that has {@code capacity} bytes: a write past it writes part, then fails. */
    static final class FillingChannel extends FileChannel {
        private final FileChannel real;
        private final long capacity;

        FillingChannel(FileChannel real, long capacity) {
            this.real = real;
            this.capacity = capacity;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            long room = capacity - real.position();
            if (room <= 0) {
                throw new IOException("No space left on device");
            }
            if (src.remaining() > room) {
                ByteBuffer part = src.duplicate();
                part.limit(part.position() + (int) room);
                int n = real.write(part);
                src.position(src.position() + n);
                return n;   // a short write: the next call fails
            }
            return real.write(src);
        }

        @Override public int read(ByteBuffer dst) throws IOException { return real.read(dst); }
        @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException { return real.read(dsts, offset, length); }
        @Override public long write(ByteBuffer[] srcs, int offset, int length) throws IOException { throw new IOException("not used"); }
        @Override public long position() throws IOException { return real.position(); }
        @Override public FileChannel position(long p) throws IOException { real.position(p); return this; }
        @Override public long size() throws IOException { return real.size(); }
        @Override public FileChannel truncate(long size) throws IOException { real.truncate(size); return this; }
        @Override public void force(boolean metaData) throws IOException { real.force(metaData); }
        @Override public long transferTo(long p, long c, WritableByteChannel t) throws IOException { return real.transferTo(p, c, t); }
        @Override public long transferFrom(ReadableByteChannel s, long p, long c) throws IOException { return real.transferFrom(s, p, c); }
        @Override public int read(ByteBuffer dst, long p) throws IOException { return real.read(dst, p); }
        @Override public int write(ByteBuffer src, long p) throws IOException { throw new IOException("not used"); }
        @Override public MappedByteBuffer map(MapMode m, long p, long s) throws IOException { return real.map(m, p, s); }
        @Override public FileLock lock(long p, long s, boolean sh) throws IOException { return real.lock(p, s, sh); }
        @Override public FileLock tryLock(long p, long s, boolean sh) throws IOException { return real.tryLock(p, s, sh); }
        @Override protected void implCloseChannel() throws IOException { real.close(); }
    }
}
