package org.nftb.sequential;

/**
 * The fields of a {@link StageRecord}, written in order into a JSON object by the sink. Non-finite numbers are
 * written as JSON {@code null}.
 */
public interface RecordWriter {
    void number(String name, double value);

    void integer(String name, long value);

    void text(String name, String value);

    void bool(String name, boolean value);

    /** {@code values[0..count)} as a JSON array of numbers. */
    void numbers(String name, double[] values, int count);

    /** Starts a named array of objects; each element between {@link #beginElement()} and {@link #endElement()}. */
    void beginArray(String name);

    void beginElement();

    void endElement();

    void endArray();

    /** Starts a named nested object, ended by {@link #endObject()}. */
    void beginObject(String name);

    void endObject();
}
