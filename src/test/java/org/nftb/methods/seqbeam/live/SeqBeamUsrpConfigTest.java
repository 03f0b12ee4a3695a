package org.nftb.methods.seqbeam.live;

import org.junit.jupiter.api.Test;
import org.nftb.config.RunConfig;
import org.nftb.config.UhdConfig;
import org.nftb.device.TxBurst;
import org.nftb.device.TxInterlock;
import org.nftb.estimator.Estimators;
import org.nftb.run.Configs;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab hw-config for seed 002 on four USRP N310s loads and validates, and the first block it would send (designed
 * for its prior) passes the TX interlock on all 16 transmit channels.
 */
class SeqBeamUsrpConfigTest {
    @Test
    void theFourN310BsLoadsWithOneTxAndOneRxChannelPerElementAndItsFirstBlockPassesTheInterlock() {
        RunConfig c = Configs.load(Path.of("hw-config", "seed002-usrp-n310x4.yaml"));
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
        UhdConfig u = c.radio().uhd();
        assertEquals(4, u.motherboardsInArgs());
        for (int e = 0; e < 16; e++) {
            assertEquals(e, u.rxChannels().get(e).element());
            assertEquals(e, u.rxChannels().get(e).channel());
            assertEquals(e, u.tx().channels().get(e));
        }
        LiveConfig lc = (LiveConfig) c.estimator();
        assertEquals(16, lc.sys().bsElements());
        assertEquals(15.36e6, lc.sys().bandwidthHz(), 1e-3);
        assertEquals(192, lc.samplesPerSymbol());
        assertEquals(c.samplesPerSymbol(), lc.samplesPerSymbol());
        SeqBeamSetup setup = assertInstanceOf(SeqBeamSetup.class, Estimators.of(c.estimator()).setup(c));
        float[][] wave = setup.transmitPlan().cpiWaveform();
        assertEquals(16, wave.length);
        assertEquals(2 * c.samplesPerCpi(), wave[0].length);
        new TxInterlock(c.radio().txLimits(), c.source()).check(new TxBurst(wave, c.carrierFrequencyHz(),
                setup.transmitPlan().gainDb(), c.radio().sampleRateHz(), -1));
    }
}
