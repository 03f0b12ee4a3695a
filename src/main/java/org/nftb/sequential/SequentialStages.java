package org.nftb.sequential;

import org.nftb.config.SequentialConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The sequential-stage registry: providers found with {@link ServiceLoader}, looked up by {@code sequential.type}. */
public final class SequentialStages {
    private SequentialStages() {
    }

    /** The provider for {@code type}, or null when none is registered. */
    public static SequentialStageProvider find(String type) {
        for (SequentialStageProvider p : ServiceLoader.load(SequentialStageProvider.class)) {
            if (p.type().equals(type)) {
                return p;
            }
        }
        return null;
    }

    /** The provider for a configuration's {@code sequential:} section. */
    public static SequentialStageProvider of(SequentialConfig config) {
        SequentialStageProvider p = find(config.type());
        if (p == null) {
            throw new IllegalStateException("no sequential stage provider for type " + config.type());
        }
        return p;
    }

    /** Every registered type, sorted. */
    public static List<String> types() {
        List<String> types = new ArrayList<>();
        for (SequentialStageProvider p : ServiceLoader.load(SequentialStageProvider.class)) {
            types.add(p.type());
        }
        types.sort(null);
        return types;
    }
}
