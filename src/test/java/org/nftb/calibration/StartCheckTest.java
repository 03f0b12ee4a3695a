package org.nftb.calibration;

import org.junit.jupiter.api.Test;
import org.nftb.bench.ImpairedDevice;
import org.nftb.config.CalibrationConfig;
import org.nftb.config.RunConfig;
import org.nftb.device.TxBurst;
import org.nftb.device.sim.SimulatedArray;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.estimator.Estimators;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.calibration.table.CalibrationException;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.calibration.table.CalibrationTable;
import org.nftb.calibration.table.ChainWeights;

class StartCheckTest {

    static CalScenes injectScene() {
        CalScenes s = new CalScenes();
        s.channels = 16;
        s.source(0.3, 0.5, 0);   // not heard: an inject path has no echo
        s.scene("loPhaseJumps: quarterTurns");
        s.scene("transmitPath: {mode: inject, splitterGain: 0 dB, delaySamples: 0}");
        return s;
    }

    static InjectedFit.Result inject(CalibrationRig rig) {
        TxBurst b = new TxBurst(new float[][] {InjectedFit.chirp(4096 + 128, 0.15)}, 28e9, 20, 5000, -1);
        return InjectedFit.fit(rig.capture(b, 4096, "inject"), 16);
    }

    @Test
    void quarterTurnJumpsAfterARestartAreResolvedAgainstAFreshInjectedEstimate() {
        RunConfig cfg = injectScene().config();
        try (CalibrationRig rig = CalibrationRig.open(cfg, Progress.NONE)) {
            CalibrationTable table = new CalibrationTable("a", 28e9, Instant.EPOCH, "inject",
                    inject(rig).weights().w(), "session 1");
            rig.restart();   // the LOs relock: every channel draws a new quarter turn
            InjectedFit.Result now = inject(rig);
            JumpResolver.Resolution before = JumpResolver.resolve(ChainWeights.ratio(now.weights().w(), table.responseW()),
                    now.weights().phaseStdRad(), Math.toRadians(10), false);
            assertTrue(before.anyJump(), "the restart moved some channels");
            CalibrationState state = new CalibrationState(table);
            StartCheck check = new StartCheck(cfg, new CalibrationConfig.StartCheck(CalibrationConfig.CheckMethod.INJECT,
                    4, Math.toRadians(10), 20), null, null);
            StartCheck.Report r = check.run(rig.device(), state);
            assertEquals(2, r.version());
            assertEquals(before.jumps(), r.resolution().jumps());
            // the corrected table matches the receivers as they are now
            CalibrationTable corrected = state.atCpiBoundary().table();
            WeightsComparison c = WeightsComparison.of(inject(rig).weights().w(), corrected.responseW());
            System.out.println("after restart: " + r.resolution().jumps() + "; residual " + c.maxPhaseDeg() + " deg");
            assertTrue(c.maxPhaseDeg() < 0.5, "" + c.maxPhaseDeg());
        }
    }

    @Test
    void aJumpThatIsNoQuarterTurnIsReReferencedWithAnInjectedReferenceAndRefusedBlind() {
        RunConfig cfg = injectScene().config();
        CalibrationTable table;
        try (CalibrationRig rig = CalibrationRig.open(cfg, Progress.NONE)) {
            table = new CalibrationTable("a", 28e9, Instant.EPOCH, "inject", inject(rig).weights().w(), "session 1");
        }
        // the same session's receivers (same seed: same quarter turns), but channel 5 is 37 deg off from sample 0
        try (CalibrationRig rig = new CalibrationRig(cfg, new ImpairedDevice(new SimulatedArray(cfg), null, 5, 0,
                Math.toRadians(37)), (d, x, y, i, t) -> d, Progress.NONE)) {
            inject(rig);   // starts streaming
            CalibrationState state = new CalibrationState(table);
            StartCheck.Report r = new StartCheck(cfg, new CalibrationConfig.StartCheck(
                    CalibrationConfig.CheckMethod.INJECT, 4, Math.toRadians(10), 20), null, null).run(rig.device(), state);
            assertEquals(1, r.resolution().jumps().size(), r.resolution().jumps().toString());
            assertTrue(r.resolution().jumps().get(0).startsWith("channel 5: LO jump +37."), r.resolution().jumps().toString());
        }
    }

