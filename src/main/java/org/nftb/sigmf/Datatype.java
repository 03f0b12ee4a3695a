package org.nftb.sigmf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Locale;
import java.util.Objects;

/**
 * A SigMF {@code core:datatype}: real or complex, component type and byte order, e.g. {@code cf32_le},
 * {@code ci16_be}, {@code cu8}, {@code ri16_le} (SigMF 1.2 "Dataset Format": {@code (c|r)(f32|f64|i32|i16|u32|u16|i8|u8)},
 * with {@code _le}/{@code _be} required for components wider than one byte and absent for 8-bit ones).
 *
 * <p><b>Scaling.</b> SigMF leaves the scale of integer samples to the application. nftb reads them as fractions of
 * full scale, the convention of sigmf-python and of UHD's sc16 ↔ fc32 conversion: signed {@code v / 2^(b−1)},
 * unsigned (offset binary, e.g. RTL-SDR's cu8) {@code (v − 2^(b−1)) / 2^(b−1)}, both in [−1, 1); then multiplied by
 * the recording's full scale ({@code nftb:full_scale}, 1 when absent), so an nftb ci16 recording replays in the
 * units it was recorded in. Float components are read as they are (times the full scale, 1 unless given). Real
 * datatypes read as complex samples with a zero imaginary part.
 *
 * <p>Immutable and thread-safe; {@link #decode} and {@link #encode} allocate nothing.
 */
public final class Datatype {
    /** Component types with their width in bytes. */
    public enum Component {
        F32(4), F64(8), I32(4), I16(2), I8(1), U32(4), U16(2), U8(1);

        private final int bytes;

        Component(int bytes) {
            this.bytes = bytes;
        }

        public int bytes() {
            return bytes;
        }

        boolean isFloat() {
            return this == F32 || this == F64;
        }
    }

    /** The default of nftb recordings: complex float32, little-endian (exact: replay is bit for bit). */
    public static final Datatype CF32_LE = parse("cf32_le");
    /** The compact option of nftb recordings: complex int16, little-endian, scaled by {@code nftb:full_scale}. */
    public static final Datatype CI16_LE = parse("ci16_le");

    private final String name;
    private final boolean complex;
    private final Component component;
    private final ByteOrder order;

    private Datatype(String name, boolean complex, Component component, ByteOrder order) {
        this.name = name;
        this.complex = complex;
        this.component = component;
        this.order = order;
    }

