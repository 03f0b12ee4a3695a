package org.nftb.methods.seqbeam;

import org.junit.jupiter.api.Test;
import org.nftb.run.Configs;
import org.nftb.config.RunConfig;
import org.nftb.device.RxBuffer;
import org.nftb.device.StreamStart;
import org.nftb.device.TxRefusedException;
import org.nftb.device.sim.SimulatedArray;
import org.nftb.methods.seqbeam.design.Design;
import org.nftb.methods.seqbeam.design.Designer;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 002's beams on the air, on the simulated array: a separate sequential design's block (MS then BP slot beams)
 * goes through the TX interlock into the simulator, whose field probes at the UE and the PTs measure the energy
 * radiated towards each per symbol; per slot, the measured array gain must match the design's
 * {@code |bᵀ f_l|² / ‖f_l‖²} within 0.5 dB. A design beyond the interlock's amplitude limit is refused before
 * anything is sent, naming the slot.
 */
class OnAirSimTest {
    static final double[] UE = {3, 20};
    static final double[][] PTS = {{-6, 15}, {8, 25}};
    static final double SAMPLE_RATE = 1.6e6;
    static final int CP = 4;

    static SystemParams system() {
        // 16 elements at 28 GHz, M = 16 subcarriers over 1.6 MHz, L = 4 slots of P = 3 symbols; T_sym = (M + cp)/B
        SystemParams s = SystemParams.tableII().withSize(16, 4, 16, SAMPLE_RATE, 4, 3).withCovarianceSymbols(0);
        return new SystemParams(s.bsElements(), s.ueElements(), s.carrierHz(), s.bandwidthHz(), s.subcarriers(),
                s.powerBudgetW(), s.slots(), s.symbolsPerSlot(), s.clockBiasS(), s.ueOrientationRad(),
                s.noisePsdWPerHz(), s.noiseFigureDb(), s.pathLossExponent(), s.shadowingDb(), s.ptRcsM2(),
                s.ueRcsM2(), SystemParams.Layout.SEQUENTIAL, (16 + CP) / SAMPLE_RATE, 0);
    }

    static RunConfig simConfig(SystemParams sys) {
        String yaml = String.format(Locale.ROOT, """
                carrierFrequency: 28 GHz
                symbolRate: %s Hz
                cpiSymbols: %d
                arrays:
                  rx: {ula: {count: %d, spacingWavelengths: 0.5}}
                  tx: rx
                radio:
                  backend: sim
                  sampleRate: %s Hz
                  channels: %d
                  txLimits: {frequencyRanges: [[27.5 GHz, 28.5 GHz]], maxGain: 10 dB, maxSampleRate: 10 MHz,
                             maxAmplitude: 1.0}
                estimator: {type: dftmusic}
                scene:
                  seed: 5
                  realTime: false
                  transmitPath: reflect
                  targets:
                    - {position: [%s m, %s m], snrDb: 0}
                    - {position: [%s m, %s m], snrDb: 0}
                    - {position: [%s m, %s m], snrDb: 0}
                """, SAMPLE_RATE / (16 + CP), sys.totalSymbols(), sys.bsElements(), SAMPLE_RATE, sys.bsElements(),
                UE[0], UE[1], PTS[0][0], PTS[0][1], PTS[1][0], PTS[1][1]);
        return Configs.parse("seqbeam-onair (test)", yaml);
    }

    static BlockPlan plan(SystemParams sys, Design d, Designer designer, double headroom) {
        SlotSchedule ms = d.schedule(Stage.MS, sys);
        SlotSchedule bp = d.schedule(Stage.BP, sys);
        double peak = 0;
        for (SlotSchedule s : new SlotSchedule[] {ms, bp}) {
            for (int l = 0; l < sys.slots(); l++) {
                for (int n = 0; n < sys.bsElements(); n++) {
                    peak = Math.max(peak, s.amplitude(l, n));
                }
            }
        }
        // P_fs such that the largest element amplitude is 1/headroom
        double fullScale = peak * peak * sys.subcarriers() * headroom * headroom;
        return new BlockPlan(sys, designer.msPhase(d.rho()), ms, designer.bpPhase(d.rho()), bp, CP, fullScale, 3);
    }

