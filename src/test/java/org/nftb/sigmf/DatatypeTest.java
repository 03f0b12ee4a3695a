package org.nftb.sigmf;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatatypeTest {

    private static float[] decode(Datatype t, ByteBuffer b, int stride, int count) {
        float[] out = new float[2 * count];
        FloatBuffer view = b.duplicate().order(t.order()).asFloatBuffer();
        t.decode(b.order(t.order()), view, 0, stride, count, out, 0, 1f);
        return out;
    }

    @Test
    void everyCoreDatatypeNameParsesAndMalformedOnesAreRefusedWithTheAllowedForms() {
        for (String kind : new String[] {"c", "r"}) {
            for (String comp : new String[] {"f32", "f64", "i32", "i16", "u32", "u16"}) {
                assertEquals(ByteOrder.LITTLE_ENDIAN, Datatype.parse(kind + comp + "_le").order());
                assertEquals(ByteOrder.BIG_ENDIAN, Datatype.parse(kind + comp + "_be").order());
            }
            assertEquals(1, Datatype.parse(kind + "i8").component().bytes());
            assertEquals(1, Datatype.parse(kind + "u8").component().bytes());
        }
        assertTrue(Datatype.parse("cf32_le").complex());
        assertFalse(Datatype.parse("ri16_le").complex());
        assertEquals(8, Datatype.parse("cf32_be").sampleBytes());
        assertEquals(2, Datatype.parse("ri16_le").sampleBytes());
        for (String bad : new String[] {"cf33_le", "cf32", "ci16", "xf32_le", "cf32_me", "", "c"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datatype.parse(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("cf32_le"), e.getMessage());
        }
        assertEquals(Datatype.parse("cf32_le"), Datatype.CF32_LE);
        assertFalse(Datatype.parse("cf32_be").equals(Datatype.CF32_LE));
    }

    @Test
    void integerSamplesReadAsFractionsOfFullScaleSignedAndOffsetBinary() {
        // values written independently with explicit byte orders
        ByteBuffer ci16be = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putShort((short) 16384)
                .putShort((short) -32768).putShort((short) 1).putShort((short) 32767);
        assertArrayEquals(new float[] {0.5f, -1f, 1f / 32768, 32767f / 32768}, decode(Datatype.parse("ci16_be"),
                ci16be.flip(), 4, 2));
        ByteBuffer ci16le = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) -16384)
                .putShort((short) 8192);
        assertArrayEquals(new float[] {-0.5f, 0.25f}, decode(Datatype.parse("ci16_le"), ci16le.flip(), 4, 1));
        ByteBuffer ci8 = ByteBuffer.wrap(new byte[] {64, -128, -1, 127});
        assertArrayEquals(new float[] {0.5f, -1f, -1f / 128, 127f / 128}, decode(Datatype.parse("ci8"), ci8, 2, 2));
        // RTL-SDR style offset binary: 128 is zero
        ByteBuffer cu8 = ByteBuffer.wrap(new byte[] {(byte) 128, (byte) 192, 0, (byte) 255});
        assertArrayEquals(new float[] {0f, 0.5f, -1f, 127f / 128}, decode(Datatype.parse("cu8"), cu8, 2, 2));
        ByteBuffer cu16be = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putShort((short) 0xC000)
                .putShort((short) 0x4000);
        assertArrayEquals(new float[] {0.5f, -0.5f}, decode(Datatype.parse("cu16_be"), cu16be.flip(), 4, 1));
        ByteBuffer ci32le = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(1 << 30).putInt(-(1 << 29));
        assertArrayEquals(new float[] {0.5f, -0.25f}, decode(Datatype.parse("ci32_le"), ci32le.flip(), 8, 1));
        ByteBuffer cu32le = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0xC0000000).putInt(0);
        assertArrayEquals(new float[] {0.5f, -1f}, decode(Datatype.parse("cu32_le"), cu32le.flip(), 8, 1));
    }

    @Test
    void floatSamplesAreExactInEitherByteOrderAndRealOnesGetAZeroImaginaryPart() {
        ByteBuffer be = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putFloat(1.25f).putFloat(-3.5e-7f)
                .putFloat(Float.MIN_VALUE).putFloat(-0f);
        float[] got = decode(Datatype.parse("cf32_be"), be.flip(), 8, 2);
        assertArrayEquals(new float[] {1.25f, -3.5e-7f, Float.MIN_VALUE, -0f}, got);
        ByteBuffer f64 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1).putDouble(-2);
        assertArrayEquals(new float[] {0.1f, -2f}, decode(Datatype.parse("cf64_le"), f64.flip(), 16, 1));
        ByteBuffer ri16 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 8192)
                .putShort((short) -8192);
        assertArrayEquals(new float[] {0.25f, 0f, -0.25f, 0f}, decode(Datatype.parse("ri16_le"), ri16.flip(), 2, 2));
    }

    @Test
    void interleavedChannelsAreReadWithTheirStride() {
        // 3 channels of ci16_be, sample k of channel c = (100k + c, -(100k + c))
        ByteBuffer b = ByteBuffer.allocate(4 * 3 * 4).order(ByteOrder.BIG_ENDIAN);
        for (int k = 0; k < 4; k++) {
            for (int c = 0; c < 3; c++) {
                b.putShort((short) (100 * k + c)).putShort((short) -(100 * k + c));
            }
        }
        b.flip();
        Datatype t = Datatype.parse("ci16_be");
        float[] ch2 = new float[8];
        t.decode(b, null, 2 * 4, 12, 4, ch2, 0, 32768f);   // full scale 32768: the integer values themselves
        assertArrayEquals(new float[] {2, -2, 102, -102, 202, -202, 302, -302}, ch2);
    }

    @Test
    void ci16RecordingRoundTripsWithinHalfAStepAndCountsClippedComponents() {
        float fullScale = 16f;
        float[] x = {0f, 1f, -3.3f, 15.999f, 16f, -17f, 2.5e-4f, Float.NaN};
        ByteBuffer b = ByteBuffer.allocate(4 * 4).order(ByteOrder.LITTLE_ENDIAN);
        int clipped = Datatype.CI16_LE.encode(x, 0, 4, b, null, 0, fullScale);
        assertEquals(3, clipped, "16 maps to 32768 (one past int16), -17 is beyond full scale, NaN is not a number");
        float[] back = new float[8];
        Datatype.CI16_LE.decode(b, null, 0, 4, 4, back, 0, fullScale);
        float step = fullScale / 32768;
        for (int i = 0; i < 7; i++) {
            float want = Math.max(-fullScale, Math.min(fullScale - step, x[i]));
            assertEquals(want, back[i], step / 2 + 1e-7f, "component " + i);
        }
        assertEquals(0f, back[7]);
        ByteBuffer f = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, Datatype.CF32_LE.encode(x, 0, 4, f, f.asFloatBuffer(), 0, 1f));
        float[] exact = new float[8];
        Datatype.CF32_LE.decode(f, f.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer(), 0, 8, 4, exact, 0, 1f);
        assertArrayEquals(x, exact, "cf32 is exact, NaN included");
        assertThrows(IllegalArgumentException.class, () -> Datatype.parse("cu8").encode(x, 0, 1, b, null, 0, 1f));
    }
}
