package org.nftb.device.replay;

import com.fasterxml.jackson.databind.JsonNode;
import org.nftb.sigmf.CaptureException;
import org.nftb.sigmf.FileRegion;
import org.nftb.sigmf.NftbKeys;

import java.util.ArrayList;
import java.util.List;

/**
 * The capture segments of a Recording as replay uses them ({@link Segment}), checked against its dataset.
 *
 * <p>{@code core:header_bytes} (SigMF 1.2, Non-Conforming Datasets): a segment's samples are preceded in the dataset
 * by that many bytes that are not samples, so segment i's first sample lies at byte {@code Σ_{j≤i} header_j +
 * sample_start_i · frame} (the specification's example: two {@code cu8} segments with 4-byte headers, the second
 * at byte 1008 = 500 samples · 2 bytes + 2 · 4). A header that would reach past the samples the dataset holds is an
 * error naming the segment and the byte offset.
 */
final class Segments {
    private Segments() {
    }

    /**
     * Σ {@code core:header_bytes} over the segments, each checked to lie inside the dataset.
     *
     * @param frame    bytes of one sample of every interleaved channel
     * @param trailing {@code core:trailing_bytes}
     */
    static long headerBytes(String file, FileRegion data, JsonNode captures, long frame, long trailing) {
        long sum = 0;
        int i = 0;
        for (JsonNode c : captures) {
            long header = c.path("core:header_bytes").asLong(0);
            long at = sum + c.path("core:sample_start").asLong(0) * frame;
            if (header < 0 || at + header > data.length() - trailing) {
                throw new CaptureException(file, "captures[" + i + "].core:header_bytes", header + " header bytes "
                        + "from byte offset " + at + " of " + data.name() + " run past the end of its samples (byte "
                        + (data.length() - trailing) + "): the header is larger than what the dataset holds there");
            }
            sum += header;
            i++;
        }
        return sum;
    }

    /**
     * The segments (headers already checked by {@link #headerBytes}).
     *
     * @param file  the metadata's name (for messages)
     * @param count samples per channel in the dataset
     * @param frame bytes of one sample of every interleaved channel
     */
    static List<Segment> of(String file, JsonNode captures, long count, double rate, long frame) {
        List<Segment> out = new ArrayList<>();
        long last = -1;
        long headers = 0;
        int i = 0;
        for (JsonNode c : captures) {
            long start = c.get("core:sample_start").asLong();
            if (start < last) {
                throw new CaptureException(file, "captures[" + i + "]", "core:sample_start " + start + " comes after "
                        + last + "; SigMF requires segments sorted by core:sample_start");
            }
            if (start > count || (start == count && count > 0)) {
                throw new CaptureException(file, "captures[" + i + "].core:sample_start", "segment starts at sample "
                        + start + " but the dataset holds " + count + " samples (meta and data do not match)");
            }
            headers += c.path("core:header_bytes").asLong(0);
            long global = c.has("core:global_index") ? c.get("core:global_index").asLong() : start;
            long time = c.has(NftbKeys.DEVICE_TIME) ? c.get(NftbKeys.DEVICE_TIME).asLong()
                    : Double.isFinite(rate) ? (long) (global * 1e9 / rate) : 0;
            out.add(new Segment(start, global, time, c.path("core:frequency").asDouble(Double.NaN),
                    c.path(NftbKeys.GAIN).asDouble(Double.NaN), headers + start * frame));
            last = start;
            i++;
        }
        if (out.isEmpty() || out.get(0).sampleStart() != 0) {
            // SigMF: "captures": [] implies one at 0
            out.add(0, new Segment(0, 0, 0, Double.NaN, Double.NaN, 0));
        }
        return List.copyOf(out);
    }
}