    @Test
    void theBlindCheckRefusesAChannelThatMovedByNoQuarterTurn() {
        CalScenes s = new CalScenes();
        RunConfig cfg = BlindFitTest.seed001At(45, 4);
        EstimatorSetup setup = Estimators.of(cfg.estimator()).setup(cfg);
        CalibrationTable truth = new CalibrationTable("a", 28e9, Instant.EPOCH, "truth", CalScenes.trueW(cfg), "truth");
        StartCheck check = new StartCheck(cfg, new CalibrationConfig.StartCheck(CalibrationConfig.CheckMethod.BLIND,
                16, Math.toRadians(15), 0), null, setup);
        // quarter turns on two channels: resolved
        try (CalibrationRig rig = new CalibrationRig(cfg, new QuarterTurns(new SimulatedArray(cfg), 17, 1, 200, 3),
                (d, x, y, i, t) -> d, Progress.NONE)) {
            rig.stack(1, "start");
            CalibrationState state = new CalibrationState(truth);
            StartCheck.Report r = check.run(rig.device(), state);
            assertEquals(java.util.List.of("channel 17: +90 deg", "channel 200: -90 deg"), r.resolution().jumps());
        }
        // 37 deg on one channel: not a quarter turn; blind cannot re-reference it -> refused
        try (CalibrationRig rig = new CalibrationRig(cfg, new ImpairedDevice(new SimulatedArray(cfg), null, 9, 0,
                Math.toRadians(37)), (d, x, y, i, t) -> d, Progress.NONE)) {
            rig.stack(1, "start");
            CalibrationState state = new CalibrationState(truth);
            CalibrationException e = assertThrows(CalibrationException.class, () -> check.run(rig.device(), state));
            assertTrue(e.getMessage().contains("stale calibration") && e.getMessage().contains("[9]"), e.getMessage());
            assertFalse(state.current().version() != 1);
        }
    }

    @Test
    void inARunTheCorrectedTableIsInForceFromTheFirstCpiAndAnUnresolvedCheckStopsTheRunBeforeIt() throws Exception {
        RunConfig cfg = injectScene().config().withPipeline(new org.nftb.config.PipelineConfig(8,
                org.nftb.config.PipelineConfig.WaitStrategyKind.BLOCKING, 1_000_000_000L, 1,
                org.nftb.config.PipelineConfig.RingMode.LOSSLESS, 300, 50_000_000L)).withCalibration(new CalibrationConfig(null,
                new CalibrationConfig.StartCheck(CalibrationConfig.CheckMethod.INJECT, 64, Math.toRadians(10), 20),
                null));
        SimulatedArray sim = new SimulatedArray(cfg);
        sim.startStreaming(org.nftb.device.StreamStart.NOW);   // session 1: measure the table
        CalibrationTable table = new CalibrationTable("a", 28e9, Instant.EPOCH, "inject",
                inject(CalibrationRig.attached(cfg, sim)).weights().w(), "session 1");
        sim.stopStreaming();
        // the same simulated array starts again inside the run: its LOs relock with new quarter turns
        java.util.List<com.fasterxml.jackson.databind.JsonNode> records = DriftWatchTest.run(cfg, sim, table, 3);
        java.util.List<com.fasterxml.jackson.databind.JsonNode> cal = DriftWatchTest.ofType(records, "calibration");
        assertEquals(1, cal.size(), records.toString());
        // the check used the stream's first samples; the first CPI after them already carries the corrected table
        long first = DriftWatchTest.ofType(records, "estimate").get(0).get("seq").asLong();
        assertEquals(first, cal.get(0).get("seq").asLong(), "the first CPI already carries the corrected table");
        assertEquals(2, cal.get(0).get("version").asLong());
        assertTrue(cal.get(0).get("table").asText().contains("re-referenced at the start of streaming (channel"),
                cal.get(0).toString());
        for (com.fasterxml.jackson.databind.JsonNode e : DriftWatchTest.ofType(records, "estimate")) {
            assertEquals(2, e.get("calibrationVersion").asLong());
        }
        // blind check, a channel 37 deg off: the run stops before its first CPI, with a fault record saying why
        RunConfig blind = BlindFitTest.seed001At(45, 4).withPipeline(cfg.pipeline()).withCalibration(
                new CalibrationConfig(null, new CalibrationConfig.StartCheck(CalibrationConfig.CheckMethod.BLIND, 16,
                        Math.toRadians(15), 0), null));
        CalibrationTable truth = new CalibrationTable("a", 28e9, Instant.EPOCH, "truth", CalScenes.trueW(blind),
                "truth");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        EstimatorSetup setup = Estimators.of(blind.estimator()).setup(blind);
        try (var dev = new ImpairedDevice(new SimulatedArray(blind), null, 9, 0, Math.toRadians(37));
             var sink = new org.nftb.output.JsonLinesSink(out, "memory", false)) {
            CalibrationState state = new CalibrationState(truth);
            var p = new org.nftb.pipeline.Pipeline(blind, dev, state, setup, sink, null, 5);
            org.nftb.run.CalibrationHooks.install(p, blind, null, state, setup);
            CalibrationException e = assertThrows(CalibrationException.class, () -> p.run(
                    new org.nftb.output.RecordSink.RunInfo("t", "t", "sim", "dftmusic", "integrate-and-dump",
                            setup.diagnosticNames(), "truth", 1, "lossless", 8, "disabled", java.util.List.of())));
            assertTrue(e.getMessage().contains("stale calibration"), e.getMessage());
        }
        String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("\"type\":\"fault\"") && text.contains("start check: stale calibration"), text);
        assertFalse(text.contains("\"type\":\"estimate\""), "no CPI was processed");
    }
}
