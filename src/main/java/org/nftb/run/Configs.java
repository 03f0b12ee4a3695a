package org.nftb.run;

import org.nftb.config.ConfigLoader;
import org.nftb.config.RunConfig;
import org.nftb.estimator.Estimators;

import java.nio.file.Path;

/**
 * Loads hw-configs with every installed plug-in's section reader: the one place that joins the configuration
 * layer ({@link ConfigLoader}, which knows plug-ins only by interface) to the plug-in registries.
 */
public final class Configs {
    private Configs() {
    }

    /** The embedded default (seed 001's scenario on the simulated array). */
    public static RunConfig loadDefault() {
        return ConfigLoader.loadDefault(Estimators.sectionReaders());
    }

    /** {@code file}, read and validated. */
    public static RunConfig load(Path file) {
        return ConfigLoader.load(file, Estimators.sectionReaders());
    }

    /** YAML text, read and validated; {@code source} names it in errors. */
    public static RunConfig parse(String source, String yamlText) {
        return ConfigLoader.parse(source, yamlText, Estimators.sectionReaders());
    }
}
