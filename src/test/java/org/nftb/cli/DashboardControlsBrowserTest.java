package org.nftb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftb.dashboard.DashboardBrowserTest;
import org.nftb.device.CommandTime;
import org.nftb.device.GroundTruthSource;
import org.nftb.device.RadioDevice;
import org.nftb.model.TargetState;
import org.nftb.testing.ForwardingDevice;
import org.nftb.testing.TestConfigs;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's controls ({@code nftb run --dashboard-controls}) driven from a real page in headless Chromium,
 * on a live run of the simulated array: a recording started and stopped from the page is a capture that replays; a
 * calibration from the page changes the table version at a CPI boundary and the estimates after it (compared with
 * the same CPIs of a run without it: equal before, different after); a retune beyond the interlock is refused with
 * no call reaching the radio, one within it reaches the radio; requests without the token or from another origin
 * (a page of another port of this machine, to which the browser sends the cookie) are refused; the page stops the
 * run; every request is a {@code control} record valid against the schema.
 */
class DashboardControlsBrowserTest {
    /** Every request gives up after this: a port taken by another process that accepts and never answers must fail the
     *  poll (and be retried until its deadline), not hang the suite (seen: one hour). */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "e2e-controls-token-0123456789";
    /** A screenshot of the page with its controls used, for the docs. */
    static final Path SHOTS = Path.of("target", "dashboard-e2e");

    /** The sim with its truth, counting the tuning calls that reach it. */
    static final class CountingDevice extends ForwardingDevice implements GroundTruthSource {
        final AtomicInteger tuning = new AtomicInteger();

        CountingDevice(RadioDevice inner) {
            super(inner);
        }

        @Override
        public void setRxFrequency(double hz, int channel, CommandTime when) {
            tuning.incrementAndGet();
            inner.setRxFrequency(hz, channel, when);
        }

        @Override
        public void setRxGain(double gainDb, int channel, CommandTime when) {
            tuning.incrementAndGet();
            inner.setRxGain(gainDb, channel, when);
        }

