package org.nftb.run;

/**
 * A command-line value that cannot be used (e.g. {@code --cpis 0}): exit code 2, "bad input", with the message
 * as given. Only commands throw it; an {@link IllegalArgumentException} from deeper code is a defect (exit 1).
 */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
