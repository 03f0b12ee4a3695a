package org.nftb.methods.ispac;

import org.nftb.config.ConfigException;
import org.nftb.config.RunConfig;
import org.nftb.device.TxBurst;
import org.nftb.device.TxInterlock;
import org.nftb.estimator.Estimators;
import org.nftb.methods.ispac.design.DownlinkDesign;
import org.nftb.methods.ispac.design.DownlinkProblem;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.run.Configs;

/** The shipped seed-003 config transmits Algorithm 2's design, through the TX interlock; bad limits are refused. */
class IspacDesignLiveTest {
    private static final Path CONFIG = Path.of("hw-config/seed003-sim.yaml");

    private static RunConfig config(String from, String to) throws Exception {
        return Configs.parse(CONFIG.toString(), Files.readString(CONFIG).replace(from, to));
    }

    private static double trCrb(IspacSetup s) {
        double[] c = s.crb(Math.toRadians(44.2), 19.73, 1, 1);
        return c[0] + c[3];
    }

    @Test
    void theShippedConfigTransmitsTheCrbDesignWhichBeatsTheRandomTransmit() throws Exception {
        RunConfig designed = config("design: crb", "design: crb");
        RunConfig random = config("design: crb", "design: random\n  probingShare: 0.5");
        IspacSetup d = (IspacSetup) Estimators.of(designed.estimator()).setup(designed);
        IspacSetup r = (IspacSetup) Estimators.of(random.estimator()).setup(random);
        // same transmit power per sample (tr R_x = 1, up to the finite block), lower CRB at the target
        double pd = 0;
        for (int n = 0; n < 64; n++) {
            pd += d.blockCov()[2 * (n * 64 + n)];
        }
        assertTrue(Math.abs(pd - 1) < 0.2, "designed block power " + pd);
        assertTrue(trCrb(d) < 0.5 * trCrb(r), "designed " + trCrb(d) + " random " + trCrb(r));
        // the burst the radio thread sends passes the interlock of radio.txLimits
        new TxInterlock(designed.radio().txLimits(), designed.source()).check(new TxBurst(d.cpiWaveform(),
                designed.carrierFrequencyHz(), d.gainDb(), designed.radio().sampleRateHz(), -1));
    }

    @Test
    void theLiveDesignIsTheBenchmarkedMultiStartAndNoWorseThanEachOfItsSingleStarts() throws Exception {
        RunConfig cfg = config("design: crb", "design: crb");
        IspacSetup live = (IspacSetup) Estimators.of(cfg.estimator()).setup(cfg);
        IspacConfig c = live.config();
        DownlinkProblem pr = IspacSetup.downlinkProblem(cfg, c, live.model(), live.snapshots());
        DownlinkProblem far = pr.withChannels(IspacSetup.users(c, live.model()).far());
        DownlinkDesign.Result multi = DownlinkDesign.nearMultiStart(pr, far, c.rfChains(), c.seed(), 30, 1e-3);
        // what the radio transmits is the multi-start's analog network
        assertArrayEquals(multi.analog().dense(), live.hybrid().dense(), 0.0);
        double[] farF = DownlinkDesign.design(far, c.rfChains(), c.seed(), 30, 1e-3).phasesRad();
        double[] single = {
                DownlinkDesign.design(pr, c.rfChains(), c.seed(), 30, 1e-3).objective(),
                DownlinkDesign.design(pr, c.rfChains(), c.seed() + 1, 30, 1e-3).objective(),
                DownlinkDesign.design(pr, c.rfChains(), c.seed(), 30, 1e-3, 1, List.of(farF)).objective()};
        for (double v : single) {
            assertTrue(multi.objective() <= v * (1 + 1e-12), "multi-start " + multi.objective() + " single " + v);
        }
        // the single-start design the estimator used before is a different (worse) design on this scene
        assertTrue(multi.objective() < single[0] * (1 - 1e-6), "multi " + multi.objective() + " own start "
                + single[0]);
    }

    @Test
    void anUnreachableUserSinrIsRefusedNamingTheFieldAndTheShortfall() throws Exception {
        RunConfig cfg = config("userSinr: 10 dB", "userSinr: 40 dB");
        ConfigException e = assertThrows(ConfigException.class, () -> Estimators.of(cfg.estimator()).setup(cfg));
        assertTrue(e.getMessage().contains("estimator.userSinr") && e.getMessage().contains("lower every target by"),
                e.getMessage());
    }
}
