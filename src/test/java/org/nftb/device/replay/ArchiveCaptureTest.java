package org.nftb.device.replay;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.config.RunConfig;
import org.nftb.device.StreamStart;
import org.nftb.record.CaptureFixtures;
import org.nftb.sigmf.CaptureException;
import org.nftb.sigmf.FileRegion;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SigMF Archives ({@code .sigmf} tar files) read in place, and Non-Conforming Datasets whose capture segments are
 * preceded by {@code core:header_bytes}. The archives are written by Apache Commons Compress (independently of the
 * reader under test); the datasets are built here byte by byte, so every expected sample is known without the reader.
 */
class ArchiveCaptureTest {
    private static final Path LOGO_DATA = ForeignCaptureTest.LOGO.resolveSibling("logo_sigmf_logo.sigmf-data");

    /** The spec's example layout: cu8, two segments of 500 and 300 samples, each after a 4-byte header of 0xFF. */
    private static Path nonConforming(Path dir, long secondHeader) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(4 + 1000 + 4 + 600);
        b.put(new byte[] {-1, -1, -1, -1});
        for (int k = 0; k < 800; k++) {
            if (k == 500) {
                b.put(new byte[] {-1, -1, -1, -1});
            }
            b.put((byte) (k * 3)).put((byte) (k * 5 + 1));
        }
        Files.write(dir.resolve("non-conforming-dataset-01.dat"), b.array());
        Path meta = dir.resolve("ncd.sigmf-meta");
        Files.writeString(meta, "{\"global\":{\"core:datatype\":\"cu8\",\"core:version\":\"1.2.0\",\"core:sample_rate\":"
                + "1000,\"core:dataset\":\"non-conforming-dataset-01.dat\"},\"captures\":[{\"core:sample_start\":0,"
                + "\"core:header_bytes\":4},{\"core:sample_start\":500,\"core:header_bytes\":" + secondHeader + "}],"
                + "\"annotations\":[]}");
        return meta;
    }

    @Test
    void theHeaderBytesOfEachSegmentAreSkippedAndNeverReadAsSamples(@TempDir Path dir) throws Exception {
        Capture c = Capture.open(nonConforming(dir, 4));
        assertEquals(800, c.sampleCount(), "1608 bytes less two 4-byte headers, 2 bytes a sample");
        assertEquals(1008, c.reference().segments().get(1).byteOffset(), "the specification's own figure");
        float[][] all = ForeignCaptureTest.read(c, 0, 800);
        float[][] across = ForeignCaptureTest.read(c, 497, 6);   // a read spanning the second header
        for (int k = 0; k < 800; k++) {
            float i = (((k * 3) & 0xff) - 128) / 128f;
            float q = (((k * 5 + 1) & 0xff) - 128) / 128f;
            assertEquals(i, all[0][2 * k], 0f, "I of sample " + k);
            assertEquals(q, all[0][2 * k + 1], 0f, "Q of sample " + k);
            if (k >= 497 && k < 503) {
                assertEquals(i, across[0][2 * (k - 497)], 0f, "I of sample " + k + " read across the header");
                assertEquals(q, across[0][2 * (k - 497) + 1], 0f, "Q of sample " + k + " read across the header");
            }
        }
    }

    @Test
    void interleavedChannelsWithHeadersAndTrailingBytesKeepEverySampleInPlace(@TempDir Path dir) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(16 + 100 * 8 + 6 + 50 * 8 + 10).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[16]);
        for (int k = 0; k < 150; k++) {
            if (k == 100) {
                b.put(new byte[] {9, 9, 9, 9, 9, 9});
            }
            for (int ch = 0; ch < 2; ch++) {
                b.putShort((short) (1000 * ch + k)).putShort((short) (-k - 7 * ch));
            }
        }
        b.put(new byte[10]);
        ForeignCaptureTest.write(dir, "two", "\"core:datatype\":\"ci16_le\",\"core:num_channels\":2,"
                + "\"core:sample_rate\":1000,\"core:trailing_bytes\":10", "", b.array());
        Path meta = dir.resolve("two.sigmf-meta");
        Files.writeString(meta, Files.readString(meta).replace("[{\"core:sample_start\":0}]",
                "[{\"core:sample_start\":0,\"core:header_bytes\":16},{\"core:sample_start\":100,"
                        + "\"core:header_bytes\":6}]"));
        Capture c = Capture.open(meta);
        assertEquals(150, c.sampleCount());
        float[][] s = ForeignCaptureTest.read(c, 0, 150);
        for (int k = 0; k < 150; k++) {
            for (int ch = 0; ch < 2; ch++) {
                assertEquals((1000 * ch + k) / 32768f, s[ch][2 * k], 0f, "I of channel " + ch + " sample " + k);
                assertEquals((-k - 7 * ch) / 32768f, s[ch][2 * k + 1], 0f, "Q of channel " + ch + " sample " + k);
            }
        }
    }

    @Test
    void headerBytesBeyondTheSegmentAreRefusedNamingTheFileTheFieldAndTheByteOffset(@TempDir Path dir)
            throws Exception {
        Path meta = nonConforming(dir, 2000);
        CaptureException e = assertThrows(CaptureException.class, () -> Capture.open(meta));
        assertTrue(e.getMessage().startsWith(meta + ": captures[1].core:header_bytes: 2000 header bytes from byte "
                + "offset 1004 of " + dir.resolve("non-conforming-dataset-01.dat")), e.getMessage());
    }

    /** The SigMF project's example packed as archives are usually laid out ({@code N/N.sigmf-meta}), long names. */
    private static Path logoArchive(Path dir, String name) throws Exception {
        Path archive = dir.resolve("logo.sigmf");
        try (OutputStream out = Files.newOutputStream(archive);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.putArchiveEntry(new TarArchiveEntry(name + "/"));
            tar.closeArchiveEntry();
            byte[] readme = "not part of SigMF: an archive may hold other files".getBytes();
            TarArchiveEntry extra = new TarArchiveEntry(name + "/" + name + ".README");
            extra.setSize(readme.length);
            tar.putArchiveEntry(extra);
            tar.write(readme);
            tar.closeArchiveEntry();
            for (Path f : List.of(ForeignCaptureTest.LOGO, LOGO_DATA)) {
                String ext = f.toString().substring(f.toString().lastIndexOf('.'));
                tar.putArchiveEntry(new TarArchiveEntry(f.toFile(), name + "/" + name + ext));
                Files.copy(f, tar);
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }

    @Test
    void theSigmfExampleInAnArchiveReadsTheSameSamplesInPlaceWithItsHashVerified(@TempDir Path dir) throws Exception {
        String name = "logo_" + "x".repeat(60);   // member paths beyond ustar's 100 bytes: a pax header each
        Path archive = logoArchive(dir, name);
        Capture plain = Capture.open(ForeignCaptureTest.LOGO);
        Capture packed = Capture.open(archive);
        FileRegion data = packed.reference().data();
        assertTrue(data.inArchive() && data.file().equals(archive) && data.length() == Files.size(LOGO_DATA),
                data.toString());
        assertEquals(List.of(archive), listFiles(dir), "nothing unpacked beside it");
        assertEquals(plain.sampleCount(), packed.sampleCount());
        assertEquals(plain.reference().annotations(), packed.reference().annotations());
        for (long at : new long[] {0, 6000, 100_000, 200_001, 287_990}) {
            float[][] a = ForeignCaptureTest.read(plain, at, 10);
            float[][] b = ForeignCaptureTest.read(packed, at, 10);
            for (int ch = 0; ch < 2; ch++) {
                assertArrayEquals(a[ch], b[ch], "channel " + ch + " at " + at);
            }
        }
    }

    private static List<Path> listFiles(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void aTruncatedOrDamagedArchiveIsRefusedNamingTheFileAndTheByteOffset(@TempDir Path dir) throws Exception {
        Path archive = logoArchive(dir, "logo");
        byte[] whole = Files.readAllBytes(archive);
        FileRegion data = Capture.open(archive).reference().data();
        Path cut = dir.resolve("cut.sigmf");
        Files.write(cut, Arrays.copyOf(whole, (int) data.offset() + 5000));
        CaptureException e = assertThrows(CaptureException.class, () -> Capture.open(cut));
        assertEquals(cut + ": member 'logo/logo.sigmf-data' holds 1152000 bytes from byte " + data.offset()
                + " but the archive ends at byte " + (data.offset() + 5000) + ": the archive is truncated",
                e.getMessage());
        Files.write(cut, Arrays.copyOf(whole, (int) (data.offset() + data.length() + 511) / 512 * 512));
        e = assertThrows(CaptureException.class, () -> Capture.open(cut));
        assertTrue(e.getMessage().startsWith(cut + ": ends at byte ") && e.getMessage().contains("end-of-archive"),
                e.getMessage());
        byte[] damaged = whole.clone();
        long header = data.offset() - 512;
        damaged[(int) header + 3] ^= 0x20;   // one bit of the data member's name
        Files.write(cut, damaged);
        e = assertThrows(CaptureException.class, () -> Capture.open(cut));
        assertTrue(e.getMessage().startsWith(cut + ": the tar header at byte " + header + " has checksum "),
                e.getMessage());
        FileRegion meta = Capture.open(archive).reference().meta();
        byte[] badJson = whole.clone();
        badJson[(int) meta.offset() + 40] = '}';   // inside the global object: the JSON ends too early
        Files.write(cut, badJson);
        e = assertThrows(CaptureException.class, () -> Capture.open(cut));
        assertTrue(e.getMessage().startsWith(cut + "[logo/logo.sigmf-meta]: not valid JSON at line ")
                && e.getMessage().contains(" of cut.sigmf)"), e.getMessage());
    }

    @Test
    void aPackedRecordingReplaysBitForBitAsItsDirectoryAndPackNeverOverwrites(@TempDir Path dir) throws Exception {
        String yaml = CaptureFixtures.smallArrayYaml(2, "linear");
        RunConfig cfg = CaptureFixtures.config(yaml);
        CaptureFixtures.record(dir.resolve("cap"), yaml, 1000, 37);
        Path archive = dir.resolve("cap.sigmf");
        Capture packed = CapturePacker.pack(dir.resolve("cap"), archive);
        assertEquals(8, packed.recordings().size());
        assertTrue(packed.isNftb() && packed.calibration() != null, "the nftb namespace comes along");
        Map<Long, float[]> want;
        Map<Long, float[]> got;
        try (ReplayDevice r = ReplayDevice.open(Capture.open(dir.resolve("cap")), cfg,
                ReplayDeviceTest.max(dir.resolve("cap")))) {
            r.startStreaming(StreamStart.NOW);
            want = ReplayDeviceTest.drain(r, 101, new ArrayList<>(), Long.MAX_VALUE);
        }
        try (ReplayDevice r = ReplayDevice.open(packed, cfg, ReplayDeviceTest.max(archive))) {
            r.startStreaming(StreamStart.NOW);
            got = ReplayDeviceTest.drain(r, 64, new ArrayList<>(), Long.MAX_VALUE);
        }
        assertEquals(1000, want.size());
        assertEquals(want.keySet(), got.keySet());
        for (long k : want.keySet()) {
            assertArrayEquals(want.get(k), got.get(k), "sample " + k);
        }
        CaptureException e = assertThrows(CaptureException.class, () -> CapturePacker.pack(dir.resolve("cap"),
                archive));
        assertTrue(e.getMessage().contains("exists"), e.getMessage());
    }
}
