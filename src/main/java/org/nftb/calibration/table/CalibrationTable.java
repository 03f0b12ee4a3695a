package org.nftb.calibration.table;

import org.nftb.model.ArrayErrors;

import java.time.Instant;

/**
 * Per-element complex response of an array (the W of seed 001 §II-A1) with its identity. The stream multiplies
 * every sample of element n by {@code 1 / w_n} (see {@link CalibrationApplier}).
 *
 * @param arrayId            identity of the array geometry/hardware it belongs to
 * @param centerFrequencyHz  carrier it was measured at, Hz
 * @param createdUtc         when it was made
 * @param method             how it was made (e.g. "identity", "simulated-truth", "loopback")
 * @param responseW          measured w_n, interleaved re/im, one pair per element
 * @param source             file it was read from, or "built-in"
 */
public record CalibrationTable(String arrayId, double centerFrequencyHz, Instant createdUtc, String method,
                               double[] responseW, String source) {

    /** The identity table (no correction) for {@code elements} elements. */
    public static CalibrationTable identity(int elements, String arrayId, double centerFrequencyHz) {
        return new CalibrationTable(arrayId, centerFrequencyHz, Instant.EPOCH, "identity",
                ArrayErrors.identity(elements), "built-in");
    }

    public int elements() {
        return responseW.length / 2;
    }

    /** One line for operators: which table is in force. */
    public String describe() {
        return method + " table for " + elements() + " elements (" + source + ", array " + arrayId
                + ", " + centerFrequencyHz / 1e9 + " GHz, created " + createdUtc + ")";
    }
}
