package org.nftb.methods.ispac;

import org.nftb.config.ConfigException;
import org.nftb.config.RunConfig;
import org.nftb.device.RxBuffer;
import org.nftb.device.StreamStart;
import org.nftb.device.TxBurst;
import org.nftb.device.sim.SimulatedArray;
import org.nftb.estimator.EstimateFrame;
import org.nftb.estimator.Estimators;
import org.nftb.estimator.TargetEstimate;
import org.nftb.frontend.Snapshot;
import org.nftb.model.DoubleArrayModel;
import org.nftb.stream.CpiFrame;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.linalg.Cx;
import org.nftb.run.Configs;

/** The shipped seed-003 configuration on the simulated array: what the AT hears, and the estimate from it. */
class IspacLiveTest {
    private static final Path CONFIG = Path.of("hw-config/seed003-sim.yaml");

    private static RunConfig config(double snrDb) throws Exception {
        String yaml = Files.readString(CONFIG).replace("snrDb: 0}", "snrDb: " + snrDb + "}");
        return Configs.parse(CONFIG.toString(), yaml);
    }

    /** One CPI of the simulated AT after the MT's burst of the set-up's block. */
    private static float[] receiveOneCpi(RunConfig cfg, IspacSetup setup) {
        try (SimulatedArray sim = new SimulatedArray(cfg)) {
            sim.startStreaming(StreamStart.NOW);
            sim.transmit(new TxBurst(setup.cpiWaveform(), cfg.carrierFrequencyHz(), setup.gainDb(),
                    cfg.radio().sampleRateHz(), -1), 0);
            RxBuffer buffer = new RxBuffer(cfg.rxArray().count(), cfg.samplesPerCpi());
            sim.receive(buffer, 1_000_000_000L);
            int t = cfg.cpiSymbols();
            float[] y = new float[2 * cfg.rxArray().count() * t];
            for (int n = 0; n < cfg.rxArray().count(); n++) {
                System.arraycopy(buffer.channel(n), 0, y, 2 * n * t, 2 * t);
            }
            return y;
        }
    }

    @Test
    void theSimulatedAssistingArrayHearsExactlyTheDownlinkEchoOfEq13WithTheAtAtItsOwnPosition() throws Exception {
        RunConfig cfg = config(60);
        IspacSetup setup = (IspacSetup) Estimators.of(cfg.estimator()).setup(cfg);
        float[] heard = receiveOneCpi(cfg, setup);
        DoubleArrayModel m = setup.model();
        double th = Math.atan2(14.1421356 - m.originXM(), 14.1421356 - m.originYM());
        double r = Math.hypot(14.1421356 - m.originXM(), 14.1421356 - m.originYM());
        float[] model = IspacSignals.downlinkEcho(m, th, r, 1, 0, setup.block(), setup.snapshots(), 0, 0);
        // equal up to the unknown complex gain β: |<model, heard>|² / (‖model‖²‖heard‖²) = 1 − (noise share)
        double[] md = new double[model.length];
        double[] hd = new double[heard.length];
        for (int i = 0; i < md.length; i++) {
            md[i] = model[i];
            hd[i] = heard[i];
        }
        double[] c = new double[2];
        Cx.dot(md, hd, md.length / 2, c);
        double corr = (c[0] * c[0] + c[1] * c[1]) / (Cx.norm2(md, md.length / 2) * Cx.norm2(hd, hd.length / 2));
        // The simulator is exact physics: with separate arrays it also applies the 1/r spreading of each element's
        // path (seed 000 eq. 1), which eq. 13's unit-modulus near-field steering omits; across the AT's aperture at
        // 20 m that costs about 3e-5 of correlation (noise at 60 dB: 1e-6). Bound: 1e-4.
        assertTrue(corr > 1 - 1e-4, "normalised correlation " + corr);
    }

    @Test
    void theEstimatorOnOneSimulatedCpiFindsTheTargetWithinFourRootCrbsAndReportsOnlyThePositionCovariance()
            throws Exception {
        RunConfig cfg = config(0);
        IspacSetup setup = (IspacSetup) Estimators.of(cfg.estimator()).setup(cfg);
        float[] heard = receiveOneCpi(cfg, setup);
        Snapshot snap = new Snapshot(setup.newFrontEnd().outputShape());
        System.arraycopy(heard, 0, snap.data(), 0, heard.length);
        EstimateFrame frame = setup.newFrame();
        setup.newEstimator().estimate(snap, frame);
        TargetEstimate t = frame.target(0);
        DoubleArrayModel m = setup.model();
        double th = Math.atan2(14.1421356 - m.originXM(), 14.1421356 - m.originYM());
        double r = Math.hypot(14.1421356 - m.originXM(), 14.1421356 - m.originYM());
        assertTrue(t.consistent());
        assertEquals(th, t.angleRad(), 4 * Math.sqrt(t.polarCovariance(0, 0)));
        assertEquals(r, t.rangeM(), 4 * Math.sqrt(t.polarCovariance(1, 1)));
        assertTrue(Double.isNaN(t.polarCovariance(2, 2)) && Double.isNaN(t.cartesianCovariance(3, 0)));
        assertFalse(Double.isNaN(t.cartesianCovariance(0, 1)));
        assertEquals(0, t.diagnostic(2) - 1, 0.05, "noise variance of the simulated array is 1");
    }

    @Test
    void aMonostaticArrayIsRefusedNamingTheField() throws Exception {
        String yaml = Files.readString(CONFIG).replaceAll("(?s)  tx:\\n    ula: \\{count: 64[^\\n]*\\n", "  tx: rx\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Configs.parse("x.yaml", yaml));
        assertTrue(e.getMessage().contains("estimator") && e.getMessage().contains("two arrays"), e.getMessage());
    }

    @Test
    void aSceneWithoutAReflectingTransmitPathIsRefused() throws Exception {
        String yaml = Files.readString(CONFIG).replace("  transmitPath: reflect\n", "");
        ConfigException e = assertThrows(ConfigException.class, () -> Configs.parse("x.yaml", yaml));
        assertTrue(e.getMessage().contains("transmitPath"), e.getMessage());
    }
}
