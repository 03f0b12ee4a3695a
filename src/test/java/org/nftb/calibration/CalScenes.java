package org.nftb.calibration;

import org.nftb.config.ConfigLoader;
import org.nftb.config.RunConfig;
import org.nftb.config.SceneConfig;
import org.nftb.model.ArrayErrors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nftb.run.Configs;

/** Small simulated arrays for calibration tests, written as YAML and read through {@link ConfigLoader}; unpaced. */
final class CalScenes {
    int channels = 16;
    int symbols = 8;
    int samplesPerSymbol = 1;
    long seed = 5;
    String motion = "frozen";
    String errors = "{phaseMax: 20 deg, amplitudeMax: 2 dB, seed: 7}";
    String tx = "rx";
    String elements;
    final List<String> targets = new ArrayList<>();
    final List<String> sceneLines = new ArrayList<>();
    final List<String> topLines = new ArrayList<>();

    /** A stationary source (or target) at (x, y) with per-sample SNR {@code snrDb}. */
    CalScenes source(double x, double y, double snrDb) {
        targets.add(String.format(Locale.ROOT, "{position: [%s m, %s m], velocity: [0 m/s, 0 m/s], snrDb: %s}", x, y,
                snrDb));
        return this;
    }

    /** A target in polar form (range m, angle deg, v_r, v_θ m/s) with per-sample SNR {@code snrDb}. */
    CalScenes target(double rangeM, double angleDeg, double vr, double vt, double snrDb) {
        targets.add(String.format(Locale.ROOT, "{range: %s m, angle: %s deg, radialVelocity: %s m/s, "
                + "transverseVelocity: %s m/s, snrDb: %s}", rangeM, angleDeg, vr, vt, snrDb));
        return this;
    }

    CalScenes scene(String line) {
        sceneLines.add(line);
        return this;
    }

    CalScenes top(String line) {
        topLines.add(line);
        return this;
    }

    String yaml() {
        StringBuilder y = new StringBuilder();
        y.append("name: calibration test\ncarrierFrequency: 28 GHz\nsymbolRate: 5 kHz\n");
        y.append("cpiSymbols: ").append(symbols).append('\n');
        y.append("arrays:\n  rx:\n");
        if (elements != null) {
            y.append("    elements: ").append(elements).append('\n');
        } else {
            y.append("    ula: {count: ").append(channels)
                    .append(", spacingWavelengths: 0.5, origin: [0 m, 0 m], orientation: 0 deg}\n");
        }
        y.append("  tx: ").append(tx).append('\n');
        y.append("radio:\n  backend: sim\n  sampleRate: ").append(5000 * samplesPerSymbol).append(" Hz\n");
        y.append("  channels: ").append(channels).append('\n');
        y.append("  txLimits: {frequencyRanges: [[27.5 GHz, 28.5 GHz]], maxGain: 30 dB, maxSampleRate: 1 MHz}\n");
        y.append("estimator: {type: dftmusic, cacheDirectory: target/test-table-cache, lookup: {ranges: {min: 1 m, "
                + "max: 10 m, count: 10}}}\n");
        for (String line : topLines) {
            y.append(line).append('\n');
        }
        y.append("scene:\n  seed: ").append(seed).append("\n  motion: ").append(motion).append("\n  realTime: false\n");
        y.append(targets.isEmpty() ? "  targets: []\n" : "  targets:\n");
        for (String t : targets) {
            y.append("    - ").append(t).append('\n');
        }
        if (errors != null) {
            y.append("  calibrationErrors: ").append(errors).append('\n');
        }
        for (String line : sceneLines) {
            y.append("  ").append(line).append('\n');
        }
        return y.toString();
    }

    RunConfig config() {
        return Configs.parse("cal-test.yaml", yaml());
    }

    /** The array errors W the simulated array applies. */
    static double[] trueW(RunConfig c) {
        SceneConfig.CalibrationErrors e = c.scene().calibrationErrors();
        return ArrayErrors.draw(c.rxArray().count(), e.phaseMaxRad(), e.amplitudeMaxDb(), e.seed());
    }
}
