package org.nftb.device.uhd;

import org.nftb.config.ConfigLoader;
import org.nftb.config.RunConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

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
        return ConfigLoader.parse("e320-sim.yaml (test)", text);
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
