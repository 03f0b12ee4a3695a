package org.nftb.hardening;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nftb.config.ConfigException;
import org.nftb.config.RunConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.run.Configs;

/**
 * Each case a hostile user found (issue 7) gets a clear error naming the file and the field, at load time, so that
 * nothing the loader accepts can hang or crash a run later.
 */
class ConfigHardeningTest {
    static final String BASE = read();

    static String read() {
        try {
            return Files.readString(Path.of("hw-config/seed001-sim.yaml"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ConfigException refused(String yaml) {
        return assertThrows(ConfigException.class, () -> Configs.parse("fuzz.yaml", yaml));
    }

    @ParameterizedTest(name = "{0} -> {1} is refused naming {2}")
    @CsvSource(delimiter = '|', value = {
        "sampleRate: 5 kHz                 | sampleRate: 1e308                  | radio.sampleRate",
        "sampleRate: 5 kHz                 | sampleRate: 5e12 Hz                | radio.sampleRate",
        "sampleRate: 5 kHz                 | sampleRate: 28 gHZ                 | radio.sampleRate",
        "symbolRate: 5 kHz                 | symbolRate: 1e-320                 | symbolRate",
        "spacingWavelengths: 0.5           | spacing: 1e300 m                   | arrays.rx.ula",
        "count: 256                        | count: 2147483647                  | arrays.rx.ula.count",
        "angleFftSize: 512                 | angleFftSize: 1073741824           | estimator",
        "dopplerFftSize: 128               | dopplerFftSize: 1048576            | estimator",
        "carrierFrequency: 28 GHz          | carrierFrequency: 1e308 GHz        | carrierFrequency",
        "carrierFrequency: 28 GHz          | carrierFrequency: 1e30 Hz          | carrierFrequency",
        "processedSnrDb: 50                | processedSnrDb: 1000               | scene.targets[0]",
        "radialVelocity: 10 m/s            | radialVelocity: 1e308 m/s          | scene.targets[0]",
        "radialVelocity: 10 m/s            | radialVelocity: 299792458 m/s      | scene.targets[0]",
        "amplitudeMax: 1 dB                | amplitudeMax: 1e308 dB             | scene.calibrationErrors.amplitudeMax",
        "phaseMax: 5 deg                   | phaseMax: 1e9 deg                  | scene.calibrationErrors.phaseMax",
        "range: 7.0165 m                   | range: .nan                        | scene.targets[0].range",
        "range: 7.0165 m                   | range: .inf                        | scene.targets[0].range",
    })
    void aValueOutsideWhatCanRunIsRefusedNamingItsField(String from, String to, String field) {
        assertTrue(BASE.contains(from.trim()), from);
        ConfigException e = refused(BASE.replace(from.trim(), to.trim()));
        assertTrue(e.getMessage().startsWith("fuzz.yaml: " + field.trim()), e.getMessage());
    }

    @Test
    void ringSlotsOf2To20AreRefusedBeforeAnythingIsAllocated() {
        for (int k : new int[] {11, 20, 30}) {
            ConfigException e = refused(BASE + "pipeline: {ringSlots: " + (1 << k) + "}\n");
            assertEquals("pipeline.ringSlots", e.field(), e.getMessage());
        }
    }

    @Test
    void lookupTablesOfBillionsOfEntriesOrAstronomicalRangesAreRefused() {
        String grids = "  lookup: {angles: {min: -60 deg, max: 60 deg, count: 4096}, ranges: {min: 1 m, max: 20 m, "
                + "count: 4096}, transverseVelocities: {min: 0 m/s, max: 20 m/s, count: 4096}}\n";
        ConfigException e = refused(BASE.replace("  refinementSweeps: 2\n", "  refinementSweeps: 2\n" + grids));
        assertEquals("estimator.lookup", e.field(), e.getMessage());
        String far = "  lookup: {ranges: {min: 1 m, max: 1e300 m, count: 8}}\n";
        e = refused(BASE.replace("  refinementSweeps: 2\n", "  refinementSweeps: 2\n" + far));
        assertEquals("estimator.lookup", e.field(), e.getMessage());
    }

    @Test
    void aKeyGivenTwiceIsRefusedInsteadOfTheSecondSilentlyWinning() {
        ConfigException e = refused(BASE.replace("carrierFrequency: 28 GHz", "carrierFrequency: 28 GHz\n"
                + "carrierFrequency: 2.8 GHz"));
        assertTrue(e.getMessage().contains("carrierFrequency") && e.getMessage().contains("uplicate"), e.getMessage());
    }

    @Test
    void extraYamlDocumentsAreRefusedValidOrNot() {
        assertTrue(refused(BASE + "---\nname: other\n").getMessage().contains("more than one YAML document"));
        assertThrows(ConfigException.class, () -> Configs.parse("fuzz.yaml", BASE + "---\n: : [\n"));
    }

    @Test
    void aNonUtf8FileIsRefusedNamingTheByteOffset(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("latin1.yaml");
        Files.write(f, ("name: caf\u00e9\n" + BASE).getBytes(StandardCharsets.ISO_8859_1));
        ConfigException e = assertThrows(ConfigException.class, () -> Configs.load(f));
        assertTrue(e.getMessage().contains("not UTF-8") && e.getMessage().contains("byte offset 9"), e.getMessage());
    }

    @Test
    void anEndlessFileLikeDevZeroIsRefusedBySizeNotReadUntilTheHeapIsGone() {
        Path zero = Path.of("/dev/zero");
        if (!Files.isReadable(zero)) {
            return;   // not a Unix machine: the size limit is tested below with a real file
        }
        ConfigException e = assertThrows(ConfigException.class, () -> Configs.load(zero));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
    }

    @Test
    void aHugeFileOrNameIsRefusedAtOnce(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("big.yaml");
        Files.writeString(f, BASE.replace("name: seed 001", "name: " + "x".repeat(5_000_000) + " seed 001"));
        ConfigException e = assertThrows(ConfigException.class, () -> Configs.load(f));
        assertTrue(e.getMessage().contains("larger than 4 MiB"), e.getMessage());
        ConfigException n = refused(BASE.replace("name: seed 001", "name: " + "y".repeat(300) + " seed 001"));
        assertEquals("name", n.field(), n.getMessage());
    }

    @Test
    void aHugeValueIsNotEchoedInFull() {
        String huge = "x".repeat(1_000_000);
        ConfigException e = refused(BASE.replace("carrierFrequency: 28 GHz", "carrierFrequency: " + huge));
        assertTrue(e.getMessage().length() < 600, "message of " + e.getMessage().length() + " characters");
        assertTrue(e.getMessage().contains("(1000000 characters)"), e.getMessage());
    }

    @Test
    void aReceiveOnlyConfigurationLoadsAndSaysTransmittingIsDisabled() {
        String rxOnly = BASE.replace("  txLimits:\n    frequencyRanges: [[27.5 GHz, 28.5 GHz]]\n    maxGain: 30 dB\n"
                + "    maxSampleRate: 1 MHz\n", "");
        RunConfig cfg = Configs.parse("rx-only.yaml", rxOnly);
        assertTrue(!cfg.radio().txLimits().enabled());
    }

    @Test
    void aLargeArrayLoadsInLinearTime() {
        // 65 536 listed element positions: validation must not be quadratic in the element count (issue 7 measured
        // 29 s); this is a correctness test of the limit, so the bound is generous: a quadratic loader needs minutes
        StringBuilder elements = new StringBuilder();
        for (int i = 0; i < 65_536; i++) {
            elements.append(i == 0 ? "" : ", ").append("[").append(i * 0.0025).append(", 0]");
        }
        String yaml = BASE.replace("ula: {count: 256, spacingWavelengths: 0.5, origin: [0 m, 0 m], orientation: 0 deg}",
                "elements: [" + elements + "]").replace("channels: 256", "channels: 65536");
        long t0 = System.nanoTime();
        ConfigException e = refused(yaml);   // refused later for dftmusic's memory or scene, but parsed fully
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 20, "took " + seconds + " s: " + e.getMessage());
    }
}
