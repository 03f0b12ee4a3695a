package org.nftb.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.nftb.output.OutputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A run's records ({@code nftb-records/1} JSON lines, as {@code nftb run --out} writes them) read back for a report:
 * one {@link Row} per reported target of every {@code estimate} record, in file order, with the nearest true
 * target (x–y, as the dashboard and the run summary associate them), and the {@code health} records' counts over
 * time. A line that is not a JSON object is an error naming the file and line.
 */
public final class RunRecords {
    /** The estimate fields, in CSV order. */
    static final String[] FIELDS = {"angleDeg", "rangeM", "radialVelocityMps", "transverseVelocityMps", "xM", "yM",
            "vxMps", "vyMps"};

    /**
     * One reported target of one estimate record.
     *
     * @param values   {@link #FIELDS}, as written
     * @param rootCrb  √ of the polar covariance's diagonal (angle in degrees), NaN where the record has none
     * @param truth    the nearest true target's {@link #FIELDS} (angle from its angleRad), NaN without truth
     */
    public record Row(long seq, double stateTimeS, int target, double[] values, double[] rootCrb, double[] truth,
                      long calibrationVersion, double latencyMs, double snrDb, double fitAchieved,
                      double fitExpected) {
    }

    /** Counts of one health record. */
    public record Health(double elapsedS, long processed, long droppedRingFull, long droppedGap, long rejected,
                         long unresolved, boolean isFinal) {
    }

    private final String name;
    private final String estimator;
    private final List<Row> rows;
    private final List<Health> health;
    private final boolean velocity;

    private RunRecords(String name, String estimator, List<Row> rows, List<Health> health, boolean velocity) {
        this.name = name;
        this.estimator = estimator;
        this.rows = rows;
        this.health = health;
        this.velocity = velocity;
    }

    public String name() {
        return name;
    }

    public String estimator() {
        return estimator;
    }

    public List<Row> rows() {
        return rows;
    }

    public List<Health> health() {
        return health;
    }

    /**
     * Whether the estimator estimated velocities: some target has a velocity variance or a non-zero velocity (a
     * position-only estimator writes 0 with no covariance).
     */
    public boolean velocity() {
        return velocity;
    }

    /** Reads {@code file}. */
    public static RunRecords read(Path file) {
        ObjectMapper json = new ObjectMapper();
        List<Row> rows = new ArrayList<>();
        List<Health> health = new ArrayList<>();
        String name = file.getFileName().toString();
        String estimator = "";
        boolean velocity = false;
        boolean started = false;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode r;
                try {
                    r = json.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new OutputException(file + ":" + lineNo + ": not a JSON record (" + e.getOriginalMessage()
                            + "); nftb report reads the JSON lines of nftb run --out", null);
                }
                if (r == null || !r.isObject() || !r.hasNonNull("type")) {
                    throw new OutputException(file + ":" + lineNo + ": not an nftb record (no 'type'); nftb report "
                            + "reads the JSON lines of nftb run --out", null);
                }
                switch (r.get("type").asText()) {
                    case "start" -> {
                        started = true;
                        name = r.path("name").asText(name);
                        estimator = r.path("estimator").path("type").asText("");
                    }
                    case "estimate" -> velocity |= addEstimate(r, rows);
                    case "health" -> health.add(new Health(r.path("elapsedS").asDouble(),
                            r.path("cpisProcessed").asLong(), r.path("cpisDroppedRingFull").asLong(),
                            r.path("cpisDroppedGap").asLong(), r.path("cpisRejected").asLong(),
                            r.path("targetsUnresolved").asLong(), r.path("final").asBoolean()));
                    default -> {
                    }
                }
            }
        } catch (NoSuchFileException e) {
            throw new OutputException(file + ": no such file (the records of a run: nftb run --out FILE, or the "
                    + "runs/ file a run in a terminal names)", e);
        } catch (IOException e) {
            throw new OutputException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (!started) {
            throw new OutputException(file + ": no start record: not the records of an nftb run", null);
        }
        return new RunRecords(name, estimator, List.copyOf(rows), List.copyOf(health), velocity);
    }

    /** Adds a row per target; true when a target carries a velocity. */
    private static boolean addEstimate(JsonNode r, List<Row> rows) {
        boolean velocity = false;
        JsonNode truth = r.get("truth");
        JsonNode targets = r.path("targets");
        for (int k = 0; k < targets.size(); k++) {
            JsonNode t = targets.get(k);
            double[] v = new double[FIELDS.length];
            for (int i = 0; i < FIELDS.length; i++) {
                v[i] = number(t.get(FIELDS[i]));
            }
            double[] sd = new double[4];
            JsonNode polar = t.path("covariance").path("polar");
            for (int i = 0; i < 4; i++) {
                double var = polar.isArray() ? number(polar.path(i).path(i)) : Double.NaN;
                sd[i] = Math.sqrt(var) * (i == 0 ? 180 / Math.PI : 1);
            }
            velocity |= Double.isFinite(sd[2]) || Double.isFinite(sd[3]) || v[2] != 0 || v[3] != 0;
            double[] u = new double[FIELDS.length];
            Arrays.fill(u, Double.NaN);
            if (truth != null && truth.isArray() && truth.size() > 0) {
                JsonNode best = nearest(truth, v[4], v[5]);
                for (int i = 0; i < FIELDS.length; i++) {
                    u[i] = i == 0 ? Math.toDegrees(number(best.get("angleRad"))) : number(best.get(FIELDS[i]));
                }
            }
            JsonNode q = t.path("quality");
            rows.add(new Row(r.path("seq").asLong(), r.path("stateTimeNanos").asLong() / 1e9, k, v, sd, u,
                    r.path("calibrationVersion").asLong(), r.path("latencyNanos").asLong() / 1e6,
                    number(q.get("snrDb")), number(q.get("fitAchieved")), number(q.get("fitExpected"))));
        }
        return velocity;
    }

    private static JsonNode nearest(JsonNode truth, double x, double y) {
        JsonNode best = truth.get(0);
        double bestD = Double.POSITIVE_INFINITY;
        for (JsonNode u : truth) {
            double d = Math.hypot(number(u.get("xM")) - x, number(u.get("yM")) - y);
            if (d < bestD) {
                bestD = d;
                best = u;
            }
        }
        return best;
    }

    private static double number(JsonNode n) {
        return n == null || !n.isNumber() ? Double.NaN : n.asDouble();
    }
}
