package org.nftb.run;

import org.nftb.config.ConfigLoader;
import org.nftb.config.EstimatorSectionReader;
import org.nftb.config.RunConfig;
import org.nftb.config.SectionReaders;
import org.nftb.config.SequentialSectionReader;
import org.nftb.estimator.Estimators;
import org.nftb.sequential.SequentialStages;

import java.nio.file.Path;
import java.util.List;

/**
 * Loads hw-configs with every installed plug-in's section reader: the one place that joins the configuration
 * layer ({@link ConfigLoader}, which knows plug-ins only by interface) to the plug-in registries.
 */
public final class Configs {
    /** The installed estimators and sequential stages, as the configuration loader reads their sections. */
    public static final SectionReaders READERS = new SectionReaders() {
        @Override
        public EstimatorSectionReader estimator(String type) {
            return Estimators.find(type);
        }

        @Override
        public List<String> estimatorTypes() {
            return Estimators.types();
        }

        @Override
        public SequentialSectionReader stage(String type) {
            return SequentialStages.find(type);
        }

        @Override
        public List<String> stageTypes() {
            return SequentialStages.types();
        }
    };

    private Configs() {
    }

    /** The embedded default (seed 001's scenario on the simulated array). */
    public static RunConfig loadDefault() {
        return ConfigLoader.loadDefault(READERS);
    }

    /** {@code file}, read and validated. */
    public static RunConfig load(Path file) {
        return ConfigLoader.load(file, READERS);
    }

    /** YAML text, read and validated; {@code source} names it in errors. */
    public static RunConfig parse(String source, String yamlText) {
        return ConfigLoader.parse(source, yamlText, READERS);
    }
}
