package org.nftb.device.sim;

import org.nftb.config.ConfigLoader;
import org.nftb.config.RunConfig;
import org.nftb.device.RxBuffer;
import org.nftb.device.RxStatus;
import org.nftb.device.StreamStart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.nftb.run.Configs;

/** Small simulated scenes for tests, written as YAML and read through {@link ConfigLoader}; unpaced. */
final class SimScenes {
    static final double CARRIER_HZ = 28e9;
    static final double SYMBOL_RATE_HZ = 5e3;

    int channels = 16;
    int symbols = 8;
    int samplesPerSymbol = 1;
    long seed = 11;
    String motion = "frozen";
    boolean calibrationErrors = true;
    final List<String> targets = new ArrayList<>();
    final List<String> sceneLines = new ArrayList<>();

    /** One target at 3 m, 15 deg, moving (10, 8) m/s radial/transverse, per-sample SNR {@code snrDb}. */
    SimScenes target(double snrDb) {
        return target(3, 15, 10, 8, snrDb);
    }

    SimScenes target(double rangeM, double angleDeg, double vr, double vt, double snrDb) {
        targets.add(String.format(Locale.ROOT, "{range: %s m, angle: %s deg, radialVelocity: %s m/s, "
                + "transverseVelocity: %s m/s, snrDb: %s}", rangeM, angleDeg, vr, vt, snrDb));
        return this;
    }

    /** Adds a line under {@code scene:}, e.g. {@code "transmitPath: reflect"}. */
    SimScenes scene(String line) {
        sceneLines.add(line);
        return this;
    }

    double sampleRateHz() {
        return SYMBOL_RATE_HZ * samplesPerSymbol;
    }

    int samplesPerCpi() {
        return symbols * samplesPerSymbol;
    }

    String yaml() {
        StringBuilder y = new StringBuilder();
        y.append("name: sim test\ncarrierFrequency: 28 GHz\nsymbolRate: 5 kHz\n");
        y.append("cpiSymbols: ").append(symbols).append('\n');
        y.append("arrays:\n  rx:\n    ula: {count: ").append(channels)
                .append(", spacingWavelengths: 0.5, origin: [0 m, 0 m], orientation: 0 deg}\n  tx: rx\n");
        y.append("radio:\n  backend: sim\n  sampleRate: ").append(SYMBOL_RATE_HZ * samplesPerSymbol).append(" Hz\n");
        y.append("  channels: ").append(channels).append('\n');
        y.append("  txLimits: {frequencyRanges: [[27.5 GHz, 28.5 GHz]], maxGain: 30 dB, maxSampleRate: 1 MHz}\n");
        y.append("estimator: {type: dftmusic, lookup: {ranges: {min: 1 m, max: 10 m, count: 10}}}\n");
        y.append("scene:\n  seed: ").append(seed).append("\n  motion: ").append(motion).append("\n  realTime: false\n");
        y.append("  targets:\n");
        for (String t : targets.isEmpty() ? List.of("{range: 3 m, angle: 15 deg, snrDb: 10}") : targets) {
            y.append("    - ").append(t).append('\n');
        }
        if (calibrationErrors) {
            y.append("  calibrationErrors: {phaseMax: 20 deg, amplitudeMax: 2 dB, seed: 7}\n");
        }
        for (String line : sceneLines) {
            y.append("  ").append(line).append('\n');
        }
        return y.toString();
    }

    RunConfig config() {
        return Configs.parse("sim-test.yaml", yaml());
    }

    SimulatedArray open() {
        return new SimulatedArray(config());
    }

    /** Starts {@code sim} now and reads {@code samples} samples per channel in receives of {@code bufferSize}. */
    static float[][] startAndRead(SimulatedArray sim, int bufferSize, int samples) {
        sim.startStreaming(StreamStart.NOW);
        return read(sim, bufferSize, samples);
    }

    /** Reads the next {@code samples} samples per channel in receives of {@code bufferSize} (checks contiguity). */
    static float[][] read(SimulatedArray sim, int bufferSize, int samples) {
        int n = sim.channelCount();
        float[][] out = new float[n][2 * samples];
        RxBuffer buf = new RxBuffer(n, bufferSize);
        int got = 0;
        long expectedIndex = -1;
        while (got < samples) {
            sim.receive(buf, 1_000_000_000L);
            assertEquals(RxStatus.OK, buf.status());
            assertEquals(bufferSize, buf.samples(), "an unpaced receive fills the buffer");
            if (expectedIndex >= 0) {
                assertEquals(expectedIndex, buf.firstSampleIndex());
            }
            expectedIndex = buf.firstSampleIndex() + buf.samples();
            int take = Math.min(buf.samples(), samples - got);
            for (int c = 0; c < n; c++) {
                System.arraycopy(buf.channel(c), 0, out[c], 2 * got, 2 * take);
            }
            got += take;
        }
        return out;
    }

    /** {@code a − b} per channel, as doubles (the part of a stream that a burst or command added). */
    static double[][] minus(float[][] a, float[][] b) {
        double[][] d = new double[a.length][a[0].length];
        for (int c = 0; c < a.length; c++) {
            for (int i = 0; i < a[c].length; i++) {
                d[c][i] = (double) a[c][i] - b[c][i];
            }
        }
        return d;
    }
}
