package org.nftb.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.run.Configs;

class ConfigLoaderTest {

    static String defaultYaml() throws Exception {
        return Files.readString(Path.of("hw-config/seed001-sim.yaml"));
    }

    static ConfigException fails(String yaml) {
        return assertThrows(ConfigException.class, () -> Configs.parse("test.yaml", yaml));
    }

    @Test
    void theEmbeddedDefaultIsTheSeed001Scenario() {
        RunConfig c = Configs.loadDefault();
        assertEquals(28e9, c.carrierFrequencyHz());
        assertEquals(5e3, c.symbolRateHz());
        assertEquals(32, c.cpiSymbols());
        assertEquals(256, c.rxArray().count());
        assertTrue(c.monostatic());
        assertEquals(Backend.SIM, c.radio().backend());
        // r_RD = 2 (N d)^2 / λ = 350.8 m (paper: 350 m); target at r_RD/50
        assertEquals(350.8, c.rxArray().rayleighDistanceM(c.wavelengthM()), 0.05);
        SceneConfig.Target t = c.scene().targets().get(0);
        var polar = t.initial().toPolar(0, 0);
        assertEquals(Math.PI / 12, polar.angleRad(), 1e-12);
        assertEquals(c.rxArray().rayleighDistanceM(c.wavelengthM()) / 50, polar.rangeM(), 1e-3);
        // processed SNR 50 dB = per-sample + 10 log10(256·32) = per-sample + 39.13 dB
        assertEquals(50 - 10 * Math.log10(256 * 32), t.perSampleSnrDb(), 1e-12);
        assertEquals(Math.toRadians(5), c.scene().calibrationErrors().phaseMaxRad(), 1e-15);
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
    }

    @Test
    void theResourceAndTheHwConfigFileAreTheSameFile() throws Exception {
        RunConfig fromFile = Configs.load(Path.of("hw-config/seed001-sim.yaml"));
        RunConfig embedded = Configs.loadDefault();
        assertEquals(fromFile.name(), embedded.name());
        assertEquals(fromFile.scene().targets(), embedded.scene().targets());
    }

    @Test
    void anUnknownKeyIsNamedWithItsPathAndTheAllowedKeys() throws Exception {
        ConfigException e = fails(defaultYaml().replace("cpiSymbols: 32", "cpiSymbols: 32\ncpiSymbol: 32"));
        assertEquals("test.yaml", e.file());
        assertEquals("cpiSymbol", e.field());
        assertTrue(e.getMessage().contains("unknown key 'cpiSymbol'"), e.getMessage());
        assertTrue(e.getMessage().contains("cpiSymbols"), e.getMessage());
    }

    @Test
    void aNestedUnknownKeyNamesTheFullPath() throws Exception {
        ConfigException e = fails(defaultYaml().replace("processedSnrDb: 50}", "processedSnrDb: 50, speed: 3}"));
        assertEquals("scene.targets[0].speed", e.field());
    }

    @Test
    void aMissingFieldIsNamed() throws Exception {
        ConfigException e = fails(defaultYaml().replace("carrierFrequency: 28 GHz\n", ""));
        assertEquals("carrierFrequency", e.field());
        assertTrue(e.getMessage().contains("missing required field"));
    }

    @Test
    void aWrongUnitIsRefusedWithTheExpectedForm() throws Exception {
        ConfigException e = fails(defaultYaml().replace("carrierFrequency: 28 GHz", "carrierFrequency: 28 GB"));
        assertEquals("carrierFrequency", e.field());
        assertTrue(e.getMessage().contains("unknown unit 'GB'"), e.getMessage());
    }

    @Test
    void aBareAngleIsRefusedBecauseDegreesAndRadiansAreAmbiguous() throws Exception {
        ConfigException e = fails(defaultYaml().replace("angle: 15 deg", "angle: 15"));
        assertEquals("scene.targets[0].angle", e.field());
        assertTrue(e.getMessage().contains("write the unit"), e.getMessage());
    }

