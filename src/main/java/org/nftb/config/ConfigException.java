package org.nftb.config;

/** A configuration fault: names the file, the field (a dotted path) and the reason, with the fix where known. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final String field;

    public ConfigException(String file, String field, String reason) {
        super(file + ": " + (field.isEmpty() ? "" : field + ": ") + reason);
        this.file = file;
        this.field = field;
    }

    public ConfigException(String file, String field, String reason, Throwable cause) {
        super(file + ": " + (field.isEmpty() ? "" : field + ": ") + reason, cause);
        this.file = file;
        this.field = field;
    }

    public String file() {
        return file;
    }

    public String field() {
        return field;
    }
}
