package org.nftb.methods.seqbeam.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.cli.Main;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code nftb run --config hw-config/seed002-sim.yaml}, end to end (the shipped configuration, 16 CPIs, scene seed
 * 2): the designed blocks go out through the TX interlock, the simulated UE and PTs echo them with their round-trip
 * delay and two-way Doppler, the MS estimator runs per CPI, and the sequential stage re-designs the next blocks from
 * the estimates. Checked against the simulator's truth (each estimate record's {@code truth}):
 * <ul>
 *   <li>every CPI: the UE and both PTs found, consistent, each within 5 PEB (position) and 5 VEB (radial velocity)
 *       of its truth, the bound being the covariance of the data at the estimate (the estimator's CRB; that it
 *       matches the exact MS bound at the truth is {@code MsEstimatorTest});</li>
 *   <li>over the run, per target: RMS of error/PEB ≤ √2 (3 dB) and of v_r error/VEB ≤ 2 (6 dB: one Doppler per
 *       CPI, 16 CPIs); measured at scene seed 2: 0.91-1.06 and 0.76-1.12;</li>
 *   <li>the loop closes: CPIs are sent with designs made from earlier CPIs' estimates ({@code designId} ≥ 1,
 *       {@code designedFromCpi} < the CPI), one {@code seqbeam} record per estimated CPI with the UE found, its
 *       transverse velocity unobservable (not a number) and the UE's bistatic estimate absent, not zero;</li>
 *   <li>every record validates against the record schema (the {@code seqbeam} record included).</li>
 * </ul>
 */
class SeqBeamLiveTest {
    static final int CPIS = 16;

    @Test
    void theLiveLoopEstimatesTheUeAndThePtsWithinTheirBoundsAndRedesignsFromTheEstimates(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("run.jsonl");
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute("run", "--config", "hw-config/seed002-sim.yaml", "--cpis", Integer.toString(CPIS),
                "--no-dashboard", "--out", out.toString()), err.toString());
        ObjectMapper json = new ObjectMapper();
        JsonSchema schema;
        try (InputStream in = SeqBeamLiveTest.class.getResourceAsStream("/schema/nftb-records.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        double[] pos2 = new double[3];
        double[] vel2 = new double[3];
        int estimates = 0;
        int stage = 0;
        int redesigned = 0;
        long lastNext = 0;
        for (String line : Files.readAllLines(out)) {
            JsonNode r = json.readTree(line);
            Set<ValidationMessage> problems = schema.validate(r);
            assertTrue(problems.isEmpty(), problems + " in " + line);
            String type = r.get("type").asText();
            if (type.equals("start")) {
                assertTrue(r.get("transmit").asText().startsWith("enabled"), line);
                assertEquals("seqbeam", r.get("estimator").get("type").asText());
            } else if (type.equals("fault")) {
                throw new AssertionError("fault record: " + line);
            } else if (type.equals("estimate")) {
                estimates++;
                JsonNode ts = r.get("targets");
                JsonNode truth = r.get("truth");
                assertEquals(3, ts.size(), line);
                long seq = r.get("seq").asLong();
                for (JsonNode t : ts) {
                    int k = nearest(truth, t);
                    JsonNode s = truth.get(k);
                    double e = Math.hypot(t.get("xM").asDouble() - s.get("xM").asDouble(),
                            t.get("yM").asDouble() - s.get("yM").asDouble());
                    double peb = t.get("diagnostics").get("pebM").asDouble();
                    double ev = t.get("radialVelocityMps").asDouble() - s.get("radialVelocityMps").asDouble();
                    double veb = t.get("diagnostics").get("radialVebMps").asDouble();
                    assertTrue(t.get("quality").get("consistent").asBoolean(), line);
                    assertTrue(e < 5 * peb, String.format(Locale.ROOT, "target %d CPI %d: %.3f m off, PEB %.3f m", k,
                            seq, e, peb));
                    assertTrue(Math.abs(ev) < 5 * veb, String.format(Locale.ROOT, "target %d CPI %d: v_r %.2f m/s "
                            + "off, VEB %.2f m/s", k, seq, ev, veb));
                    pos2[k] += e * e / (peb * peb);
                    vel2[k] += ev * ev / (veb * veb);
                    // the transverse velocity is unobservable: its variance is unknown (null), never a number
                    assertTrue(t.get("covariance").get("polar").get(3).get(3).isNull(), line);
                    long design = t.get("diagnostics").get("designId").asLong();
                    if (design >= 1) {
                        assertTrue(t.get("diagnostics").get("designedFromCpi").asLong() < seq, line);
                    }
                }
                if (ts.get(0).get("diagnostics").get("designId").asLong() >= 1) {
                    redesigned++;
                }
            } else if (type.equals("seqbeam")) {
                stage++;
                assertTrue(r.get("ue").get("found").asBoolean(), line);
                assertEquals(2, r.get("pts").size(), line);
                assertTrue(r.get("ue").get("transverseVelocity").asText().startsWith("unobservable"), line);
                assertTrue(r.get("bistatic").get("ueEstimate").asText().startsWith("absent"), line);
                long next = r.get("nextDesign").get("id").asLong();
                assertTrue(next > lastNext, "a new design after every CPI: " + line);
                lastNext = next;
                assertTrue(r.get("nextDesign").get("msUePebM").asDouble() > 0, line);
            }
        }
        assertEquals(CPIS, estimates);
        assertEquals(CPIS, stage);
        assertTrue(redesigned >= 4, "CPIs sent with a re-designed block: " + redesigned);
        for (int k = 0; k < 3; k++) {
            double p = Math.sqrt(pos2[k] / estimates);
            double v = Math.sqrt(vel2[k] / estimates);
            System.out.printf(Locale.ROOT, "seqbeam live, target %d: RMS error/PEB %.2f, RMS v_r error/VEB %.2f over "
                    + "%d CPIs (%d sent with re-designed beams)%n", k, p, v, estimates, redesigned);
            assertTrue(p <= Math.sqrt(2), "target " + k + " RMS error/PEB " + p);
            assertTrue(v <= 2, "target " + k + " RMS v_r error/VEB " + v);
        }
    }

    private static int nearest(JsonNode truth, JsonNode t) {
        int best = -1;
        double bd = Double.POSITIVE_INFINITY;
        for (int k = 0; k < truth.size(); k++) {
            double d = Math.hypot(truth.get(k).get("xM").asDouble() - t.get("xM").asDouble(),
                    truth.get(k).get("yM").asDouble() - t.get("yM").asDouble());
            if (d < bd) {
                bd = d;
                best = k;
            }
        }
        assertFalse(bd > 1, "an estimate 1 m from every true target: " + t);
        return best;
    }
}
