package org.nftb.device.uhd.capi;

/**
 * A libuhd C-API call returned something other than {@code UHD_ERROR_NONE}.
 * Carries the numeric {@code uhd_error}, its symbolic name and libuhd's own error text.
 */
public class UhdException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errorCode;
    private final String uhdMessage;

    public UhdException(String call, int errorCode, String uhdMessage) {
        super(call + " failed with " + UhdErrors.name(errorCode) + " (" + errorCode + "): " + uhdMessage);
        this.errorCode = errorCode;
        this.uhdMessage = uhdMessage;
    }

    /** The raw {@code uhd_error} value, e.g. {@link Uhd#UHD_ERROR_KEY}. */
    public int errorCode() {
        return errorCode;
    }

    /** libuhd's own error text (its last-error string for the call), without the call and code. */
    public String uhdMessage() {
        return uhdMessage;
    }
}