    /**
     * Parses a {@code core:datatype} value.
     *
     * @throws IllegalArgumentException naming the value and the forms SigMF allows
     */
    public static Datatype parse(String text) {
        String allowed = "expected (c|r)(f32|f64|i32|i16|u32|u16|i8|u8) with _le or _be for components wider than "
                + "8 bits, e.g. cf32_le, ci16_le, ci8, cu8, ri16_le";
        if (text == null || text.length() < 3) {
            throw new IllegalArgumentException("unknown datatype '" + text + "'; " + allowed);
        }
        char kind = text.charAt(0);
        if (kind != 'c' && kind != 'r') {
            throw new IllegalArgumentException("unknown datatype '" + text + "'; " + allowed);
        }
        String rest = text.substring(1);
        String suffix = "";
        int underscore = rest.indexOf('_');
        if (underscore >= 0) {
            suffix = rest.substring(underscore);
            rest = rest.substring(0, underscore);
        }
        Component component;
        try {
            component = Component.valueOf(rest.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown datatype '" + text + "'; " + allowed);
        }
        ByteOrder order;
        switch (suffix) {
            case "_le" -> order = ByteOrder.LITTLE_ENDIAN;
            case "_be" -> order = ByteOrder.BIG_ENDIAN;
            case "" -> {
                if (component.bytes() > 1) {
                    throw new IllegalArgumentException("datatype '" + text + "' has no byte order; " + allowed);
                }
                order = ByteOrder.LITTLE_ENDIAN;   // irrelevant for one byte
            }
            default -> throw new IllegalArgumentException("unknown datatype '" + text + "'; " + allowed);
        }
        return new Datatype(text, kind == 'c', component, order);
    }

    public String name() {
        return name;
    }

    public boolean complex() {
        return complex;
    }

    public Component component() {
        return component;
    }

    public ByteOrder order() {
        return order;
    }

    /** Bytes of one sample of one channel (both components when complex). */
    public int sampleBytes() {
        return (complex ? 2 : 1) * component.bytes();
    }

    /** The factor from a stored component value to full-scale units (1 for floats). */
    private float unitScale() {
        return component.isFloat() ? 1f : (float) (1.0 / (1L << (8 * component.bytes() - 1)));
    }

    /**
     * Decodes {@code count} samples into interleaved cf32 {@code dst[dstOff …]} (float index). Sample i's first byte
     * is at absolute byte {@code at + i·strideBytes} of {@code src} (stride: the sample size for one channel, the
     * size times {@code core:num_channels} for interleaved channels). Values are scaled to full-scale units and
     * multiplied by {@code fullScale} (see the class comment); a real datatype writes 0 as the imaginary part.
     *
     * @param src     bytes; its byte order must be {@link #order()}
     * @param f32View {@code src.duplicate().order(order()).asFloatBuffer()} made once by the caller (lets cf32 copy
     *                in bulk), or null
     */
    public void decode(ByteBuffer src, FloatBuffer f32View, int at, int strideBytes, int count, float[] dst,
                       int dstOff, float fullScale) {
        if (complex && component == Component.F32 && strideBytes == 8 && f32View != null && (at & 3) == 0
                && f32View.order() == order) {
            f32View.get(at >> 2, dst, dstOff, 2 * count);
            if (fullScale != 1f) {
                for (int i = dstOff, end = dstOff + 2 * count; i < end; i++) {
                    dst[i] *= fullScale;
                }
            }
            return;
        }
        if (src.order() != order) {
            throw new IllegalArgumentException("decode " + name + ": the buffer must be in " + order + " order");
        }
        ByteBuffer b = src;
        float scale = unitScale() * fullScale;
        int w = component.bytes();
        for (int i = 0; i < count; i++) {
            int p = at + i * strideBytes;
            dst[dstOff + 2 * i] = component(b, p) * scale;
            dst[dstOff + 2 * i + 1] = complex ? component(b, p + w) * scale : 0f;
        }
    }

    private float component(ByteBuffer b, int p) {
        return switch (component) {
            case F32 -> b.getFloat(p);
            case F64 -> (float) b.getDouble(p);
            case I32 -> (float) b.getInt(p);
            case I16 -> b.getShort(p);
            case I8 -> b.get(p);
            case U32 -> (float) ((b.getInt(p) & 0xFFFFFFFFL) - (1L << 31));
            case U16 -> (b.getShort(p) & 0xFFFF) - 32768;
            case U8 -> (b.get(p) & 0xFF) - 128;
        };
    }

    /**
     * Encodes {@code count} interleaved cf32 samples from {@code src[srcOff …]} at absolute byte {@code at} of
     * {@code dst} (contiguous). Only the datatypes nftb records: cf32 (exact, {@code fullScale} ignored) and ci16
     * ({@code round(v / fullScale · 32768)}, clipped to the int16 range, so that {@link #decode} gives back v to
     * within half a step of {@code fullScale / 32768}).
     *
     * @param dst     a buffer whose byte order is this datatype's
     * @param f32View {@code dst.asFloatBuffer()} made once by the caller, for cf32
     * @return components that were clipped (0 for cf32)
     */
    public int encode(float[] src, int srcOff, int count, ByteBuffer dst, FloatBuffer f32View, int at,
                      float fullScale) {
        if (!complex || (component != Component.F32 && component != Component.I16)) {
            throw new IllegalArgumentException("nftb records cf32_le or ci16_le, not " + name);
        }
        if (component == Component.F32) {
            f32View.put(at >> 2, src, srcOff, 2 * count);
            return 0;
        }
        float k = 32768f / fullScale;
        int clipped = 0;
        for (int i = 0; i < 2 * count; i++) {
            float v = src[srcOff + i] * k;
            int q = Math.round(v);
            if (q > Short.MAX_VALUE || q < Short.MIN_VALUE || Float.isNaN(v)) {
                clipped++;
                q = Float.isNaN(v) ? 0 : q > 0 ? Short.MAX_VALUE : Short.MIN_VALUE;
            }
            dst.putShort(at + 2 * i, (short) q);
        }
        return clipped;
    }

    /** Same kind, component and byte order (8-bit types have none: {@code ci8} equals itself only). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Datatype d && d.complex == complex && d.component == component && d.order.equals(order);
    }

    @Override
    public int hashCode() {
        return Objects.hash(complex, component, order.toString());
    }

    @Override
    public String toString() {
        return name;
    }
}