    @Test
    void aChannelCountThatDoesNotMatchTheElementsIsRefused() throws Exception {
        ConfigException e = fails(defaultYaml().replace("channels: 256", "channels: 128"));
        assertEquals("radio.channels", e.field());
        assertTrue(e.getMessage().contains("256 elements"), e.getMessage());
    }

    @Test
    void aSampleRateThatIsNotAWholeMultipleOfTheSymbolRateIsRefused() throws Exception {
        ConfigException e = fails(defaultYaml().replace("sampleRate: 5 kHz", "sampleRate: 7.5 kHz"));
        assertEquals("radio.sampleRate", e.field());
    }

    @Test
    void fftSizesMustBePowersOfTwoCoveringTheSnapshot() throws Exception {
        assertEquals("estimator.dopplerFftSize",
                fails(defaultYaml().replace("dopplerFftSize: 128", "dopplerFftSize: 100")).field());
        assertEquals("estimator.angleFftSize",
                fails(defaultYaml().replace("angleFftSize: 512", "angleFftSize: 128")).field());
    }

    @Test
    void malformedYamlNamesTheLine() {
        ConfigException e = fails("name: x\narrays: [unclosed\n");
        assertTrue(e.getMessage().startsWith("test.yaml: arrays[0]: not valid YAML at line 2"), e.getMessage());
    }

    @Test
    void anEmptyFileIsRefused() {
        assertTrue(fails("").getMessage().contains("empty"));
    }

