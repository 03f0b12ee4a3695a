package org.nftb.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.cli.Main;
import org.nftb.config.RunConfig;
import org.nftb.estimator.Estimators;
import org.nftb.estimator.TargetEstimate;
import org.nftb.run.Configs;
import org.nftb.testing.TestConfigs;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run summary: the last record of every run (valid against the schema), with counts equal to the final health
 * record and per-target bias, RMSE and √CRB equal to those computed here, independently, from the run's own
 * estimate records; and on stderr.
 */
class RunSummaryTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] FIELDS = {"angleDeg", "rangeM", "radialVelocityMps", "transverseVelocityMps"};
    static JsonSchema schema;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = RunSummaryTest.class.getResourceAsStream("/schema/nftb-records.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    @Test
    void aRunEndsWithASummaryRecordWhoseErrorsMatchTheEstimatesAgainstTheTruth(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run.jsonl");
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, cl.execute("run", "--config", RecordSchemaTest.config(dir, "").toString(), "--cpis", "30",
                    "--out", out.toString(), "--no-dashboard"), err.toString());
        } finally {
            System.setErr(stderr);
        }
        String console = captured.toString(StandardCharsets.UTF_8);
        assertTrue(console.contains("nftb summary:") && console.contains("records: " + out), console);

        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode r = JSON.readTree(line);
            assertTrue(schema.validate(r).isEmpty(), schema.validate(r) + line);
            records.add(r);
        }
        JsonNode summary = records.get(records.size() - 1);
        assertEquals("summary", summary.get("type").asText());
        JsonNode health = records.get(records.size() - 2);
        assertTrue(health.get("final").asBoolean());
        assertEquals(health.get("cpisProcessed").asLong(), summary.get("cpis").get("processed").asLong());
        assertEquals(health.get("cpisPublished").asLong(), summary.get("cpis").get("published").asLong());
        assertEquals(health.get("cpisDroppedRingFull").asLong(),
                summary.get("cpis").get("dropped").get("ringFull").asLong());
        assertEquals(health.get("cpisUnprocessedAtStop").asLong(),
                summary.get("cpis").get("dropped").get("unprocessedAtStop").asLong());
        assertEquals(out.toString(), summary.get("outputs").get(0).get("path").asText());

        // reference: errors of every reported target against the (one) true target, from the records
        double[] sum = new double[4];
        double[] sum2 = new double[4];
        double[] var = new double[4];
        long n = 0;
        long[] latencies = records.stream().filter(r -> r.get("type").asText().equals("estimate"))
                .mapToLong(r -> r.get("latencyNanos").asLong()).sorted().toArray();
        for (JsonNode r : records) {
            if (!r.get("type").asText().equals("estimate")) {
                continue;
            }
            JsonNode u = r.get("truth").get(0);
            for (JsonNode t : r.get("targets")) {
                n++;
                for (int i = 0; i < 4; i++) {
                    double truth = i == 0 ? Math.toDegrees(u.get("angleRad").asDouble()) : u.get(FIELDS[i]).asDouble();
                    double e = t.get(FIELDS[i]).asDouble() - truth;
                    sum[i] += e;
                    sum2[i] += e * e;
                    double s = i == 0 ? 180 / Math.PI : 1;
                    var[i] += t.get("covariance").get("polar").get(i).get(i).asDouble() * s * s;
                }
            }
        }
        assertTrue(n >= 25, "estimates: " + n);
        JsonNode target = summary.get("targets").get(0);
        assertEquals("truth", target.get("against").asText());
        assertEquals(n, target.get("estimates").asLong());
        for (int i = 0; i < 4; i++) {
            JsonNode p = target.get("parameters").get(i);
            assertEquals(FIELDS[i], p.get("name").asText());
            double rmse = Math.sqrt(sum2[i] / n);
            assertEquals(sum[i] / n, p.get("bias").asDouble(), 1e-9 * rmse, FIELDS[i]);
            assertEquals(rmse, p.get("rmse").asDouble(), 1e-9 * rmse, FIELDS[i]);
            assertEquals(Math.sqrt(var[i] / n), p.get("rootCrb").asDouble(), 1e-9 * rmse, FIELDS[i]);
        }
        // latency over the run: the histogram's bin edge, within 1 % above the exact order statistic
        long median = latencies[(int) Math.floor(0.5 * latencies.length)];
        long reported = summary.get("latency").get("medianNanos").asLong();
        assertTrue(reported >= median && reported <= median * 1.0101 + 1, reported + " vs " + median);
        assertEquals(Arrays.stream(latencies).max().getAsLong(), summary.get("latency").get("maxNanos").asLong());
    }

    @Test
    void theStatusLineLeavesOutVelocitiesTheEstimatorDoesNotEstimate() {
        HealthSnapshot h = new HealthSnapshot(1.0, 100, 10, 10, 0, 0, 0, 0, 0, 0, 12, Map.of(), 2_000_000, 3_000_000,
                false);
        TargetEstimate t = new TargetEstimate(0);
        t.setPolar(0.1, 5, 0, 0, 0, 0);
        String positionOnly = new StatusLine(System.err, false).format(h, t);
        String full = new StatusLine(System.err, true).format(h, t);
        assertTrue(positionOnly.contains("r 5.000 m") && !positionOnly.contains("v_r"), positionOnly);
        assertTrue(full.contains("v_r 0.000 m/s"), full);
    }

    @Test
    void seed003DeclaresThatItDoesNotEstimateVelocitiesAndSeed001ThatItDoes() {
        RunConfig ispac = Configs.load(Path.of("hw-config/seed003-sim.yaml"));
        assertFalse(Estimators.of(ispac.estimator()).setup(ispac).estimatesVelocity());
        RunConfig dftmusic = TestConfigs.seed001(1, false);
        assertTrue(Estimators.of(dftmusic.estimator()).setup(dftmusic).estimatesVelocity());
    }

    @Test
    void theLatencyHistogramGivesQuantilesWithinOnePercentAboveTheExactOnes() {
        LatencyHistogram h = new LatencyHistogram();
        long[] v = new long[1000];
        Random rnd = new Random(5);
        for (int i = 0; i < v.length; i++) {
            v[i] = 10_000 + (long) (rnd.nextDouble() * 90_000_000);
            h.add(v[i]);
        }
        Arrays.sort(v);
        for (double q : new double[] {0, 0.5, 0.99, 1}) {
            long exact = v[(int) Math.min(v.length - 1, Math.floor(q * v.length))];
            long got = h.quantile(q);
            assertTrue(got >= exact && got <= exact * 1.0101 + 1, q + ": " + got + " vs " + exact);
        }
        assertEquals(v[v.length - 1], h.maxNanos());
        assertFalse(new LatencyHistogram().quantile(0.5) != 0);
    }
}
