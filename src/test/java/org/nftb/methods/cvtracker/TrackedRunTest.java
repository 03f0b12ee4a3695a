package org.nftb.methods.cvtracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.cli.Main;
import org.nftb.testing.TestConfigs;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tracker on seed 001's estimates: {@code nftb run} on hw-config/seed001-tracked-sim.yaml (the simulated
 * 256-element array, two targets on straight lines at processed SNR 40 dB, scene seed 1, estimator.motionModel
 * linear), 200 CPIs, lossless. Each target's track must beat its per-CPI estimates against the truth.
 *
 * <p><b>Tolerance, from the filter's expected gain.</b> The targets move exactly in straight lines, so the filter's
 * process noise over-bounds the truth's (none) and, when the estimates are distributed about the truth with their
 * reported covariances R (the CRB; the per-CPI RMSE below is within 1 % of it), the track's error covariance is at
 * most the filter's own P. The expected ratio of the two RMSEs is then at most
 * {@code g = sqrt(Σ tr P_pos / Σ tr R_pos)} over the same CPIs. Its sampling error: a filter whose variance is g² of
 * one estimate's averages about 1/g² estimates, so the n track errors hold about {@code N = n g²} independent ones,
 * whose mean square has a relative standard deviation of 1/√N (chi-square with 2N degrees of freedom) and whose
 * root mean square one of 1/(2√N). The test allows three of those: {@code RMSE_track / RMSE_cpi ≤ g (1 + 1.5/√N)}.
 * Measured: g = 0.170, N = 11, so the bound is 0.245; the ratio is 0.144 (RMSE 0.85 mm against 5.9 mm).
 */
class TrackedRunTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int CPIS = 200;
    /** An estimate or track this close to a true target is taken as its (8 CRB standard deviations). */
    static final double MATCH_M = 0.05;

    /** {@code nftb args…}; asserts exit status 0. */
    static void nftb(String... args) {
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute(args), err.toString());
    }

    static List<JsonNode> records(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void theTracksOfTwoTargetsOnStraightLinesBeatTheirPerCpiEstimatesAsTheFilterExpects(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("run.jsonl");
        nftb("run", "--config", TestConfigs.trackedSeed001(dir, "lossless", "").toString(), "--cpis",
                String.valueOf(CPIS), "--no-dashboard", "--out", out.toString());
        Map<Long, JsonNode> estimates = new HashMap<>();
        Map<Long, JsonNode> tracks = new HashMap<>();
        for (JsonNode r : records(out)) {
            if (r.get("type").asText().equals("estimate")) {
                estimates.put(r.get("seq").asLong(), r);
            } else if (r.get("type").asText().equals("track") && r.get("event").asText().equals("update")) {
                tracks.put(r.get("seq").asLong(), r);
            }
        }
        assertEquals(CPIS, estimates.size());
        assertEquals(CPIS, tracks.size(), "one track record per estimated CPI");
        double cpiSquares = 0;
        double trackSquares = 0;
        double trR = 0;
        double trP = 0;
        int n = 0;
        Set<Long> confirmedIds = new HashSet<>();
        for (Map.Entry<Long, JsonNode> e : estimates.entrySet()) {
            JsonNode trackRecord = tracks.get(e.getKey());
            for (JsonNode truth : e.getValue().get("truth")) {
                JsonNode estimate = nearest(e.getValue().get("targets"), truth, false);
                JsonNode track = nearest(trackRecord.get("tracks"), truth, true);
                if (estimate == null || track == null) {
                    continue;
                }
                confirmedIds.add(track.get("id").asLong());
                cpiSquares += squaredError(estimate, truth);
                trackSquares += squaredError(track, truth);
                JsonNode r = estimate.get("covariance").get("cartesian");
                trR += r.get(0).get(0).asDouble() + r.get(1).get(1).asDouble();
                JsonNode p = track.get("covariance");
                trP += p.get(0).get(0).asDouble() + p.get(1).get(1).asDouble();
                n++;
            }
        }
        // both targets tracked from their third CPI (confirmUpdates 3) on, each by one track throughout
        assertTrue(n >= 0.95 * 2 * (CPIS - 2), n + " (CPI, target) pairs with an estimate and a confirmed track");
        assertEquals(Set.of(1L, 2L), confirmedIds);
        double rmseCpi = Math.sqrt(cpiSquares / n);
        double rmseTrack = Math.sqrt(trackSquares / n);
        double g = Math.sqrt(trP / trR);
        double independent = n * g * g;
        double bound = g * (1 + 1.5 / Math.sqrt(independent));
        String summary = String.format(Locale.ROOT, "position RMSE per CPI %.3g m (sqrt mean tr R %.3g m), track "
                        + "%.3g m: ratio %.3f; expected gain g %.3f, %.1f independent track errors, bound %.3f",
                rmseCpi, Math.sqrt(trR / n), rmseTrack, rmseTrack / rmseCpi, g, independent, bound);
        System.out.println("TrackedRunTest: " + summary);
        assertTrue(rmseTrack / rmseCpi <= bound, summary);
    }

    /** The entry of {@code candidates} nearest {@code truth} within {@link #MATCH_M} (confirmed tracks only). */
    static JsonNode nearest(JsonNode candidates, JsonNode truth, boolean confirmedOnly) {
        JsonNode best = null;
        double bestD = MATCH_M * MATCH_M;
        for (JsonNode c : candidates) {
            if (confirmedOnly && !c.get("status").asText().equals("confirmed")) {
                continue;
            }
            double d = squaredError(c, truth);
            if (d <= bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    static double squaredError(JsonNode a, JsonNode truth) {
        double dx = a.get("xM").asDouble() - truth.get("xM").asDouble();
        double dy = a.get("yM").asDouble() - truth.get("yM").asDouble();
        return dx * dx + dy * dy;
    }
}
