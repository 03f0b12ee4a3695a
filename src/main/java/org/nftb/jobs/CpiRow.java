package org.nftb.jobs;

import java.io.Serializable;

/**
 * One CPI of a re-processed capture, addressed by (capture, sequence): what the estimator made of it. Exactly one
 * row per CPI, whether it was estimated or rejected.
 *
 * @param capture     the capture as named on the command line (the same path on every node)
 * @param sequence    the CPI's index on the capture's sample grid ({@code firstSample / samplesPerCpi})
 * @param firstSample first sample of the CPI in the capture
 * @param status      {@code ok} or {@code rejected}
 * @param detail      why a CPI was rejected (empty when ok)
 * @param targets     targets estimated (0 when rejected)
 * @param values      per target slot k &lt; maxTargets: angleRad, rangeM, radialVelocityMps,
 *                    transverseVelocityMps at {@code 4k..4k+3} (NaN past {@code targets})
 * @param consistent  per target slot: its own quality check held
 */
public record CpiRow(String capture, long sequence, long firstSample, String status, String detail, int targets,
                     double[] values, boolean[] consistent) implements Serializable {
    public static final String OK = "ok";
    public static final String REJECTED = "rejected";
}
