package org.nftb.device.replay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.device.RxBuffer;
import org.nftb.sigmf.CaptureException;
import org.nftb.sigmf.SigmfFiles;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SigMF written by other tools: the SigMF project's own example recording, and recordings built here from the
 * specification's examples for every datatype nftb must read, single-channel, interleaved and as Collections. Every
 * sample is compared with a value known independently of the reader (numpy, or the bytes this test writes).
 */
class ForeignCaptureTest {
    static final Path LOGO = Path.of("src/test/resources/sigmf/logo_sigmf_logo.sigmf-meta");

    static float[][] read(Capture c, long first, int count) {
        RxBuffer b = new RxBuffer(c.channelCount(), count);
        try (CaptureSamples s = new CaptureSamples(c)) {
            s.read(first, count, b);
        }
        float[][] out = new float[c.channelCount()][];
        for (int ch = 0; ch < out.length; ch++) {
            out[ch] = java.util.Arrays.copyOf(b.channel(ch), 2 * count);
        }
        return out;
    }

    static Path write(Path dir, String name, String global, String extra, byte[] data) throws Exception {
        Path meta = dir.resolve(name + SigmfFiles.META);
        Files.writeString(meta, "{\"global\":{\"core:version\":\"1.2.0\"," + global + "},\"captures\":"
                + "[{\"core:sample_start\":0}],\"annotations\":[" + extra + "]}");
        Files.write(dir.resolve(name + SigmfFiles.DATA), data);
        return meta;
    }

    @Test
    void theSigmfProjectsOwnExampleReadsWithItsHashAnnotationsAndSamples() {
        Capture c = Capture.open(LOGO);
        Recording r = c.reference();
        assertEquals(2, c.channelCount());
        assertEquals("ri16_le", r.datatype().name());
        assertEquals(288_000, c.sampleCount());
        assertEquals(48_000.0, c.sampleRateHz());
        List<String> comments = r.annotations().stream().map(a -> a.get("core:comment").asText()).toList();
        assertEquals(List.of("logo warmup", "logo spinup", "logo steady"), comments);
        assertEquals(186_000, r.annotations().get(2).get("core:sample_start").asLong());
        assertEquals("Kyle Logue, K6OF", r.global().get("core:author").asText(), "fields nftb does not use are kept");
        // values read with numpy.fromfile(dtype='<i2').reshape(-1, 2), independently of this reader
        long[] at = {0, 6000, 100000, 200001, 287999};
        int[][] want = {{-1, 0}, {2, -2}, {8819, -2067}, {6185, 4520}, {1, 0}};
        for (int i = 0; i < at.length; i++) {
            float[][] s = read(c, at[i], 1);
            assertEquals(want[i][0] / 32768f, s[0][0], 0f, "channel 0 at " + at[i]);
            assertEquals(want[i][1] / 32768f, s[1][0], 0f, "channel 1 at " + at[i]);
            assertEquals(0f, s[0][1], "a real datatype has no imaginary part");
        }
    }

