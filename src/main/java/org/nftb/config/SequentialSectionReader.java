package org.nftb.config;

import java.util.List;

/**
 * Reads and checks one sequential stage's configuration section ({@code sequential:} of a given {@code type}),
 * the way {@link EstimatorSectionReader} does for estimators: configuration knows stages only through this
 * interface, and the run assembly passes the registry ({@code sequential.SequentialStages}).
 */
public interface SequentialSectionReader {

    /** The {@code sequential.type} this reader answers to, e.g. {@code cvtracker}. */
    String type();

    /**
     * Reads the {@code sequential:} section (its {@code type} key already read) against the rest of the
     * configuration, every other section already read and validated. Errors are {@link ConfigException}s naming
     * file, field and fix; findings that do not stop a run are added to {@code warnings}.
     */
    SequentialConfig read(ConfigNode section, RunConfig config, List<String> warnings);
}