        @Override
        public List<TargetState> truthAt(long streamTimeNanos) {
            return ((GroundTruthSource) inner).truthAt(streamTimeNanos);
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Seed 001's default scaled to 64 elements (a quarter of the work: the run keeps up next to the browser on a
     * loaded 2-core machine), the target at 1 m inside that array's valid region, in real time, 2 workers.
     */
    static Path config(Path dir) throws Exception {
        String yaml = Files.readString(Path.of("hw-config/seed001-sim.yaml")).replace("refinementSweeps: 2",
                "refinementSweeps: 2\n  cacheDirectory: " + Path.of(TestConfigs.TABLE_CACHE).toAbsolutePath())
                .replace("count: 256", "count: 64").replace("channels: 256", "channels: 64")
                .replace("range: 7.0165 m", "range: 1 m") + "pipeline: {workers: 2}\n";
        Path f = dir.resolve("live.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void thePageRecordsCalibratesRetunesWithinTheInterlockAndStopsTheRunAndEveryRequestIsRecorded(@TempDir Path dir)
            throws Exception {
        DashboardBrowserTest.assumeChromium();
        Path records = dir.resolve("run.jsonl");
        Path captures = dir.resolve("captures");
        int port = freePort();
        Path cfg = config(dir);
        RunCommand run = new RunCommand();
        CountingDevice[] radio = new CountingDevice[1];
        run.wrapDevice = d -> radio[0] = new CountingDevice(d);
        StringWriter err = new StringWriter();
        int[] code = {-1};
        Thread runner = new Thread(() -> {
            CommandLine cl = new CommandLine(run);
            cl.setErr(new PrintWriter(err, true));
            code[0] = cl.execute("--config",
                    cfg.toString(), "--out", records.toString(), "--dashboard-port", String.valueOf(port),
                    "--dashboard-token", TOKEN, "--dashboard-controls", "--dashboard-captures", captures.toString());
        }, "nftb-run-under-test");
        runner.start();
        String base = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/?token=" + TOKEN))
                        .timeout(REQUEST_TIMEOUT).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not up yet
            }
            assertTrue(System.nanoTime() < deadline && runner.isAlive(), "the dashboard did not come up: " + err);
            Thread.sleep(200);
        }

        Path profile = Files.createTempDirectory("nftb-chromium-");
        ChromeDriver driver = DashboardBrowserTest.chromium(profile);
        HttpServer evil = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        long from;
        try {
            driver.get(base + "/?token=" + TOKEN);
            DashboardBrowserTest.waitFor(() -> DashboardBrowserTest.num(DashboardBrowserTest.js(driver,
                    "return window.nftbStats;"), "estimatesRendered") >= 20 && shown(driver, "controls"), driver,
                    "controls and estimates");

            // a request without the token: refused (the run is up, so it is recorded)
            HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create(base + "/control/stop"))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Origin", base).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, noToken.statusCode(), noToken.body());

            // record ~0.5 s from the page
            driver.findElement(By.id("ctl-record-name")).sendKeys("e2e");
            JsonNode started = click(driver, "ctl-record-start", 1);
            assertEquals("done", started.get("result").asText(), started.toString());
            Thread.sleep(600);
            JsonNode stopped = click(driver, "ctl-record-stop", 2);
            assertEquals("done", stopped.get("result").asText(), stopped.toString());

            // a reference calibration against the simulated truth: in force from a CPI boundary
            driver.findElement(By.id("ctl-cal-cpis")).clear();
            driver.findElement(By.id("ctl-cal-cpis")).sendKeys("32");
            JsonNode calibrated = click(driver, "ctl-calibrate", 3);
            assertEquals("done", calibrated.get("result").asText(), calibrated.toString());
            from = calibrated.get("fromSeq").asLong();
            assertTrue(from > 0, calibrated.toString());

            // a retune beyond the interlock: refused, nothing reaches the radio; one within it does
            int before = radio[0].tuning.get();
            driver.findElement(By.id("ctl-frequency")).sendKeys("40 GHz");
            JsonNode refused = click(driver, "ctl-retune", 4);
            assertEquals("refused", refused.get("result").asText(), refused.toString());
            assertTrue(refused.get("detail").asText().contains("interlock"), refused.toString());
            assertEquals(before, radio[0].tuning.get(), "a refused retune reached the radio");
            driver.findElement(By.id("ctl-frequency")).clear();
            driver.findElement(By.id("ctl-frequency")).sendKeys("28.1");
            driver.findElement(By.id("ctl-gain")).sendKeys("10");
            JsonNode retuned = click(driver, "ctl-retune", 5);
            assertEquals("done", retuned.get("result").asText(), retuned.toString());
            assertEquals(before + 2, radio[0].tuning.get());
            assertEquals(28.1e9, radio[0].rxFrequencyHz(0), 1);
            Files.createDirectories(SHOTS);
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve("controls.png"),
                    StandardCopyOption.REPLACE_EXISTING);

            // a page of another origin (another port of this machine: same site, the cookie goes along) posts a stop
            evil.createContext("/", ex -> {
                byte[] page = ("<!DOCTYPE html><html><body><script>fetch('" + base + "/control/stop', {method: 'POST',"
                        + " credentials: 'include', mode: 'no-cors', headers: {'Content-Type': 'text/plain'}, body: "
                        + "'{}'}).then(() => document.title = 'sent', e => document.title = 'error ' + e);"
                        + "</script></body></html>").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "text/html");
                ex.sendResponseHeaders(200, page.length);
                ex.getResponseBody().write(page);
                ex.close();
            });
            evil.start();
            driver.get("http://127.0.0.1:" + evil.getAddress().getPort() + "/");
            DashboardBrowserTest.waitFor(() -> driver.getTitle().equals("sent") || driver.getTitle().startsWith("error"),
                    driver, "the cross-site request");
            Thread.sleep(300);
            assertTrue(runner.isAlive(), "a cross-site request stopped the run");

