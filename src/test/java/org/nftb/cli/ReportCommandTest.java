package org.nftb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.report.RunReport;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code nftb report RUN.jsonl}: a CSV whose rows are the run's estimates, and plots that open at their size. */
class ReportCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] FIELDS = {"angleDeg", "rangeM", "radialVelocityMps", "transverseVelocityMps", "xM", "yM",
            "vxMps", "vyMps"};

    @Test
    void aReportHasOneCsvRowPerEstimatedTargetWithItsValuesAndPlotsOfTheExpectedSize(@TempDir Path dir)
            throws Exception {
        Path records = dir.resolve("run.jsonl");
        StringWriter err = new StringWriter();
        assertEquals(0, RunCommandTest.run(err, "run", "--config", RunCommandTest.testConfig(dir).toString(), "--cpis",
                "25", "--out", records.toString(), "--no-dashboard"), err.toString());
        assertEquals(0, RunCommandTest.run(err, "report", records.toString()), err.toString());
        Path report = dir.resolve("run-report");

        List<JsonNode> targets = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        for (String line : Files.readAllLines(records)) {
            JsonNode r = JSON.readTree(line);
            if (r.get("type").asText().equals("estimate")) {
                for (JsonNode t : r.get("targets")) {
                    targets.add(t);
                    seqs.add(r.get("seq").asLong());
                }
            }
        }
        List<String> csv = Files.readAllLines(report.resolve("estimates.csv"));
        assertEquals(RunReport.CSV_HEADER, csv.get(0));
        assertEquals(targets.size() + 1, csv.size(), "one row per reported target");
        List<String> header = List.of(csv.get(0).split(","));
        for (int i = 0; i < targets.size(); i++) {
            String[] row = csv.get(i + 1).split(",", -1);
            assertEquals(seqs.get(i), Long.parseLong(row[header.indexOf("seq")]));
            for (String f : FIELDS) {
                assertEquals(targets.get(i).get(f).asDouble(), Double.parseDouble(row[header.indexOf(f)]),
                        0.0, f + " of row " + (i + 1));
            }
            assertEquals(targets.get(i).get("quality").get("snrDb").asDouble(),
                    Double.parseDouble(row[header.indexOf("snrDb")]), 0.0);
            assertTrue(!row[header.indexOf("trueRangeM")].isEmpty(), "the simulated truth is in the CSV");
        }

        // parameters: 2 x 2 panels of 640 x 460; scene and drops: one panel each
        check(report.resolve("parameters.png"), 1280, 920);
        check(report.resolve("scene.png"), 640, 460);
        check(report.resolve("drops.png"), 640, 460);
    }

    @Test
    void aFileThatIsNotARunIsRefusedNamingTheLine(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"type\":\"start\",\"name\":\"x\"}\nnot json\n");
        StringWriter err = new StringWriter();
        assertEquals(2, RunCommandTest.run(err, "report", bad.toString()));
        assertTrue(err.toString().contains(bad + ":2: not a JSON record"), err.toString());
    }

    /** Opens the PNG, checks its size and that it shows something (many colours, not a blank canvas). */
    static void check(Path png, int width, int height) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(width, img.getWidth(), png.toString());
        assertEquals(height, img.getHeight(), png.toString());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 20, png + " has " + colours.size() + " colours: blank?");
    }
}