    @Test
    void theProbesAtTheUeAndThePtsMeasureEverySlotsDesignedGainWithinHalfADecibel() {
        SystemParams sys = system();
        SeqBeamScene scene = new SeqBeamScene(UE, new double[] {5, 2}, PTS, null, null, null, null);
        Designer designer = new Designer(sys, scene, org.nftb.methods.seqbeam.ChannelFim.Mode.EXACT);
        Design d = designer.separate(0.5, 3);
        BlockPlan plan = plan(sys, d, designer, 2);
        RunConfig cfg = simConfig(sys);
        plan.check(cfg.radio().txLimits(), cfg.source());
        int sps = plan.samplesPerSymbol();
        int first = 100;
        try (SimulatedArray sim = new SimulatedArray(cfg)) {
            sim.startStreaming(StreamStart.NOW);
            sim.startFieldProbes(first, sps, plan.symbols());
            sim.transmit(plan.burst(28e9, Math.round(first * 1e9 / SAMPLE_RATE)), 1_000_000_000L);
            RxBuffer buf = new RxBuffer(sys.bsElements(), first + plan.symbols() * sps + 64);
            sim.receive(buf, 1_000_000_000L);
            double[][] energy = sim.fieldProbeEnergies();
            int[] beam = plan.beamOfSymbol();
            double gain = Math.pow(10, plan.gainDb() / 10);
            double worst = 0;
            for (int t = 0; t < 3; t++) {
                double[] p = scene.point(t);
                for (int stage = 0; stage < 2; stage++) {
                    SlotSchedule s = stage == 0 ? plan.ms() : plan.bp();
                    for (int l = 0; l < sys.slots(); l++) {
                        double e = 0;
                        double sent = 0;
                        for (int q = 0; q < beam.length; q++) {
                            if (beam[q] == stage * sys.slots() + l) {
                                e += energy[t][q];
                                sent += sps * plan.amplitudeScale() * plan.amplitudeScale()
                                        * s.slotPowerW(l) / sys.subcarriers() * gain;
                            }
                        }
                        if (sent == 0) {
                            continue;
                        }
                        double measuredDb = 10 * Math.log10(e / sent);
                        double designDb = designGainDb(sys, s, l, p);
                        worst = Math.max(worst, Math.abs(measuredDb - designDb));
                        assertEquals(designDb, measuredDb, 0.5, "point " + t + " stage " + stage + " slot " + l);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "on-air (sim): %d slot gains at 3 probes, max |measured − design| = %.2e dB%n",
                    2 * sys.slots() * 3, worst);
        }
    }

    @Test
    void aDesignBeyondTheAmplitudeLimitIsRefusedNamingTheSlotAndNothingIsSent() {
        SystemParams sys = system();
        SeqBeamScene scene = new SeqBeamScene(UE, new double[] {5, 2}, PTS, null, null, null, null);
        Designer designer = new Designer(sys, scene, org.nftb.methods.seqbeam.ChannelFim.Mode.EXACT);
        Design d = designer.separate(0.5, 3);
        BlockPlan plan = plan(sys, d, designer, 0.5);     // peak amplitude 2 > 1
        RunConfig cfg = simConfig(sys);
        TxRefusedException e = assertThrows(TxRefusedException.class,
                () -> plan.check(cfg.radio().txLimits(), cfg.source()));
        assertTrue(e.getMessage().contains("slot ") && e.getMessage().contains("maxAmplitude 1.0000")
                && e.getMessage().contains("design's slot"), e.getMessage());
        try (SimulatedArray sim = new SimulatedArray(cfg)) {
            sim.startStreaming(StreamStart.NOW);
            // and the device's own interlock refuses the burst if someone skipped the plan's check
            assertThrows(TxRefusedException.class, () -> sim.transmit(plan.burst(28e9, -1), 1_000_000_000L));
            assertEquals(0, sim.transmittedBursts(), "nothing transmitted");
        }
    }

    /** 10 log₁₀(|bᵀ f_l|² / ‖f_l‖²) with b computed here from the element-to-point distances. */
    static double designGainDb(SystemParams sys, SlotSchedule s, int l, double[] p) {
        int nb = sys.bsElements();
        double k = 2 * Math.PI / sys.wavelengthM();
        double r = Math.hypot(p[0], p[1]);
        double re = 0;
        double im = 0;
        double norm = 0;
        for (int n = 0; n < nb; n++) {
            double x = (n - (nb - 1) / 2.0) * sys.elementSpacingM();
            double ph = -k * (Math.hypot(p[0] - x, p[1]) - r);
            double fr = s.beams()[2 * (l * nb + n)];
            double fi = s.beams()[2 * (l * nb + n) + 1];
            re += Math.cos(ph) * fr - Math.sin(ph) * fi;
            im += Math.cos(ph) * fi + Math.sin(ph) * fr;
            norm += fr * fr + fi * fi;
        }
        return 10 * Math.log10((re * re + im * im) / norm);
    }
}
