package org.nftb.spark;

import java.io.Serializable;

/**
 * What became of one unit of {@code nftb reprocess} work: rows written, or the error that failed it (a corrupt or
 * unreadable capture; the message names the file).
 *
 * @param range    the CPI range; for a capture that could not even be opened, its whole (unknown) extent, [0, 0)
 * @param rows     rows written (one per CPI)
 * @param rejected CPIs the estimator rejected (they have rows with status rejected)
 * @param error    null when the range completed
 */
public record RangeOutcome(CpiRange range, long rows, long rejected, String error) implements Serializable {
    public boolean failed() {
        return error != null;
    }
}
