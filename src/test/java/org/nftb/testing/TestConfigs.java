package org.nftb.testing;

import org.nftb.methods.dftmusic.DftMusicConfig;
import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.run.Configs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    /**
     * hw-config/seed001-tracked-sim.yaml (two targets on straight lines, the cvtracker stage) unpaced, with the shared
     * table cache, in {@code ringMode} ({@code live} or {@code lossless}) and {@code pipelineKeys} (indented YAML
     * lines of the {@code pipeline:} section), written into {@code dir}.
     */
    public static Path trackedSeed001(Path dir, String ringMode, String pipelineKeys) throws IOException {
        String yaml = Files.readString(Path.of("hw-config/seed001-tracked-sim.yaml"))
                .replace("realTime: true", "realTime: false")
                .replace("refinementSweeps: 2", "refinementSweeps: 2\n  cacheDirectory: " + TABLE_CACHE)
                + "pipeline:\n  ringMode: " + ringMode + "\n" + pipelineKeys;
        Path f = dir.resolve("tracked-" + ringMode + ".yaml");
        Files.writeString(f, yaml);
        return f;
    }

    /**
     * The shipped hw-config/{@code file}, unpaced (scene.realTime false) and, for a dftmusic estimator, with the
     * shared table cache: a real configuration for tests that run the pipeline as fast as it goes.
     */
    public static RunConfig shippedUnpaced(String file) throws IOException {
        String yaml = Files.readString(Path.of("hw-config", file)).replace("realTime: true", "realTime: false");
        if (yaml.contains("type: dftmusic")) {
            yaml = yaml.replace("type: dftmusic", "type: dftmusic\n  cacheDirectory: " + TABLE_CACHE);
        }
        return Configs.parse(file + " (unpaced, test)", yaml);
    }
}
