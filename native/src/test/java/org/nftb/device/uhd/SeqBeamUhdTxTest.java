package org.nftb.device.uhd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.run.Configs;
import org.nftb.config.RunConfig;
import org.nftb.device.TxBurst;
import org.nftb.device.TxRefusedException;
import org.nftb.methods.seqbeam.BlockPlan;
import org.nftb.methods.seqbeam.ChannelFim;
import org.nftb.methods.seqbeam.SeqBeamScene;
import org.nftb.methods.seqbeam.SlotSchedule;
import org.nftb.methods.seqbeam.Stage;
import org.nftb.methods.seqbeam.SystemParams;
import org.nftb.methods.seqbeam.design.Design;
import org.nftb.methods.seqbeam.design.Designer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 002's block on UHD's simulated E320 (one TX chain): element 0 of a 16-element separate design's block goes
 * through UhdRadio's TX interlock into libuhd and reaches the simulator's sink sample for sample (sc16, ±1 LSB); a
 * block beyond {@code radio.txLimits.maxAmplitude} is refused by the plan naming the slot and by the radio's
 * interlock, and nothing reaches the sink.
 */
class SeqBeamUhdTxTest {
    static final double RATE = 1.6e6;

    static BlockPlan plan(double headroom) {
        SystemParams s = SystemParams.tableII().withSize(16, 4, 16, RATE, 4, 3).withCovarianceSymbols(0);
        SystemParams sys = new SystemParams(s.bsElements(), s.ueElements(), 5.8e9, s.bandwidthHz(), s.subcarriers(),
                s.powerBudgetW(), s.slots(), s.symbolsPerSlot(), s.clockBiasS(), s.ueOrientationRad(),
                s.noisePsdWPerHz(), s.noiseFigureDb(), s.pathLossExponent(), s.shadowingDb(), s.ptRcsM2(),
                s.ueRcsM2(), SystemParams.Layout.SEQUENTIAL, 20 / RATE, 0);
        SeqBeamScene scene = new SeqBeamScene(new double[] {3, 20}, new double[] {5, 2},
                new double[][] {{-6, 15}, {8, 25}}, null, null, null, null);
        Designer d = new Designer(sys, scene, ChannelFim.Mode.EXACT);
        Design x = d.separate(0.5, 3);
        SlotSchedule ms = x.schedule(Stage.MS, sys);
        SlotSchedule bp = x.schedule(Stage.BP, sys);
        double peak = 0;
        for (SlotSchedule sc : new SlotSchedule[] {ms, bp}) {
            for (int l = 0; l < sys.slots(); l++) {
                for (int n = 0; n < sys.bsElements(); n++) {
                    peak = Math.max(peak, sc.amplitude(l, n));
                }
            }
        }
        return new BlockPlan(sys, d.msPhase(0.5), ms, d.bpPhase(0.5), bp, 4,
                peak * peak * sys.subcarriers() * headroom * headroom, 10);
    }

    static RunConfig config(String args) {
        String text = SimConfigs.e320Text()
                .replace("args: addr=127.0.0.1", "args: " + args)
                .replace("symbolRate: 1 kHz", "symbolRate: 50000 Hz")
                .replace("sampleRate: 1 kHz", "sampleRate: 50000 Hz")
                .replace("maxSampleRate: 2 MHz", "maxSampleRate: 2 MHz\n    maxAmplitude: 0.9");
        return Configs.parse("e320-sim.yaml (seqbeam test)", text);
    }

    /** Element 0's samples of the block on the radio's one TX chain. */
    static TxBurst elementZero(BlockPlan p) {
        TxBurst all = p.burst(5.8e9, -1);
        return new TxBurst(new float[][] {all.samples()[0]}, all.centerFrequencyHz(), all.gainDb(),
                all.sampleRateHz(), -1);
    }

    @Test
    void elementZeroOfADesignedBlockReachesTheSimulatorsSinkSampleForSample(@TempDir Path dir) throws Exception {
        BlockPlan p = plan(1.25);
        Path sink = dir.resolve("tx.sc16");
        try (UhdSimulator sim = UhdSimulator.start(dir.resolve("sim"), null, sink);
             UhdRadio radio = new UhdRadio(config(sim.deviceArgs()))) {
            RunConfig cfg = config(sim.deviceArgs());
            p.check(cfg.radio().txLimits(), cfg.source());
            TxBurst b = elementZero(p);
            radio.transmit(b, 2_000_000_000L);
            int n = b.length();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Files.size(sink) < 4L * n && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(300);
            byte[] got = Files.readAllBytes(sink);
            assertEquals(4 * n, got.length, "the whole block of element 0");
            ByteBuffer bb = ByteBuffer.wrap(got).order(ByteOrder.LITTLE_ENDIAN);
            float[] x = b.samples()[0];
            for (int i = 0; i < 2 * n; i++) {
                assertEquals(x[i] * 32767.0, bb.getShort(), 1.0, "sc16 value " + i);
            }
        }
    }

    @Test
    void aBlockBeyondTheAmplitudeLimitIsRefusedAndNothingReachesTheSink(@TempDir Path dir) throws Exception {
        BlockPlan p = plan(0.8);
        Path sink = dir.resolve("tx.sc16");
        try (UhdSimulator sim = UhdSimulator.start(dir.resolve("sim"), null, sink);
             UhdRadio radio = new UhdRadio(config(sim.deviceArgs()))) {
            RunConfig cfg = config(sim.deviceArgs());
            TxRefusedException e = assertThrows(TxRefusedException.class,
                    () -> p.check(cfg.radio().txLimits(), cfg.source()));
            assertTrue(e.getMessage().contains("design's slot") && e.getMessage().contains("maxAmplitude 0.9000"),
                    e.getMessage());
            TxBurst b = elementZero(p);
            boolean over = false;
            for (int i = 0; i < b.samples()[0].length; i += 2) {
                over |= Math.hypot(b.samples()[0][i], b.samples()[0][i + 1]) > 0.9;
            }
            if (over) {
                assertThrows(TxRefusedException.class, () -> radio.transmit(b, 1_000_000_000L));
            }
            Thread.sleep(500);
            assertEquals(0, Files.size(sink), "nothing reached the simulator");
        }
    }
}
