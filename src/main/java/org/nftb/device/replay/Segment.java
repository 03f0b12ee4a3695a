package org.nftb.device.replay;

/**
 * A SigMF capture segment as replay uses it.
 *
 * @param sampleStart     first sample of the segment in the recording ({@code core:sample_start})
 * @param globalIndex     its index in the original stream ({@code core:global_index}; {@code sample_start} when
 *                        absent, as SigMF says): a jump between segments is a gap the replay reproduces
 * @param deviceTimeNanos device time of the first sample ({@code nftb:device_time_ns}; for other recordings
 *                        {@code globalIndex · 10⁹ / f_s})
 * @param frequencyHz     {@code core:frequency}, or NaN when not recorded
 * @param gainDb          {@code nftb:gain_db}, or NaN when not recorded
 * @param byteOffset      where its first sample lies in the dataset: after the {@code core:header_bytes} of this
 *                        and every earlier segment (a Non-Conforming Dataset's headers are skipped, never read as
 *                        samples)
 */
public record Segment(long sampleStart, long globalIndex, long deviceTimeNanos, double frequencyHz, double gainDb,
                      long byteOffset) {
}