    @Test
    void aChangedByteIsCaughtByTheSha512AndATruncatedFileIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path meta = dir.resolve("logo.sigmf-meta");
        Files.copy(LOGO, meta);
        byte[] data = Files.readAllBytes(LOGO.resolveSibling("logo_sigmf_logo.sigmf-data"));
        data[500_000] ^= 1;
        Files.write(dir.resolve("logo.sigmf-data"), data);
        CaptureException e = assertThrows(CaptureException.class, () -> Capture.open(meta));
        assertTrue(e.getMessage().startsWith(meta + ": global.core:sha512: ") && e.getMessage().contains("changed"),
                e.getMessage());
        Files.write(dir.resolve("logo.sigmf-data"), java.util.Arrays.copyOf(data, data.length - 3));
        e = assertThrows(CaptureException.class, () -> Capture.open(meta));
        assertTrue(e.getMessage().contains("logo.sigmf-data") && e.getMessage().contains("truncated")
                && e.getMessage().contains("1151997 bytes"), e.getMessage());
    }

    /** One datatype: its name, how this test encodes component value v (an integer or float), and v's reading. */
    private record Case(String type, int componentBytes, boolean integer, boolean unsigned, ByteOrder order) {
        float valueOf(int k) {   // a pattern exercising sign and magnitude, inside every component's range
            int v = ((k * 37) % 101) - 50;
            return integer ? v : v * 0.37f + 1e-3f * k;
        }

        void put(ByteBuffer b, float v) {
            long bits = integer ? (long) v + (unsigned ? 1L << (8 * componentBytes - 1) : 0) : 0;
            switch (componentBytes) {
                case 1 -> b.put((byte) bits);
                case 2 -> b.putShort((short) bits);
                case 4 -> {
                    if (integer) {
                        b.putInt((int) bits);
                    } else {
                        b.putFloat(v);
                    }
                }
                default -> b.putDouble(v);
            }
        }

        float expected(float v) {
            return integer ? (float) (v / Math.pow(2, 8 * componentBytes - 1)) : v;
        }
    }

    @Test
    void everyDatatypeInEitherByteOrderReadsTheValuesItWasWrittenWith(@TempDir Path dir) throws Exception {
        Case[] cases = {
            new Case("cf32_le", 4, false, false, ByteOrder.LITTLE_ENDIAN),
            new Case("cf32_be", 4, false, false, ByteOrder.BIG_ENDIAN),
            new Case("cf64_be", 8, false, false, ByteOrder.BIG_ENDIAN),
            new Case("ci16_le", 2, true, false, ByteOrder.LITTLE_ENDIAN),
            new Case("ci16_be", 2, true, false, ByteOrder.BIG_ENDIAN),
            new Case("ci32_be", 4, true, false, ByteOrder.BIG_ENDIAN),
            new Case("ci8", 1, true, false, ByteOrder.LITTLE_ENDIAN),
            new Case("cu8", 1, true, true, ByteOrder.LITTLE_ENDIAN),
            new Case("cu16_le", 2, true, true, ByteOrder.LITTLE_ENDIAN),
        };
        int n = 300;
        for (Case t : cases) {
            ByteBuffer b = ByteBuffer.allocate(2 * n * t.componentBytes()).order(t.order());
            for (int k = 0; k < n; k++) {
                t.put(b, t.valueOf(k));
                t.put(b, -t.valueOf(k + 7));
            }
            Path meta = write(dir, "x-" + t.type(), String.format(Locale.ROOT, "\"core:datatype\":\"%s\","
                    + "\"core:sample_rate\":1e6,\"core:sha512\":\"%s\"", t.type(),
                    SigmfFiles.hex(SigmfFiles.sha512().digest(b.array()))), "", b.array());
            Capture c = Capture.open(meta);
            assertEquals(n, c.sampleCount(), t.type());
            float[] got = read(c, 0, n)[0];
            for (int k = 0; k < n; k++) {
                assertEquals(t.expected(t.valueOf(k)), got[2 * k], 0f, t.type() + " re " + k);
                assertEquals(t.expected(-t.valueOf(k + 7)), got[2 * k + 1], 0f, t.type() + " im " + k);
            }
        }
    }

    @Test
    void interleavedChannelsAndCollectionsGiveEachChannelItsOwnSamples(@TempDir Path dir) throws Exception {
        // core:num_channels 3, ci16_be: sample k of channel c = (100 k + c, -(100 k + c)) / 32768
        ByteBuffer b = ByteBuffer.allocate(50 * 3 * 4).order(ByteOrder.BIG_ENDIAN);
        for (int k = 0; k < 50; k++) {
            for (int c = 0; c < 3; c++) {
                b.putShort((short) (100 * k + c)).putShort((short) -(100 * k + c));
            }
        }
        Path inter = write(dir, "inter", "\"core:datatype\":\"ci16_be\",\"core:sample_rate\":8000,"
                + "\"core:num_channels\":3", "", b.array());
        Capture ic = Capture.open(inter);
        assertEquals(3, ic.channelCount());
        float[][] s = read(ic, 10, 5);
        for (int c = 0; c < 3; c++) {
            for (int k = 0; k < 5; k++) {
                assertEquals((100 * (10 + k) + c) / 32768f, s[c][2 * k], 0f);
                assertEquals(-(100 * (10 + k) + c) / 32768f, s[c][2 * k + 1], 0f);
            }
        }
        // a Collection of two recordings of different datatypes, listed in reverse channel order
        byte[] ch0 = new byte[40];   // ci8: sample k = (k, -k)
        byte[] ch1 = new byte[40];   // cu8: sample k = (128 + 2k, 128 - 2k) = (2k, -2k) offset binary
        for (int k = 0; k < 20; k++) {
            ch0[2 * k] = (byte) k;
            ch0[2 * k + 1] = (byte) -k;
            ch1[2 * k] = (byte) (128 + 2 * k);
            ch1[2 * k + 1] = (byte) (128 - 2 * k);
        }
        Path m0 = write(dir, "arr-a", "\"core:datatype\":\"ci8\",\"core:sample_rate\":8000,\"spatial:num_elements\":2,"
                + "\"spatial:channel_index\":0", "", ch0);
        Path m1 = write(dir, "arr-b", "\"core:datatype\":\"cu8\",\"core:sample_rate\":8000,\"spatial:num_elements\":2,"
                + "\"spatial:channel_index\":1", "", ch1);
        for (boolean tuples : new boolean[] {false, true}) {
            String s1 = stream("arr-b", SigmfFiles.sha512Hex(m1), tuples);
            String s0 = stream("arr-a", SigmfFiles.sha512Hex(m0), tuples);
            Path col = dir.resolve("arr" + tuples + SigmfFiles.COLLECTION);
            Files.writeString(col, "{\"collection\":{\"core:version\":\"1.2.0\",\"core:streams\":[" + s1 + "," + s0
                    + "],\"spatial:element_geometry\":[{\"point\":[0,0.1,0]},{\"point\":[0,-0.1,0]}]}}");
            Capture cc = Capture.open(col);
            assertEquals(2, cc.channelCount());
            float[][] v = read(cc, 3, 4);
            for (int k = 0; k < 4; k++) {
                assertEquals((3 + k) / 128f, v[0][2 * k], 0f, "channel 0 is arr-a (channel_index 0)");
                assertEquals(-(3 + k) / 128f, v[0][2 * k + 1], 0f);
                assertEquals(2 * (3 + k) / 128f, v[1][2 * k], 0f, "channel 1 is arr-b");
                assertEquals(-2 * (3 + k) / 128f, v[1][2 * k + 1], 0f);
            }
        }
        // a recording changed after the collection was written
        Files.writeString(m1, Files.readString(m1).replace("8000", "8000.0"));
        Path col = dir.resolve("arrfalse" + SigmfFiles.COLLECTION);
        CaptureException e = assertThrows(CaptureException.class, () -> Capture.open(col));
        assertTrue(e.getMessage().contains("core:streams[0].hash") && e.getMessage().contains("arr-b.sigmf-meta"),
                e.getMessage());
    }

    private static String stream(String name, String hash, boolean tuple) {
        return tuple ? "[\"" + name + "\",\"" + hash + "\"]" : "{\"name\":\"" + name + "\",\"hash\":\"" + hash + "\"}";
    }

    @Test
    void badMetadataIsAClearErrorNamingTheFileAndField(@TempDir Path dir) throws Exception {
        byte[] eight = new byte[8];
        Path outside = write(dir, "o", "\"core:datatype\":\"cf33_le\",\"core:sample_rate\":1", "", eight);
        CaptureException e = assertThrows(CaptureException.class, () -> Capture.open(outside));
        assertTrue(e.getMessage().startsWith(outside + ": ") && e.getMessage().contains("global.core:datatype")
                && e.getMessage().contains("pattern"), "the schema's own pattern: " + e.getMessage());
        // the schema's pattern has no end anchor; nftb's parser names what it does not understand
        Path unknown = write(dir, "u", "\"core:datatype\":\"cf32_xe\",\"core:sample_rate\":1", "", eight);
        e = assertThrows(CaptureException.class, () -> Capture.open(unknown));
        assertTrue(e.getMessage().startsWith(unknown + ": global.core:datatype: unknown datatype 'cf32_xe'"),
                e.getMessage());
        Path missing = write(dir, "m", "\"core:sample_rate\":1", "", eight);
        e = assertThrows(CaptureException.class, () -> Capture.open(missing));
        assertTrue(e.getMessage().startsWith(missing + ": ") && e.getMessage().contains("core:datatype"),
                e.getMessage());
        Path beyond = write(dir, "b", "\"core:datatype\":\"cf32_le\",\"core:sample_rate\":1",
                "{\"core:sample_start\":0,\"core:sample_count\":5}", new byte[32]);
        e = assertThrows(CaptureException.class, () -> Capture.open(beyond));
        assertTrue(e.getMessage().contains("covers samples 0..5 but the dataset holds 4"), e.getMessage());
        Path required = write(dir, "r", "\"core:datatype\":\"cf32_le\",\"core:sample_rate\":1,\"core:extensions\":"
                + "[{\"name\":\"secret\",\"version\":\"1.0.0\",\"optional\":false}]", "", eight);
        e = assertThrows(CaptureException.class, () -> Capture.open(required));
        assertTrue(e.getMessage().contains("global.core:extensions[0]") && e.getMessage().contains("'secret'"),
                e.getMessage());
        Path noData = dir.resolve("n" + SigmfFiles.META);
        Files.writeString(noData, Files.readString(unknown).replace("cf32_xe", "cf32_le"));
        e = assertThrows(CaptureException.class, () -> Capture.open(noData));
        assertTrue(e.getMessage().contains("n.sigmf-data does not exist"), e.getMessage());
    }

    @Test
    void extensionsNftbDoesNotKnowAreKeptInTheRecordingAsRead(@TempDir Path dir) throws Exception {
        Path meta = write(dir, "k", "\"core:datatype\":\"cf32_le\",\"core:sample_rate\":1,\"antenna:gain\":6.5,"
                + "\"core:extensions\":[{\"name\":\"antenna\",\"version\":\"1.0.0\",\"optional\":true}]",
                "{\"core:sample_start\":1,\"acme:tag\":{\"x\":[1,2]}}", new byte[16]);
        Recording r = Capture.open(meta).reference();
        assertEquals(6.5, r.global().get("antenna:gain").asDouble());
        assertEquals("[1,2]", r.annotations().get(0).get("acme:tag").get("x").toString());
    }
}
