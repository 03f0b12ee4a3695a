package org.nftb.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * End to end in a real browser: {@code nftb run} on the embedded default (a separate JVM, as an operator starts it)
 * with the dashboard on a free port, opened in Debian's headless Chromium through chromedriver and Selenium.
 * Checks that the views update with live data, that the numbers on the page are those of the JSON lines, and
 * measures how long an estimate takes from the dashboard to the drawn page (bar: median 100 ms). Leaves a
 * screenshot and the measured figures in {@code target/dashboard-e2e/}.
 */
public class DashboardBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path OUT = Path.of("target", "dashboard-e2e");
    static final ObjectMapper JSON = new ObjectMapper();
    /** Decimals the page shows per quantity (panels.js): a displayed value is the record's, rounded to these. */
    static final Map<String, Integer> DECIMALS = Map.of("angleDeg", 4, "rangeM", 5, "radialVelocityMps", 4,
            "transverseVelocityMps", 4, "xM", 5, "yM", 5, "vxMps", 4, "vyMps", 4);
    static final List<String> CANVASES = List.of("map", "ad", "series-0", "series-1", "series-2", "series-3");

    public static ChromeDriver chromium(Path profile) {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
                "--window-size=1600,1000", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }

    public static void assumeChromium() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "the browser test needs "
                + CHROMIUM + " and " + CHROMEDRIVER + " (Debian packages chromium and chromium-driver, listed in "
                + ".ci/apt-packages.txt); skipped here because they are not installed");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> js(ChromeDriver d, String script) {
        return (Map<String, Object>) ((JavascriptExecutor) d).executeScript(script);
    }

    public static double num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    @Test
    void thePageFollowsALiveRunShowsTheNumbersOfTheJsonLinesAndDrawsEachEstimateWithin100Ms() throws Exception {
        assumeChromium();
        Files.createDirectories(OUT);
        Path records = OUT.resolve("run.jsonl");
        Path profile = Files.createTempDirectory("nftb-chromium-");
        try (NftbProcess run = NftbProcess.start(NftbProcess.javaCommand(List.of("run", "--out", records.toString(),
                "--overwrite", "--dashboard-port", "0")))) {
            String url = run.await("nftb: dashboard at (\\S+)", 120);
            assertTrue(url.startsWith("http://127.0.0.1:"), url);
            ChromeDriver driver = chromium(profile);
            try {
                // a 1600 x 1000 page, whatever the browser's window decorations take
                driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 1600, "height", 1000,
                        "deviceScaleFactor", 1, "mobile", false));
                driver.get(url);
                waitFor(() -> num(js(driver, "return window.nftbStats;"), "estimatesRendered") >= 100
                        && num(js(driver, "return window.nftbStats;"), "mapsRendered") >= 2, driver, "100 estimates drawn");

                // the views change with live data
                Map<String, Object> before = canvasHashes(driver);
                double rendered = num(js(driver, "return window.nftbStats;"), "estimatesRendered");
                waitFor(() -> num(js(driver, "return window.nftbStats;"), "estimatesRendered") >= rendered + 60
                        && num(js(driver, "return window.nftbStats;"), "mapsRendered") >= 4, driver, "60 more estimates");
                Map<String, Object> after = canvasHashes(driver);
                for (String c : CANVASES) {
                    assertNotEquals(before.get(c), after.get(c), "canvas " + c + " did not change with new data");
                }

                // the numbers shown are those of the JSON lines
                List<String> compared = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    compared.add(compareWithJsonLines(driver, records));
                    Thread.sleep(400);
                }

                // update latency: time the record reached the dashboard -> time the page had drawn it
                waitFor(() -> ((List<?>) js(driver, "return window.nftbStats;").get("latenciesMs")).size() >= 300, driver,
                        "300 latency samples");
                Map<String, Object> stats = js(driver, "return window.nftbStats;");
                double[] lat = ((List<?>) stats.get("latenciesMs")).stream()
                        .mapToDouble(v -> ((Number) v).doubleValue()).sorted().toArray();
                double median = lat[lat.length / 2];
                double p95 = lat[(int) (0.95 * (lat.length - 1))];
                double[] frame = ((List<?>) stats.get("frameMs")).stream()
                        .mapToDouble(v -> ((Number) v).doubleValue()).sorted().toArray();
                String figures = String.format(Locale.ROOT, "update latency (record reached the dashboard -> page "
                                + "drawn), %d live estimates: median %.1f ms, p95 %.1f ms, max %.1f ms; %.1f updates/s, "
                                + "%.1f records/s; %s maps drawn; drawing one update: median %.1f ms%n", lat.length, median, p95,
                        lat[lat.length - 1], num(stats, "updatesPerS"), num(stats, "recordsPerS"),
                        stats.get("mapsRendered"), frame[frame.length / 2]);
                List<?> stages = (List<?>) stats.get("stageMs");
                StringBuilder parts = new StringBuilder("of which, medians:");
                String[] names = {"waiting for the push thread", "in transit (send, network, parse)",
                        "waiting for and drawing the frame"};
                for (int k = 0; k < 3; k++) {
                    final int kk = k;
                    double[] v = stages.stream().mapToDouble(x -> ((Number) ((List<?>) x).get(kk)).doubleValue())
                            .sorted().toArray();
                    parts.append(String.format(Locale.ROOT, " %s %.1f ms;", names[k], v[v.length / 2]));
                }
                figures += parts + " drawing time per view (moving average, ms): " + stats.get("viewMs") + "\n";
                Files.writeString(OUT.resolve("latency.txt"), figures + String.join("\n", compared) + "\n");
                System.out.print(figures);
                assertEquals(List.of(), stats.get("errors"), "JavaScript errors on the page");
                // The 100 ms bar is a speed bar: it is measured and written here (target/dashboard-e2e/latency.txt,
                // printed), not asserted, because timed assertions in tests fail on a loaded machine (DESIGN: speed
                // bars live in benchmarks). The test asserts that updates arrive at all and what they show.
                assertTrue(median > 0 && Double.isFinite(median), figures);

                // every resource came from the controller itself
                List<?> foreign = (List<?>) ((JavascriptExecutor) driver).executeScript("return performance"
                        + ".getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin)"
                        + " && !n.startsWith('ws://' + location.host));");
                assertEquals(List.of(), foreign, "resources loaded from elsewhere");

                Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
                Files.copy(shot, OUT.resolve("dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
            } finally {
                driver.quit();
            }
            int code = run.stop();
            // SIGTERM (like Ctrl-C): the shutdown hook drains the pipeline; the JVM then exits with 128 + 15
            assertTrue(code == 0 || code == 143, "exit code " + code + "\n" + run.stderr());
            List<String> lines = Files.readAllLines(records);
            assertTrue(lines.get(lines.size() - 2).contains("\"final\":true")
                    && lines.get(lines.size() - 1).startsWith("{\"type\":\"summary\""), "the run ended without its "
                    + "final health record and summary: " + lines.get(lines.size() - 1));
        }
    }

    /** Polls the page (a browser offers nothing to wait on) until {@code done}, at most 90 s. */
    public static void waitFor(BooleanSupplier done, ChromeDriver driver, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("page: no " + what + " within 90 s; its state: "
                        + js(driver, "return window.nftbStats;"));
            }
            Thread.sleep(100);
        }
    }

    /** A hash of each canvas's pixels (data URL), read in one script so they belong to one moment. */
    static Map<String, Object> canvasHashes(ChromeDriver driver) {
        return js(driver, "const out = {}; for (const id of " + JSON.valueToTree(CANVASES) + ") {"
                + " const s = document.getElementById(id).toDataURL(); let h = 0;"
                + " for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0; out[id] = h; } return out;");
    }

    /**
     * Reads the latest-estimate panel in one script, finds the record with the CPI number it shows in the JSON lines,
     * and checks every value shown is that record's value at the page's precision.
     */
    static String compareWithJsonLines(ChromeDriver driver, Path records) throws Exception {
        Map<String, Object> shown = js(driver, "const o = {seq: document.getElementById('est-seq').textContent};"
                + " for (const k of " + JSON.valueToTree(DECIMALS.keySet()) + ") {"
                + " o['est-' + k] = document.getElementById('est-' + k).textContent;"
                + " o['tru-' + k] = document.getElementById('tru-' + k).textContent; }"
                + " o.snr = document.getElementById('est-snrDb').textContent;"
                + " o.processed = document.getElementById('health-cpisProcessed').textContent; return o;");
        long seq = Long.parseLong((String) shown.get("seq"));
        JsonNode record = null;
        Map<Long, JsonNode> health = new HashMap<>();
        for (String line : Files.readAllLines(records)) {
            JsonNode r = JSON.readTree(line);
            if (r.get("type").asText().equals("estimate") && r.get("seq").asLong() == seq) {
                record = r;
            }
            if (r.get("type").asText().equals("health")) {
                health.put(r.get("cpisProcessed").asLong(), r);
            }
        }
        assertTrue(record != null, "CPI " + seq + " shown on the page is not in " + records);
        JsonNode t = record.get("targets").get(0);
        JsonNode u = record.get("truth").get(0);
        for (Map.Entry<String, Integer> e : DECIMALS.entrySet()) {
            double half = 0.5 * Math.pow(10, -e.getValue()) + 1e-12;
            double est = t.get(e.getKey()).asDouble();
            double tru = e.getKey().equals("angleDeg") ? Math.toDegrees(u.get("angleRad").asDouble())
                    : u.get(e.getKey()).asDouble();
            String s = (String) shown.get("est-" + e.getKey());
            String v = (String) shown.get("tru-" + e.getKey());
            assertEquals(est, Double.parseDouble(s), half, e.getKey() + " of CPI " + seq + ": page " + s);
            assertEquals(tru, Double.parseDouble(v), half, "true " + e.getKey() + " of CPI " + seq + ": page " + v);
        }
        double snr = t.get("quality").get("snrDb").asDouble();
        assertEquals(snr, Double.parseDouble((String) shown.get("snr")), 0.005 + 1e-12, "SNR of CPI " + seq);
        long processed = Long.parseLong((String) shown.get("processed"));
        assertTrue(health.containsKey(processed), "CPIs processed " + processed + " shown is not in a health record");
        return String.format(Locale.ROOT, "CPI %d: page r %s m, θ %s deg; JSON r %.7f m, θ %.7f deg", seq,
                shown.get("est-rangeM"), shown.get("est-angleDeg"), t.get("rangeM").asDouble(),
                t.get("angleDeg").asDouble());
    }
}
