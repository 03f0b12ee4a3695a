package org.nftb.testing;

import org.nftb.methods.dftmusic.DftMusicConfig;
import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.run.Configs;

/** Variants of the default configuration for tests: flat-out sim (no real-time pacing) and a shared table cache. */
public final class TestConfigs {
    /** Lookup tables built once per test run and shared by all tests. */
    public static final String TABLE_CACHE = "target/test-table-cache";

    private TestConfigs() {
    }

    /** The seed-001 default, unpaced, with the given scene seed and calibration errors on or off. */
    public static RunConfig seed001(long seed, boolean calibrationErrors) {
        RunConfig b = Configs.loadDefault();
        SceneConfig s = b.scene();
        return with(b, new SceneConfig(seed, s.motion(), false, s.targets(), calibrationErrors ? s.calibrationErrors() : null));
    }

    /** {@code base} with another scene and the shared table cache. */
    public static RunConfig with(RunConfig b, SceneConfig scene) {
        DftMusicConfig e = (DftMusicConfig) b.estimator();
        DftMusicConfig est = new DftMusicConfig(e.angleFftSize(), e.dopplerFftSize(), e.lookupAngles(), e.lookupRanges(),
                e.lookupTransverse(), e.refinementSweeps(), TABLE_CACHE).withMotionModel(e.motionModel());
        return b.withEstimator(est).withScene(scene);
    }
}
