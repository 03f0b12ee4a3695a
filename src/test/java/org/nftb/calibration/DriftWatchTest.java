package org.nftb.calibration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.api.Test;
import org.nftb.bench.ImpairedDevice;
import org.nftb.run.CalibrationHooks;
import org.nftb.config.CalibrationConfig;
import org.nftb.config.PipelineConfig;
import org.nftb.config.RunConfig;
import org.nftb.device.RadioDevice;
import org.nftb.device.sim.SimulatedArray;
import org.nftb.estimator.EstimatorSetup;
import org.nftb.estimator.Estimators;
import org.nftb.output.JsonLinesSink;
import org.nftb.output.RecordSink;
import org.nftb.pipeline.Pipeline;
import org.nftb.testing.TestConfigs;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.calibration.table.CalibrationTable;

/**
 * The drift watch inside a real pipeline run (seed 001's scenario, processed SNR 50 dB, the true W as the table in
 * force). Detection latency: a step is caught by the first window that lies wholly after it, so within
 * {@code 2 × everyCpis − 1} CPIs of the step (here 63).
 */
class DriftWatchTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static RunConfig config(CalibrationConfig.Watch watch) {
        RunConfig base = TestConfigs.seed001(2, true);
        return base.withPipeline(new PipelineConfig(8, PipelineConfig.WaitStrategyKind.BLOCKING, 1_000_000_000L, 2,
                PipelineConfig.RingMode.LOSSLESS, 300, base.pipeline().transmitLeadNanos()))
                .withCalibration(new CalibrationConfig(null, null, watch));
    }

    static List<JsonNode> run(RunConfig cfg, RadioDevice device, CalibrationTable table, long cpis) throws Exception {
        return run(cfg, device, new CalibrationState(table), cpis);
    }

    static List<JsonNode> run(RunConfig cfg, RadioDevice device, CalibrationState state, long cpis) throws Exception {
        EstimatorSetup setup = Estimators.of(cfg.estimator()).setup(cfg);
        CalibrationTable table = state.current().table();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (device; JsonLinesSink sink = new JsonLinesSink(out, "memory", false)) {
            Pipeline p = new Pipeline(cfg, device, state, setup, sink, null, cpis);
            CalibrationHooks.install(p, cfg, null, state, setup);
            p.run(new RecordSink.RunInfo("test", "test", "sim", setup.type(), "integrate-and-dump",
                    setup.diagnosticNames(), table.describe(), 2, "lossless", 8, "disabled", List.of()));
        }
        List<JsonNode> list = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                list.add(JSON.readTree(line));
            }
        }
        return list;
    }

    static List<JsonNode> ofType(List<JsonNode> all, String type) {
        return all.stream().filter(n -> n.get("type").asText().equals(type)).toList();
    }

    @Test
    void aFiveDegreeStepOnOneElementIsNamedWithinTwoWindowsAndNothingElseIs() throws Exception {
        RunConfig cfg = config(new CalibrationConfig.Watch(32, Math.toRadians(2), 0.5, false));
        CalibrationTable truth = new CalibrationTable("t", 28e9, Instant.EPOCH, "truth", CalScenes.trueW(cfg), "truth");
        long stepCpi = 80;
        RadioDevice device = new ImpairedDevice(new SimulatedArray(cfg), null, 100, stepCpi * cfg.samplesPerCpi(),
                Math.toRadians(5));
        List<JsonNode> records = run(cfg, device, truth, 240);
        List<JsonNode> reports = ofType(records, "calibrationWatch");
        assertEquals(7, reports.size(), "240 CPIs, one report per 32");
        JsonSchema schema;
        try (InputStream in = getClass().getResourceAsStream("/schema/nftb-records.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        long detectedAt = -1;
        for (JsonNode r : reports) {
            assertTrue(schema.validate(r).isEmpty(), schema.validate(r) + " in " + r);
            long seq = r.get("seq").asLong();
            JsonNode exceeded = r.get("exceeded");
            if (seq < stepCpi) {
                assertEquals(0, exceeded.size(), "no alarm before the step: " + r.get("exceeded"));
                assertTrue(r.get("rmsPhaseDeg").asDouble() < 0.5, r.get("rmsPhaseDeg").toString());
            } else if (exceeded.size() > 0) {
                assertEquals(1, exceeded.size(), exceeded.toString());
                assertEquals(100, exceeded.get(0).asInt());
                assertEquals(5, r.get("phaseDeg").get(100).asDouble(), 1.5);
                detectedAt = detectedAt < 0 ? seq : detectedAt;
            }
        }
        System.out.println("5 deg step at CPI " + stepCpi + " named in the report ending at CPI " + detectedAt);
        assertTrue(detectedAt >= stepCpi && detectedAt <= stepCpi + 63, "detected at " + detectedAt);
    }

    @Test
    void selfCalibrationOnlineBringsAnUncalibratedArrayWithinOneDegree() throws Exception {
        RunConfig cfg = config(new CalibrationConfig.Watch(32, Math.toRadians(2), 0.5, true));
        CalibrationState state = new CalibrationState(CalibrationTable.identity(256, "t", 28e9));
        List<JsonNode> records = run(cfg, new SimulatedArray(cfg), state, 256);
        List<JsonNode> reports = ofType(records, "calibrationWatch");
        assertTrue(ofType(records, "calibration").size() >= 1, "the watch offered a table");
        WeightsComparison now = WeightsComparison.of(state.current().table().responseW(), CalScenes.trueW(cfg));
        System.out.printf("online self-calibration: watch residual %.2f deg -> %.2f deg over %d reports; table in "
                + "force against the true W: %.2f deg rms, %.3f dB rms%n", reports.get(0).get("rmsPhaseDeg").asDouble(),
                reports.get(reports.size() - 1).get("rmsPhaseDeg").asDouble(), reports.size(), now.rmsPhaseDeg(),
                now.rmsAmplitudeDb());
        assertTrue(reports.get(0).get("rmsPhaseDeg").asDouble() > 1, "seed 001's W is visible at first");
        assertTrue(now.rmsPhaseDeg() < 1, "" + now.rmsPhaseDeg());
    }
}
