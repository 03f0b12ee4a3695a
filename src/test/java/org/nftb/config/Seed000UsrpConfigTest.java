package org.nftb.config;

import org.junit.jupiter.api.Test;
import org.nftb.device.TxBurst;
import org.nftb.device.TxInterlock;
import org.nftb.estimator.Estimators;
import org.nftb.methods.vmp.VmpSetup;
import org.nftb.model.MimoWaveform;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.run.Configs;

/** The lab hw-config for seed 000 on four USRP N310s loads, validates and fits the MIMO chain it feeds. */
class Seed000UsrpConfigTest {
    @Test
    void theFourN310MimoPairLoadsWithOneTxChannelPerTransmitElementAndFig1Geometry() {
        RunConfig c = Configs.load(Path.of("hw-config", "seed000-usrp-n310x4.yaml"));
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
        UhdConfig u = c.radio().uhd();
        assertEquals(4, u.motherboardsInArgs());
        assertEquals(UhdConfig.TimeAlignment.UNKNOWN_PPS, u.timeAlignment());
        // receive elements 0-7 on channels 8-15 (N310 #2, #3); transmit elements 0-7 on channels 0-7 (#0, #1)
        for (int e = 0; e < 8; e++) {
            assertEquals(e, u.rxChannels().get(e).element());
            assertEquals(8 + e, u.rxChannels().get(e).channel());
            assertEquals(e, u.tx().channels().get(e));
        }
        assertEquals(c.txArray().count(), u.tx().channels().size());
        // Fig. 1: transmit elements at D_0/2 + (i−1)d, receive elements at −D_0/2 − (j−1)d, D_0 = 1 m
        double d = c.wavelengthM() / 2;
        for (int i = 0; i < 8; i++) {
            assertEquals(0.5 + i * d, c.txArray().xM(i), 1e-6);
            assertEquals(-0.5 - i * d, c.rxArray().xM(i), 1e-6);
        }
        VmpSetup setup = assertInstanceOf(VmpSetup.class, Estimators.of(c.estimator()).setup(c));
        assertEquals(MimoWaveform.Scheme.TDM, setup.config().waveform());
        assertEquals(16, setup.samplesPerPulse());
        assertEquals(4, setup.newEstimator().layout().pairs());
        // the pipeline's burst: one channel per TX channel, and the interlock lets it through
        float[][] wave = setup.transmitPlan().cpiWaveform();
        assertEquals(u.tx().channels().size(), wave.length);
        new TxInterlock(c.radio().txLimits(), c.source()).check(new TxBurst(wave, c.carrierFrequencyHz(),
                setup.transmitPlan().gainDb(), c.radio().sampleRateHz(), -1));
    }
}
