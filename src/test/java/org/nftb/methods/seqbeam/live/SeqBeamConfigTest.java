package org.nftb.methods.seqbeam.live;

import org.junit.jupiter.api.Test;
import org.nftb.cli.Main;
import org.nftb.config.ConfigException;
import org.nftb.config.RunConfig;
import org.nftb.run.Configs;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * hw-config/seed002-sim.yaml loads into the system it describes, and bad input in it is refused before anything
 * runs with an error naming the file, the field and the fix (issue 22's list: PT count 0 or 10⁴, a UE at the BS,
 * ρ_MS outside [0, 1], a power budget of 0, every PT behind the array; and the loop's own preconditions).
 */
class SeqBeamConfigTest {
    static final Path CONFIG = Path.of("hw-config/seed002-sim.yaml");

    static String shipped() throws Exception {
        return Files.readString(CONFIG);
    }

    static ConfigException refused(String yaml) {
        return assertThrows(ConfigException.class, () -> Configs.parse("bad.yaml", yaml));
    }

    static void assertNames(ConfigException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
        }
        assertTrue(e.getMessage().startsWith("bad.yaml: "), e.getMessage());
    }

    @Test
    void theShippedConfigurationLoadsIntoTheSystemItDescribes() throws Exception {
        RunConfig cfg = Configs.parse(CONFIG.toString(), shipped());
        LiveConfig c = (LiveConfig) cfg.estimator();
        assertEquals(16, c.sys().bsElements());
        assertEquals(64, c.sys().subcarriers());
        assertEquals(24e6, c.sys().bandwidthHz(), 1e-3);           // 48 MHz / R = 2
        assertEquals(192 / 48e6, c.sys().symbolPeriodS(), 1e-15);   // (R·M + cp) / sample rate
        assertEquals(64, c.sys().totalSymbols());
        assertEquals(8, c.sys().slots());
        assertEquals(0.5, c.rhoMs());
        assertEquals(1e-5, c.sys().powerBudgetW(), 1e-12);         // -20 dBm
        assertEquals(2, c.prior().ptCount());
        assertEquals("seqbeam", cfg.sequential().type());
    }

    @Test
    void aPriorWithoutPtsOrWithTenThousandIsRefusedNamingTheTargets() throws Exception {
        assertNames(refused(shipped().replace("targets: [[-14 m, 41 m], [19 m, 26 m]]", "targets: []")),
                "estimator.prior.targets", "1 to 16 passive targets", "got 0");
        StringJoiner many = new StringJoiner(", ", "targets: [", "]");
        for (int i = 0; i < 10_000; i++) {
            many.add("[" + (i % 100 - 50) + " m, " + (5 + i / 100) + " m]");
        }
        assertNames(refused(shipped().replace("targets: [[-14 m, 41 m], [19 m, 26 m]]", many.toString())),
                "estimator.prior.targets", "got 10000");
    }

    @Test
    void aUeAtTheBsIsRefusedNamingItsPosition() throws Exception {
        assertNames(refused(shipped().replace("position: [5 m, 29 m]", "position: [0 m, 0 m]")),
                "estimator.prior.ue.position", "from the BS");
    }

    @Test
    void rhoMsOutsideZeroToOneIsRefusedAndZeroLeavesNoMsSymbols() throws Exception {
        for (String bad : new String[] {"1.5", "-0.1"}) {
            assertNames(refused(shipped().replace("rhoMs: 0.5 ", "rhoMs: " + bad + " ")), "estimator.rhoMs",
                    "[0, 1]");
        }
        assertNames(refused(shipped().replace("rhoMs: 0.5 ", "rhoMs: 0 ")), "estimator.rhoMs", "no MS symbols");
    }

    @Test
    void aPowerBudgetOfZeroIsRefusedNamingIt() throws Exception {
        assertNames(refused(shipped().replace("powerBudget: -20 dBm", "powerBudget: 0 W")),
                "estimator.powerBudget", "> 0");
        assertNames(refused(shipped().replace("powerBudget: -20 dBm", "powerBudget: 0")),
                "estimator.powerBudget", "with its unit");
    }

    @Test
    void everyPtBehindTheArrayIsRefused() throws Exception {
        assertNames(refused(shipped().replace("targets: [[-14 m, 41 m], [19 m, 26 m]]",
                "targets: [[-14 m, -41 m], [19 m, -26 m]]")), "estimator.prior", "behind the BS array");
    }

    @Test
    void theLoopsPreconditionsAreNamed() throws Exception {
        assertNames(refused(shipped().replace("transmitPath: {mode: reflect, twoWay: true}", "transmitPath: reflect")),
                "scene.transmitPath", "twoWay");
        assertNames(refused(shipped().replace("symbolRate: 250 kHz", "symbolRate: 300 kHz")), "estimator",
                "R·M + cp = 192");
        assertNames(refused(shipped().replace("maxRange: 50 m", "maxRange: 500 m")), "estimator", "maxRange");
        assertNames(refused(shipped().replace("  tx: rx\n", "  tx: {ula: {count: 16, spacingWavelengths: 0.5, "
                + "origin: [1 m, 0 m]}}\n")), "estimator", "monostatic");
    }

    @Test
    void nftbRunExitsWithTwoOnBadInput(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, shipped().replace("rhoMs: 0.5 ", "rhoMs: 2 "));
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(2, cl.execute("run", "--config", cfg.toString(), "--cpis", "1", "--no-dashboard"));
        assertTrue(err.toString().contains("estimator.rhoMs"), err.toString());
    }
}
