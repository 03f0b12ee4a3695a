package org.nftb.sigmf;

/**
 * A SigMF capture that cannot be read or written as it stands: the message names the file, the field (a JSON path
 * such as {@code global.core:datatype} or {@code annotations[3]}) and the reason, with the fix where one is known
 * (for an interrupted nftb recording: {@code nftb capture repair}). Never a silent zero-fill.
 */
public final class CaptureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CaptureException(String file, String field, String reason) {
        super(file + ": " + (field.isEmpty() ? "" : field + ": ") + reason);
    }

    public CaptureException(String file, String field, String reason, Throwable cause) {
        super(file + ": " + (field.isEmpty() ? "" : field + ": ") + reason, cause);
    }
}
