package org.nftb.methods.ispac;

import org.nftb.config.ConfigException;
import org.nftb.config.RunConfig;
import org.nftb.device.TxBurst;
import org.nftb.device.TxInterlock;
import org.nftb.estimator.Estimators;
import org.nftb.methods.ispac.design.UplinkDesign;
import org.nftb.methods.ispac.design.UplinkProblem;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.run.Configs;

/**
 * The uplink of the shipped seed-003 config (arrays swapped: the 16-element AT transmits, the 64-element MT
 * receives) with {@code design: crb} transmits Algorithm 6's probing through the TX interlock and combines with its
 * F; unreachable SINR limits are refused naming the field and the shortfall.
 */
class IspacUplinkDesignLiveTest {
    private static final Path CONFIG = Path.of("hw-config/seed003-sim.yaml");

    private static RunConfig uplink(String design) throws Exception {
        String text = Files.readString(CONFIG)
                .replace("tx:\n    ula: {count: 64, spacing: 7.8125 mm, origin: [0 m, 0 m], orientation: 0 deg}",
                        "rx:\n    ula: {count: 64, spacing: 7.8125 mm, origin: [0 m, 0 m], orientation: 0 deg}")
                .replace("rx:\n    ula: {count: 16, spacingWavelengths: 0.5, origin: [0.390149 m, 0 m],",
                        "tx:\n    ula: {count: 16, spacingWavelengths: 0.5, origin: [0.390149 m, 0 m],")
                .replace("channels: 16", "channels: 64")
                .replace("link: downlink", "link: uplink")
                .replace("  userSinr: 10 dB       # every user's SINR limit (eq. 26c)\n", "")
                .replace("design: crb", design);
        assertTrue(text.contains("link: uplink") && text.contains("rx:\n    ula: {count: 64"), "config edit");
        return Configs.parse(CONFIG.toString(), text);
    }

    private static double trCrb(IspacSetup s) {
        double[] c = s.crb(Math.toRadians(45), 20, 1, 1);
        return c[0] + c[3];
    }

    @Test
    void theUplinkTransmitsAlgorithmSixsProbingWhichBeatsWhiteProbingThroughTheInterlock() throws Exception {
        RunConfig designed = uplink("design: crb");
        RunConfig random = uplink("design: random");
        RunConfig byDefault = uplink("");
        assertTrue(trCrb((IspacSetup) Estimators.of(byDefault.estimator()).setup(byDefault)) == trCrb(
                (IspacSetup) Estimators.of(designed.estimator()).setup(designed)), "crb is the uplink default");
        IspacSetup d = (IspacSetup) Estimators.of(designed.estimator()).setup(designed);
        IspacSetup r = (IspacSetup) Estimators.of(random.estimator()).setup(random);
        double pd = 0;
        for (int n = 0; n < 16; n++) {
            pd += d.blockCov()[2 * (n * 16 + n)];
        }
        assertTrue(pd < 1.2 && pd > 0.5, "designed probing power " + pd);
        assertTrue(trCrb(d) < 0.5 * trCrb(r), "designed " + trCrb(d) + " random " + trCrb(r));
        new TxInterlock(designed.radio().txLimits(), designed.source()).check(new TxBurst(d.cpiWaveform(),
                designed.carrierFrequencyHz(), d.gainDb(), designed.radio().sampleRateHz(), -1));
    }

    @Test
    void theUplinkCombinesWithTheBenchmarkedMultiStartDesign() throws Exception {
        RunConfig cfg = uplink("design: crb");
        IspacSetup live = (IspacSetup) Estimators.of(cfg.estimator()).setup(cfg);
        IspacConfig c = live.config();
        UplinkProblem pr = IspacSetup.uplinkProblem(cfg, c, live.model(), live.snapshots());
        UplinkProblem far = pr.withChannels(IspacSetup.users(c, live.model()).far());
        UplinkDesign.Result multi = UplinkDesign.nearMultiStart(pr, far, c.rfChains(), c.seed(), 30, 1e-3);
        assertArrayEquals(multi.analog().dense(), live.hybrid().dense(), 0.0);
        double own = UplinkDesign.design(pr, c.rfChains(), c.seed(), 30, 1e-3).objective();
        assertTrue(multi.objective() <= own * (1 + 1e-12), "multi-start " + multi.objective() + " own " + own);
    }

    @Test
    void anUnreachableUplinkSinrIsRefusedNamingTheFieldAndTheShortfall() throws Exception {
        RunConfig cfg = uplink("design: crb\n  userSinr: 40 dB\n  # 10 dB below replaced");
        ConfigException e = assertThrows(ConfigException.class, () -> Estimators.of(cfg.estimator()).setup(cfg));
        assertTrue(e.getMessage().contains("estimator.userSinr") && e.getMessage().contains("uplink design: user")
                && e.getMessage().contains("dB short of its 40.00 dB limit"), e.getMessage());
    }
}
