package org.nftb.methods.dftmusic;

import org.nftb.config.Backend;
import org.nftb.config.ConfigException;
import org.nftb.config.ConfigNode;
import org.nftb.config.Grid;
import org.nftb.config.Quantity;
import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.config.EstimatorConfig;
import org.nftb.config.EstimatorContext;
import org.nftb.estimator.EstimatorProvider;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.model.ElementArray;
import org.nftb.model.PolarState;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Seed 001's DFT + MUSIC estimator as a plug-in ({@code estimator.type: dftmusic}): reads its section (FFT sizes,
 * lookup grids, sweeps, cache), checks that the receive array is a ULA along x and that the scene's targets lie
 * where the method applies (inside the effective beamfocusing Rayleigh distance and the lookup grids), and builds
 * the lookup tables once. {@code motionModel} ({@code linear} by default: real targets move in straight lines) should
 * match the data; on the simulated array it is warned about unless it matches {@code scene.motion} ({@code frozen}:
 * seed 001's model within each CPI; {@code linear}: straight lines within each CPI).
 */
public final class DftMusicProvider implements EstimatorProvider {
    /** Largest AD map (P_a · P_d bins). */
    static final long MAX_FFT_BINS = 1L << 24;
    /** Largest lookup table (one simulated 2D-DFT per entry: the default has 3 744). */
    static final long MAX_TABLE_ENTRIES = 200_000;
    static final double MAX_LOOKUP_RANGE_M = 1e5;
    static final double MAX_LOOKUP_SPEED_MPS = 1e4;

    @Override
    public String type() {
        return DftMusicConfig.TYPE;
    }

    @Override
    public EstimatorConfig read(ConfigNode node, EstimatorContext context, List<String> warnings) {
        node.allowOnly("type", "angleFftSize", "dopplerFftSize", "lookup", "refinementSweeps", "cacheDirectory",
                "maxTargets", "coarse", "region", "detectionThreshold", "motionModel");
        ElementArray rx = context.rxArray();
        int cpiSymbols = context.cpiSymbols();
        double wavelengthM = context.wavelengthM();
        int angleFft = powerOfTwo(node.optional("angleFftSize").orElse(null), 4 * Integer.highestOneBit(rx.count()),
                rx.count(), "element count");
        int dopplerFft = powerOfTwo(node.optional("dopplerFftSize").orElse(null),
                4 * Integer.highestOneBit(cpiSymbols), cpiSymbols, "cpiSymbols");
        if ((long) angleFft * dopplerFft > MAX_FFT_BINS) {
            throw node.error("angleFftSize x dopplerFftSize = " + (long) angleFft * dopplerFft + " bins; at most "
                    + MAX_FFT_BINS + " (16 MiB of AD map per worker per million bins)");
        }
        requireUlaAlongX(node, rx);
        double ebrd = rx.effectiveBeamfocusingDistanceM(wavelengthM, 0);
        Lookup lookup = lookup(node, ebrd, Math.max(rx.apertureM() / 2, wavelengthM));
        int sweeps = boundedInt(node, "refinementSweeps", 2, 1, 10);
        String cache = node.optional("cacheDirectory").map(ConfigNode::text)
                .orElse(System.getProperty("user.home") + "/.cache/nftb");
        int maxTargets = boundedInt(node, "maxTargets", DftMusicConfig.DEFAULT_MAX_TARGETS, 1, 8);
        DftMusicConfig.Coarse coarse = node.optional("coarse").map(n -> n.enumeration(DftMusicConfig.Coarse.class))
                .orElse(DftMusicConfig.Coarse.BOTH);
        Region region = region(node, ebrd);
        double detection = DftMusicConfig.DEFAULT_DETECTION_THRESHOLD_DB;
        if (node.has("detectionThreshold")) {
            detection = node.get("detectionThreshold").quantity(Quantity.DECIBEL);
            if (detection < 0) {
                throw node.get("detectionThreshold").error("must be >= 0 dB (the strongest bin of noise alone is "
                        + "above its mean), got " + detection);
            }
        }
        // linear unless told: real targets move in straight lines; frozen is seed 001's model (the paper's data)
        DftMusicConfig.MotionModel motionModel = node.optional("motionModel")
                .map(n -> n.enumeration(DftMusicConfig.MotionModel.class)).orElse(DftMusicConfig.MotionModel.LINEAR);
        return new DftMusicConfig(angleFft, dopplerFft, lookup.angles(), lookup.ranges(), lookup.transverse(), sweeps,
                cache, maxTargets, coarse, region.minRangeM(), region.maxVelocityMps(), detection, motionModel);
    }

    /** The lookup grids of eq. (16) ({@code estimator.lookup}). */
    private record Lookup(Grid angles, Grid ranges, Grid transverse) {
    }

    /**
     * {@code estimator.lookup}: angles (default −60..60°, 13), ranges (default from {@code nearestM} to the effective
     * beamfocusing distance {@code ebrdM}, 32) and |v_θ| (default 0..20 m/s, 9), checked against the table limits.
     */
    private static Lookup lookup(ConfigNode node, double ebrdM, double nearestM) {
        Grid angles = new Grid(Math.toRadians(-60), Math.toRadians(60), 13);
        Grid ranges = null;
        Grid transverse = new Grid(0, 20, 9);
        if (node.has("lookup")) {
            ConfigNode lk = node.get("lookup").allowOnly("angles", "ranges", "transverseVelocities");
            if (lk.has("angles")) {
                angles = grid(lk.get("angles"), Quantity.ANGLE);
            }
            if (lk.has("ranges")) {
                ranges = grid(lk.get("ranges"), Quantity.LENGTH);
                if (ranges.min() <= 0) {
                    throw lk.get("ranges").error("min must be > 0");
                }
            }
            if (lk.has("transverseVelocities")) {
                transverse = grid(lk.get("transverseVelocities"), Quantity.VELOCITY);
                if (transverse.min() != 0) {
                    throw lk.get("transverseVelocities").error("min must be 0 m/s: the 3-dB Doppler spread is even in "
                            + "v_θ, so the table holds magnitudes (the sign comes from the AD ridge tilt and MUSIC)");
                }
            }
        }
        if (ranges == null) {
            // default grid: from half the aperture to the effective beamfocusing distance at broadside
            if (!(ebrdM > 2 * nearestM)) {
                throw node.error(String.format(Locale.ROOT, "arrays.rx is too small for dftmusic: its effective "
                        + "beamfocusing distance %.3f m leaves no near-field region beyond %.3f m (seed 001 needs a "
                        + "large array); give estimator.lookup.ranges {min, max, count} if you know better",
                        ebrdM, nearestM));
            }
            ranges = new Grid(nearestM, ebrdM, 32);
        }
        long entries = (long) angles.count() * ranges.count() * transverse.count();
        if (entries > MAX_TABLE_ENTRIES) {
            throw node.get("lookup").error("the lookup tables would hold " + entries + " entries (angles x ranges x "
                    + "transverseVelocities counts); at most " + MAX_TABLE_ENTRIES + ": each entry is one simulated "
                    + "2D-DFT, so building them would take hours");
        }
        if (ranges.max() > MAX_LOOKUP_RANGE_M || transverse.max() > MAX_LOOKUP_SPEED_MPS) {
            throw node.get("lookup").error("ranges up to " + MAX_LOOKUP_RANGE_M + " m and |v_θ| up to "
                    + MAX_LOOKUP_SPEED_MPS + " m/s are tabulated at most (the near field of a lab array is far inside)");
        }
        return new Lookup(angles, ranges, transverse);
    }

    /** The valid region the estimator is benchmarked over ({@code estimator.region}). */
    private record Region(double minRangeM, double maxVelocityMps) {
    }

    /** {@code estimator.region}: minRange (default 0, below the effective beamfocusing distance) and maxVelocity. */
    private static Region region(ConfigNode node, double ebrdM) {
        double minRange = 0;
        double maxVelocity = DftMusicConfig.DEFAULT_MAX_VELOCITY_MPS;
        if (node.has("region")) {
            ConfigNode region = node.get("region").allowOnly("minRange", "maxVelocity");
            if (region.has("minRange")) {
                minRange = region.get("minRange").positiveQuantity(Quantity.LENGTH);
                if (minRange >= ebrdM) {
                    throw region.get("minRange").error(String.format(Locale.ROOT, "must be below the effective "
                            + "beamfocusing distance %.2f m, where the method stops applying", ebrdM));
                }
            }
            if (region.has("maxVelocity")) {
                maxVelocity = region.get("maxVelocity").positiveQuantity(Quantity.VELOCITY);
            }
        }
        return new Region(minRange, maxVelocity);
    }

    /** Whole number {@code key} of {@code node} in {@code min..max}, {@code defaultValue} when absent. */
    private static int boundedInt(ConfigNode node, String key, int defaultValue, int min, int max) {
        if (!node.has(key)) {
            return defaultValue;
        }
        ConfigNode n = node.get(key);
        int v = n.integer();
        if (v < min || v > max) {
            throw n.error("must be " + min + ".." + max + ", got " + v);
        }
        return v;
    }

    /**
     * Warns about every scene target outside the region where seed 001's method applies: beyond the effective
     * beamfocusing Rayleigh distance {@code r_RD cos²θ / 10} (§III-A: the spreads vanish), or outside the lookup
     * grids (coarse values clamp to the grid's edge).
     */
    @Override
    public void check(RunConfig config, List<String> warnings) {
        SceneConfig scene = config.scene();
        if (scene == null) {
            return;
        }
        DftMusicConfig est = (DftMusicConfig) config.estimator();
        ElementArray rx = config.rxArray();
        if (scene.targets().size() > est.maxTargets()) {
            warnings.add(String.format(Locale.ROOT, "scene.targets: %d targets but estimator.maxTargets is %d; the "
                    + "estimator reports at most %d per CPI", scene.targets().size(), est.maxTargets(),
                    est.maxTargets()));
        }
        boolean simulatedLine = scene.motion() == SceneConfig.Motion.LINEAR;
        if (config.radio().backend() == Backend.SIM
                && (est.motionModel() == DftMusicConfig.MotionModel.LINEAR) != simulatedLine) {
            warnings.add(simulatedLine
                    ? "estimator.motionModel: frozen leaves out each path's curvature over a CPI, but scene.motion: "
                    + "linear moves the simulated targets on straight lines within every CPI: set "
                    + "estimator.motionModel: linear to match the simulated data (the missing curvature biases close, "
                    + "fast targets at high SNR)"
                    : "estimator.motionModel: linear models each path's curvature over a CPI, but scene.motion: frozen "
                    + "synthesizes seed 001's model (paths linear in time within every CPI): set "
                    + "estimator.motionModel: frozen to match the simulated data (the curvature the estimator expects "
                    + "and the data lack biases close, fast targets at high SNR)");
        }
        double near = est.nearLimitM(rx.apertureM());
        for (int i = 0; i < scene.targets().size(); i++) {
            String path = "scene.targets[" + i + "]";
            PolarState pol = scene.targets().get(i).initial().toPolar(rx.referenceXM(), rx.referenceYM());
            double ebrd = rx.effectiveBeamfocusingDistanceM(config.wavelengthM(), pol.angleRad());
            if (pol.rangeM() >= ebrd) {
                warnings.add(String.format(Locale.ROOT, "%s: target at r = %.2f m, θ = %.1f deg lies beyond the "
                                + "effective beamfocusing Rayleigh distance %.2f m (seed 001 §III-A): the angular and "
                                + "Doppler spreads vanish there and the dftmusic estimator is not valid",
                        path, pol.rangeM(), Math.toDegrees(pol.angleRad()), ebrd));
            } else if (pol.angleRad() < est.lookupAngles().min() || pol.angleRad() > est.lookupAngles().max()) {
                warnings.add(String.format(Locale.ROOT, "%s: target at θ = %.1f deg lies outside the lookup angle "
                                + "grid [%.1f, %.1f] deg; coarse range and v_θ will be read at the grid's edge", path,
                        Math.toDegrees(pol.angleRad()), Math.toDegrees(est.lookupAngles().min()),
                        Math.toDegrees(est.lookupAngles().max())));
            } else if (pol.rangeM() < near) {
                warnings.add(String.format(Locale.ROOT, "%s: target at r = %.2f m is closer than the valid region's "
                        + "near limit %.2f m (estimator.region.minRange); estimates there are not benchmarked", path,
                        pol.rangeM(), near));
            } else if (Math.max(Math.abs(pol.radialVelocityMps()), Math.abs(pol.transverseVelocityMps()))
                    > est.maxVelocityMps()) {
                warnings.add(String.format(Locale.ROOT, "%s: target moves faster than the valid region's %.1f m/s "
                        + "(estimator.region.maxVelocity); estimates there are not benchmarked", path,
                        est.maxVelocityMps()));
            } else if (pol.rangeM() < est.lookupRanges().min() || pol.rangeM() > est.lookupRanges().max()) {
                warnings.add(String.format(Locale.ROOT, "%s: target at r = %.2f m lies outside the lookup range grid "
                                + "[%.2f, %.2f] m; coarse range estimates will clamp to the grid", path, pol.rangeM(),
                        est.lookupRanges().min(), est.lookupRanges().max()));
            }
        }
    }

    /** The AD grid ({@code 16 P_a P_d} bytes) dominates; MUSIC keeps the conjugated snapshot and the front end one. */
    @Override
    public long workingBytesPerWorker(RunConfig config) {
        DftMusicConfig c = (DftMusicConfig) config.estimator();
        long n = config.rxArray().count();
        long m = config.cpiSymbols();
        return 16L * c.angleFftSize() * c.dopplerFftSize() + 8L * (c.angleFftSize() + c.dopplerFftSize())
                + 24L * n * m;
    }

    @Override
    public EstimatorSetup setup(RunConfig config) {
        DftMusicConfig c = (DftMusicConfig) config.estimator();
        SpreadTables tables = SpreadTablesCache.loadOrBuild(Path.of(c.cacheDirectory()), config.rxArray(),
                config.wavelengthM(), config.symbolPeriodS(), config.cpiSymbols(), c.angleFftSize(),
                c.dopplerFftSize(), c.lookupAngles(), c.lookupRanges(), c.lookupTransverse());
        return new DftMusicSetup(c, config.rxArray(), config.wavelengthM(), config.symbolPeriodS(),
                config.cpiSymbols(), config.samplesPerSymbol(), tables);
    }

    /** dftmusic's angle DFT needs a uniform linear array along x, elements in increasing x (seed 001). */
    private static void requireUlaAlongX(ConfigNode estimatorNode, ElementArray rx) {
        int n = rx.count();
        String where = "arrays.rx";
        if (n < 2) {
            throw new ConfigException(estimatorNode.file(), where, "dftmusic needs at least 2 receive elements");
        }
        double d = rx.xM(1) - rx.xM(0);
        for (int i = 0; i < n; i++) {
            if (Math.abs(rx.xM(i) - (rx.xM(0) + i * d)) > 1e-9 * Math.max(1, Math.abs(d) * n)
                    || Math.abs(rx.yM(i) - rx.yM(0)) > 1e-9 || !(d > 0)) {
                throw new ConfigException(estimatorNode.file(), where, "dftmusic needs a uniform linear array along "
                        + "the x-axis (orientation 0 deg, elements in increasing x); element " + i + " breaks it");
            }
        }
    }

    private static Grid grid(ConfigNode node, Quantity q) {
        node.allowOnly("min", "max", "count");
        double min = node.get("min").quantity(q);
        double max = node.get("max").quantity(q);
        ConfigNode countNode = node.get("count");
        int count = countNode.integer();
        if (count < 2 || count > 4096) {
            throw countNode.error("must be 2..4096, got " + count);
        }
        if (!(max > min)) {
            throw node.error("max must be greater than min");
        }
        return new Grid(min, max, count);
    }

    private static int powerOfTwo(ConfigNode node, int defaultValue, int atLeast, String what) {
        if (node == null) {
            return defaultValue;
        }
        int v = node.integer();
        if (v < atLeast || Integer.bitCount(v) != 1) {
            throw node.error("must be a power of two >= " + what + " (" + atLeast + "), got " + v);
        }
        return v;
    }
}
