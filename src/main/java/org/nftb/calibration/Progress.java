package org.nftb.calibration;

/** Progress of a measurement, for the operator (the command shows it: {@code cli/CalibrationProgress}) or nobody. */
public interface Progress {
    /** Nothing is shown. */
    Progress NONE = (what, done, total) -> {
    };

    /** {@code done} of {@code total} units of {@code what} are finished. */
    void update(String what, long done, long total);
}
