package org.nftb.output;

/** The record output cannot be written (e.g. a full disk); names the destination. Records already written stay. */
public final class OutputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutputException(String message, Throwable cause) {
        super(message, cause);
    }
}
