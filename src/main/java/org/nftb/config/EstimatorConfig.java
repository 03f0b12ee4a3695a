package org.nftb.config;

/**
 * An estimator's own, validated configuration section ({@code estimator:} in a hw-config). Each estimator defines
 * a record implementing this; the generic loader knows only {@link #type()}.
 */
public interface EstimatorConfig {
    /** The {@code estimator.type} this section was read for, e.g. {@code dftmusic}. */
    String type();
}
