package org.nftb.record;

import org.nftb.calibration.CalibrationSelection;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.config.RunConfig;
import org.nftb.device.RadioDevice;
import org.nftb.device.RxBuffer;
import org.nftb.device.StreamStart;
import org.nftb.device.sim.SimulatedArray;
import org.nftb.testing.TestConfigs;

import java.nio.file.Path;
import java.util.Locale;
import org.nftb.run.Configs;

/** Small simulated captures for tests: an 8-element array, 4-symbol CPIs, unpaced, recorded with {@link Recorder}. */
public final class CaptureFixtures {
    private CaptureFixtures() {
    }

    /** hw-config text of an 8-element ULA at 28 GHz, 5 kHz symbols, S samples per symbol, one moving target. */
    public static String smallArrayYaml(int samplesPerSymbol, String motion) {
        return String.format(Locale.ROOT, """
                name: small test array
                carrierFrequency: 28 GHz
                symbolRate: 5 kHz
                cpiSymbols: 4
                arrays:
                  rx:
                    ula: {count: 8, spacingWavelengths: 0.5, origin: [0 m, 0 m], orientation: 0 deg}
                  tx: rx
                radio:
                  backend: sim
                  sampleRate: %d kHz
                  channels: 8
                estimator:
                  type: dftmusic
                  cacheDirectory: %s
                  lookup: {ranges: {min: 0.5 m, max: 10 m, count: 8}}
                scene:
                  seed: 5
                  motion: %s
                  realTime: false
                  targets:
                    - {range: 2 m, angle: 10 deg, radialVelocity: 3 m/s, transverseVelocity: -2 m/s, processedSnrDb: 30}
                    - {range: 4 m, angle: -25 deg, radialVelocity: -1 m/s, transverseVelocity: 1 m/s, processedSnrDb: 20}
                  calibrationErrors: {phaseMax: 5 deg, amplitudeMax: 1 dB, seed: 7}
                """, 5 * samplesPerSymbol, TestConfigs.TABLE_CACHE, motion);
    }

    public static RunConfig config(String yaml) {
        return Configs.parse("small-array.yaml (test)", yaml);
    }

    /** Records {@code samples} samples per channel of the simulated array in buffers of {@code bufferSamples}. */
    public static Recorder.Result record(Path dir, String yaml, long samples, int bufferSamples) throws Exception {
        RunConfig cfg = config(yaml);
        CalibrationTable table = CalibrationSelection.select(cfg, null);
        try (RadioDevice sim = new SimulatedArray(cfg)) {
            return record(dir, RecordingSpec.cf32(cfg, yaml, cfg.source(), table), sim, samples, bufferSamples);
        }
    }

    /** Records {@code samples} samples per channel of {@code device} (started here) with {@code spec}. */
    public static Recorder.Result record(Path dir, RecordingSpec spec, RadioDevice device, long samples,
                                         int bufferSamples) throws Exception {
        Recorder recorder = Recorder.start(dir, spec, device);
        RxBuffer b = new RxBuffer(device.channelCount(), bufferSamples);
        device.startStreaming(StreamStart.NOW);
        long got = 0;
        while (got < samples) {
            device.receive(b, 1_000_000_000L);
            if (b.samples() > samples - got) {
                b.set((int) (samples - got), b.firstSampleIndex(), b.timeNanos(), b.status(), b.detail());
            }
            got += b.samples();
            recorder.accept(b);
        }
        return recorder.stop();
    }
}
