package org.nftb.device.uhd;

import org.nftb.config.RunConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.nftb.run.Configs;

/** hw-config/e320-sim.yaml, adapted per test (device args, rates). */
final class SimConfigs {
    static final Path E320 = Path.of("hw-config/e320-sim.yaml");

    private SimConfigs() {
    }

    static String e320Text() {
        try {
            return Files.readString(E320, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** e320-sim.yaml with {@code args}; the radio runs at {@code deviceRateHz} (32 x the per-element rate). */
    static RunConfig e320(String args, double deviceRateHz) {
        String elementRate = String.format(Locale.ROOT, "%s Hz", deviceRateHz / 32);
        String text = e320Text()
                .replace("args: addr=127.0.0.1", "args: " + args)
                .replace("symbolRate: 1 kHz", "symbolRate: " + elementRate)
                .replace("sampleRate: 1 kHz", "sampleRate: " + elementRate);
        return Configs.parse("e320-sim.yaml (test)", text);
    }

    /**
     * Two simulated E320s as one multi-USRP (addr0, addr1), 2 receive elements at 250 kHz. Multi-USRP channel 0 (the
     * first device) feeds element {@code elementOfChannel0} with {@code gainChannel0Db}; channel 2 (the second
     * device's first channel) feeds the other element with {@code gainChannel2Db}.
     */
    static RunConfig twoE320(String name, String addr0, String addr1, int elementOfChannel0, double gainChannel0Db,
                             double gainChannel2Db) {
        String yaml = """
                carrierFrequency: 2.4 GHz
                symbolRate: 250 kHz
                cpiSymbols: 16
                arrays:
                  rx: {ula: {count: 2, spacingWavelengths: 0.5}}
                radio:
                  backend: uhd
                  sampleRate: 250 kHz
                  channels: 2
                  uhd:
                    args: addr0=%s,addr1=%s
                    timeAlignment: now
                    startDelay: 0.5 s
                    channels:
                      - {channel: 0, element: %d, antenna: RX2, gain: %s dB}
                      - {channel: 2, element: %d, antenna: RX2, gain: %s dB}
                  txLimits: {frequencyRanges: [[2.4 GHz, 2.5 GHz]], maxGain: 0 dB, maxSampleRate: 1 MHz}
                estimator:
                  type: dftmusic
                  lookup: {ranges: {min: 0.1 m, max: 1 m, count: 8}}
                """;
        return Configs.parse(name, String.format(Locale.ROOT, yaml, addr0, addr1, elementOfChannel0,
                gainChannel0Db, 1 - elementOfChannel0, gainChannel2Db));
    }

    /** Writes {@code samples} pseudo-random sc16 samples over the full int16 range (seeded); returns them. */
    static short[] randomSc16(Path file, int samples, long seed) throws IOException {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        short[] v = new short[2 * samples];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * samples).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < v.length; i++) {
            v[i] = (short) r.nextInt(-32768, 32768);
            b.putShort(v[i]);
        }
        Files.write(file, b.array());
        return v;
    }
}
