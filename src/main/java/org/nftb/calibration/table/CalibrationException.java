package org.nftb.calibration.table;

/** A calibration table that cannot be used; the message names the file and field. */
public final class CalibrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CalibrationException(String message) {
        super(message);
    }
}