    @Test
    void aMissingFileIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> Configs.load(Path.of("nope/x.yaml")));
        assertTrue(e.getMessage().contains("nope/x.yaml") && e.getMessage().contains("no such file"));
    }

    @Test
    void aTargetBeyondTheEffectiveBeamfocusingDistanceWarnsButLoads() throws Exception {
        RunConfig c = Configs.parse("test.yaml", defaultYaml().replace("range: 7.0165 m", "range: 60 m"));
        assertEquals(1, c.warnings().size());
        assertTrue(c.warnings().get(0).contains("effective beamfocusing Rayleigh distance"), c.warnings().get(0));
        assertTrue(c.warnings().get(0).startsWith("scene.targets[0]"));
    }

    @Test
    void aTargetCanBeGivenInCartesianCoordinates() throws Exception {
        RunConfig c = Configs.parse("test.yaml", defaultYaml().replace(
                "{range: 7.0165 m, angle: 15 deg, radialVelocity: 10 m/s, transverseVelocity: 8 m/s, processedSnrDb: 50}",
                "{position: [1 m, 5 m], velocity: [2 m/s, -1 m/s], snrDb: 10}"));
        var t = c.scene().targets().get(0);
        assertEquals(1, t.initial().xM());
        assertEquals(-1, t.initial().vyMps());
        assertEquals(10, t.perSampleSnrDb());
    }

    @Test
    void anRcsTargetUsesTheRadarEquation() throws Exception {
        RunConfig c = Configs.parse("test.yaml", defaultYaml()
                .replace("processedSnrDb: 50}", "rcs: 1 m2}")
                .replace("  motion: frozen", "  motion: frozen\n  link: {txPower: 30 dBm, antennaGain: 20 dBi, noiseFigure: 5 dB}"));
        // eq. (6) in decibels, written out here rather than taken from model.RadarEquation: P_T 30 dBm = 0 dBW,
        // G 20 dBi twice, λ = c/28 GHz, σ 1 m², (4π)³, r = 7.0165 m to the fourth, over k T₀ B F with B = 5 kHz
        double lambda = 299_792_458.0 / 28e9;
        double expected = (30 - 30) + 2 * 20 + 20 * Math.log10(lambda) + 10 * Math.log10(1.0)
                - 30 * Math.log10(4 * Math.PI) - 40 * Math.log10(7.0165)
                - 10 * Math.log10(1.380649e-23 * 290 * 5e3) - 5;
        assertEquals(expected, c.scene().targets().get(0).perSampleSnrDb(), 1e-9);
        // by hand: Pt G² λ² σ = 1·1e4·1.1464e-4·1 = 1.1464; (4π)³ r⁴ = 1984.4·2423.7 = 4.8096e6 → 2.3836e-7 W;
        // noise kT0BF = 1.380649e-23·290·5e3·3.1623 = 6.331e-17 W → 3.765e9 = 95.76 dB
        assertEquals(95.76, c.scene().targets().get(0).perSampleSnrDb(), 0.02);
    }

    @Test
    void transverseLookupGridMustStartAtZero() throws Exception {
        ConfigException e = fails(defaultYaml().replace("refinementSweeps: 2",
                "refinementSweeps: 2\n  lookup: {transverseVelocities: {min: -5 m/s, max: 20 m/s, count: 11}}"));
        assertEquals("estimator.lookup.transverseVelocities", e.field());
    }

    @Test
    void dftmusicRefusesAnArrayThatIsNotAUlaAlongX() throws Exception {
        ConfigException e = fails(defaultYaml().replace("orientation: 0 deg", "orientation: 30 deg"));
        assertEquals("arrays.rx", e.field());
        assertTrue(e.getMessage().contains("uniform linear array along the x-axis"), e.getMessage());
    }

    @Test
    void anArrayTooSmallForTheNearFieldIsRefusedNamingTheEstimator() throws Exception {
        ConfigException e = fails(defaultYaml().replace("count: 256", "count: 2").replace("channels: 256", "channels: 2")
                .replace("angleFftSize: 512", "angleFftSize: 8"));
        assertEquals("estimator", e.field());
        assertTrue(e.getMessage().contains("too small for dftmusic"), e.getMessage());
    }

    @Test
    void aTargetBehindTheArrayIsRefused() throws Exception {
        ConfigException e = fails(defaultYaml().replace(
                "{range: 7.0165 m, angle: 15 deg, radialVelocity: 10 m/s, transverseVelocity: 8 m/s, processedSnrDb: 50}",
                "{position: [1 m, -5 m], snrDb: 10}"));
        assertEquals("scene.targets[0].position", e.field());
    }

    @Test
    void theProcessingGainCountsTheIntegratedSamplesPerSymbol() throws Exception {
        RunConfig c = Configs.parse("test.yaml", defaultYaml().replace("sampleRate: 5 kHz", "sampleRate: 20 kHz"));
        assertEquals(50 - 10 * Math.log10(256 * 32 * 4.0), c.scene().targets().get(0).perSampleSnrDb(), 1e-12);
    }

    @Test
    void aTargetOutsideTheLookupAngleGridWarns() throws Exception {
        RunConfig c = Configs.parse("test.yaml", defaultYaml().replace("angle: 15 deg", "angle: 70 deg")
                .replace("range: 7.0165 m", "range: 2 m"));
        assertTrue(c.warnings().stream().anyMatch(w -> w.contains("outside the lookup angle grid")), c.warnings().toString());
    }

    @Test
    void theReplayBackendNeedsItsCaptureAndReadsItsSettings() throws Exception {
        ConfigException e = fails(defaultYaml().replace("backend: sim", "backend: replay"));
        assertEquals("radio.replay", e.field());
        assertTrue(e.getMessage().contains("replay.capture"), e.getMessage());
        RunConfig ok = Configs.parse("r.yaml", defaultYaml().replace("backend: sim", "backend: replay\n  replay: "
                + "{capture: captures/run1, pace: max, loop: true, from: 1 s, to: 2500 ms}"));
        assertEquals(new ReplayConfig("captures/run1", ReplayConfig.Pace.MAX, true, 1.0, 2.5), ok.radio().replay());
        e = fails(defaultYaml().replace("backend: sim", "backend: replay\n  replay: {capture: c, from: 3 s, to: 2 s}"));
        assertEquals("radio.replay.to", e.field());
        e = fails(defaultYaml().replace("backend: sim", "backend: sim\n  replay: {capture: c}"));
        assertEquals("radio.replay", e.field());
        assertTrue(e.getMessage().contains("only read by backend replay"), e.getMessage());
    }

    @Test
    void theSimBackendNeedsAScene() throws Exception {
        String yaml = defaultYaml();
        ConfigException e = fails(yaml.substring(0, yaml.indexOf("scene:")));
        assertEquals("scene", e.field());
    }
}