            // back on the dashboard: the page stops the run (two clicks)
            driver.get(base + "/?token=" + TOKEN);
            DashboardBrowserTest.waitFor(() -> shown(driver, "controls"), driver, "controls");
            driver.findElement(By.id("ctl-stop")).click();
            JsonNode stop = click(driver, "ctl-stop", 1);
            assertEquals("done", stop.get("result").asText(), stop.toString());
            runner.join(60_000);
            assertEquals(0, code[0], err.toString());
            DashboardBrowserTest.waitFor(() -> driver.findElement(By.id("conn")).getText().equals("run ended"),
                    driver, "the neutral run-ended state");
            assertEquals("neutral", driver.findElement(By.id("conn")).getAttribute("class"));
            // the cause of drops is spelled out (this run drops when the machine is busy; either way it is said)
            String hint = driver.findElement(By.id("health-drop-hint")).getText();
            assertTrue(hint.equals("no CPI dropped") || hint.startsWith("ring full: ") || hint.startsWith("gap: "),
                    hint);
        } finally {
            evil.stop(0);
            driver.quit();
        }

        // every request is a control record, valid against the schema
        JsonSchema schema;
        try (InputStream in = getClass().getResourceAsStream("/schema/nftb-records.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        List<JsonNode> controls = new ArrayList<>();
        Map<Long, JsonNode> live = new HashMap<>();
        JsonNode calibration = null;
        for (String line : Files.readAllLines(records)) {
            JsonNode r = JSON.readTree(line);
            assertTrue(schema.validate(r).isEmpty(), schema.validate(r) + " in " + line);
            switch (r.get("type").asText()) {
                case "control" -> controls.add(r);
                case "estimate" -> live.put(r.get("seq").asLong(), r);
                case "calibration" -> calibration = r;
                default -> { }
            }
        }
        List<String> seen = controls.stream().map(c -> c.get("action").asText() + " " + c.get("result").asText())
                .toList();
        assertEquals(List.of("stop refused", "record.start done", "record.stop done", "calibrate done",
                "retune refused", "retune done", "stop refused", "stop done"), seen, controls.toString());
        assertTrue(controls.get(0).get("detail").asText().contains("access token"), controls.get(0).toString());
        // the browser sends the SameSite cookie to another port of the same host: the Origin check refuses it
        assertTrue(controls.get(6).get("detail").asText().contains("cross-site"), controls.get(6).toString());
        assertTrue(controls.get(1).get("who").asText().startsWith("127.0.0.1 (page "), controls.get(1).toString());

        // the calibration: version 2 from CPI `from`, announced by a calibration record there
        assertTrue(calibration != null && calibration.get("version").asLong() == 2
                && calibration.get("seq").asLong() == from, String.valueOf(calibration));
        for (JsonNode e : live.values()) {
            assertEquals(e.get("seq").asLong() < from ? 1 : 2, e.get("calibrationVersion").asLong(), e.toString());
        }
        // the same CPIs without the calibration (the noise depends on seed, channel and sample only): the estimates
        // are equal before the boundary and differ after it (300 CPIs after it: on a loaded machine the live run
        // drops most CPIs, and the few it keeps must be enough to compare)
        Path plain = dir.resolve("plain.yaml");
        Files.writeString(plain, Files.readString(cfg).replace("realTime: true", "realTime: false")
                .replace("pipeline: {workers: 2}", "pipeline: {workers: 2, ringMode: lossless}"));
        Path reference = dir.resolve("reference.jsonl");
        assertEquals(0, RunCommandTest.run(err, "run", "--config", plain.toString(), "--cpis",
                String.valueOf(from + 300), "--out", reference.toString(), "--no-dashboard"), err.toString());
        int equalBefore = 0;
        int differentAfter = 0;
        int after = 0;
        for (String line : Files.readAllLines(reference)) {
            JsonNode r = JSON.readTree(line);
            JsonNode l = r.get("type").asText().equals("estimate") ? live.get(r.get("seq").asLong()) : null;
            if (l == null) {
                continue;
            }
            String a = strip(l);
            String b = strip(r);
            if (r.get("seq").asLong() < from) {
                assertEquals(b, a, "CPI " + r.get("seq") + " before the calibration");
                equalBefore++;
            } else {
                after++;
                differentAfter += a.equals(b) ? 0 : 1;
            }
        }
        assertTrue(equalBefore >= 10 && after >= 5 && differentAfter == after, equalBefore + " equal before, "
                + differentAfter + " of " + after + " different after");

        // the recording replays
        Path capture = captures.resolve("e2e");
        Path replayed = dir.resolve("replayed.jsonl");
        assertEquals(0, RunCommandTest.run(err, "replay", capture.toString(), "--out", replayed.toString(),
                "--no-dashboard"), err.toString());
        long estimates = Files.readAllLines(replayed).stream().filter(l -> l.contains("\"type\":\"estimate\""))
                .count();
        assertTrue(estimates >= 10, "the capture replays to " + estimates + " estimates");
    }

    @Test
    void aViewOnlyPageShowsEveryTargetInTheTableAndThePlots(@TempDir Path dir) throws Exception {
        DashboardBrowserTest.assumeChromium();
        Path cfg = dir.resolve("two.yaml");
        Files.writeString(cfg, Files.readString(config(dir)).replace("refinementSweeps: 2", "refinementSweeps: 2\n  "
                + "maxTargets: 2").replace("processedSnrDb: 50}", "processedSnrDb: 50}\n    - {range: 1.3 m, angle: "
                + "-20 deg, radialVelocity: -6 m/s, transverseVelocity: 4 m/s, processedSnrDb: 50}"));
        Path records = dir.resolve("two.jsonl");
        int port = freePort();
        RunCommand run = new RunCommand();
        Thread runner = new Thread(() -> new CommandLine(run).execute("--config", cfg.toString(), "--out",
                records.toString(), "--dashboard-port", String.valueOf(port), "--cpis", "300"), "nftb-two-targets");
        runner.start();
        ChromeDriver driver = DashboardBrowserTest.chromium(Files.createTempDirectory("nftb-chromium-"));
        try {
            String url = "http://127.0.0.1:" + port + "/";
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (true) {
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException e) {
                    // not up yet
                }
                assertTrue(System.nanoTime() < deadline && runner.isAlive(), "the dashboard did not come up");
                Thread.sleep(200);
            }
            driver.get(url);
            DashboardBrowserTest.waitFor(() -> Boolean.TRUE.equals(driver.executeScript("const e = document"
                    + ".getElementById('est-rangeM-1'); return e !== null && /^[0-9.]+$/.test(e.textContent);")),
                    driver, "target 1's row");
            assertTrue(shown(driver, "ctl-viewonly") && !shown(driver, "controls"), "the page says it is view-only");
            assertTrue(shown(driver, "target-head-1"), "a heading per target");
            double r0 = Double.parseDouble(driver.findElement(By.id("est-rangeM")).getText());
            double r1 = Double.parseDouble(driver.findElement(By.id("est-rangeM-1")).getText());
            assertTrue(Math.abs(Math.max(r0, r1) - 1.3) < 0.01 && Math.abs(Math.min(r0, r1) - 1.0) < 0.01,
                    "both targets in the table: " + r0 + ", " + r1);
            // the time plots draw target 1 in its own colour (TARGET_COLORS[1][0]) somewhere on the range plot
            Object found = driver.executeScript("const c = document.getElementById('series-1');"
                    + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                    + "for (let i = 0; i < d.length; i += 4) if (d[i] === 0x2e && d[i + 1] === 0x9e && d[i + 2] === 0x4f)"
                    + " return true; return false;");
            assertEquals(Boolean.TRUE, found, "target 1's estimates are not on the range plot");
        } finally {
            driver.quit();
            runner.interrupt();
        }
        runner.join(120_000);
    }

    static boolean shown(ChromeDriver driver, String id) {
        return Boolean.FALSE.equals(driver.executeScript("return document.getElementById('" + id + "').hidden;"));
    }

    /** Clicks a control button and waits for its n-th outcome on the page; returns it. */
    static JsonNode click(ChromeDriver driver, String button, int nth) throws Exception {
        driver.findElement(By.id(button)).click();
        DashboardBrowserTest.waitFor(() -> ((Number) driver.executeScript(
                "return window.nftbControls.results.length;")).intValue() >= nth, driver, "the outcome of " + button);
        Object o = driver.executeScript("return JSON.stringify(window.nftbControls.results[" + (nth - 1) + "]);");
        return JSON.readTree((String) o);
    }

    /** An estimate record without what depends on the machine or on the table version. */
    static String strip(JsonNode r) {
        ObjectNode o = r.deepCopy();
        o.remove("latencyNanos");
        o.remove("calibrationVersion");
        return o.toString();
    }
}
