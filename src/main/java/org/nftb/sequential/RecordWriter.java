package org.nftb.sequential;

/**
 * The fields of a {@link StageRecord}, written in order into a JSON object by the sink. Non-finite numbers are
 * written as JSON {@code null}. Implementations allocate nothing per field beyond what the output format needs.
 */
public interface RecordWriter {
    void number(String name, double value);

    void integer(String name, long value);

    void text(String name, String value);

    void bool(String name, boolean value);

    /** {@code values[0..count)} as a JSON array of numbers. */
    void numbers(String name, double[] values, int count);

    /**
     * A {@code rows × columns} matrix stored row-major in {@code values} as a JSON array of rows (each an array of
     * numbers), the shape of the estimate records' covariances.
     */
    void matrix(String name, double[] values, int rows, int columns);

    /** Starts a named array of objects; each element between {@link #beginElement()} and {@link #endElement()}. */
    void beginArray(String name);

    void beginElement();

    void endElement();

    void endArray();

    /** Starts a named nested object, ended by {@link #endObject()}. */
    void beginObject(String name);

    void endObject();
}
