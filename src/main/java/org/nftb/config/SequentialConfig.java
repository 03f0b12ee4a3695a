package org.nftb.config;

/**
 * A sequential stage's own, validated configuration section ({@code sequential:} in a hw-config). Each stage
 * defines a record implementing this; the generic loader knows only {@link #type()}.
 */
public interface SequentialConfig {
    /** The {@code sequential.type} this section was read for, e.g. {@code cvtracker}. */
    String type();

    /** The stage and its settings in one line (the {@code start} record's {@code sequential}, the log). */
    default String describe() {
        return type();
    }
}
