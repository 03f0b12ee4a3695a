package org.nftb.estimator;

import org.nftb.config.EstimatorConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The estimator registry: providers found with {@link ServiceLoader}, looked up by {@code estimator.type}. */
public final class Estimators {
    private Estimators() {
    }

    /** The provider for {@code type}, or null when none is registered. */
    public static EstimatorProvider find(String type) {
        for (EstimatorProvider p : ServiceLoader.load(EstimatorProvider.class)) {
            if (p.type().equals(type)) {
                return p;
            }
        }
        return null;
    }

    /** The provider for a configuration's estimator section. */
    public static EstimatorProvider of(EstimatorConfig config) {
        EstimatorProvider p = find(config.type());
        if (p == null) {
            throw new IllegalStateException("no estimator provider for type " + config.type());
        }
        return p;
    }

    /** Every registered type, sorted. */
    public static List<String> types() {
        List<String> types = new ArrayList<>();
        for (EstimatorProvider p : ServiceLoader.load(EstimatorProvider.class)) {
            types.add(p.type());
        }
        types.sort(null);
        return types;
    }

    /** Every registered provider, sorted by type (the estimator contract test runs over all of them). */
    public static List<EstimatorProvider> all() {
        List<EstimatorProvider> all = new ArrayList<>();
        ServiceLoader.load(EstimatorProvider.class).forEach(all::add);
        all.sort((a, b) -> a.type().compareTo(b.type()));
        return all;
    }
}
