package org.nftb.spark;

import java.io.Serializable;

/**
 * CPIs {@code [first, end)} of capture number {@code captureIndex} (in command-line order), the unit of work of
 * {@code nftb reprocess}: its output part is named by (capture, first CPI), so whoever computes it, however often,
 * writes the same file.
 */
public record CpiRange(int captureIndex, String capture, long first, long end) implements Serializable {

    /** The output part's file name. */
    public String partName() {
        return String.format("part-c%05d-s%012d.parquet", captureIndex, first);
    }

    public String describe() {
        return capture + " CPIs [" + first + ", " + end + ")";
    }
}
