package org.nftb.dashboard;

import org.junit.jupiter.api.Test;
import org.nftb.calibration.CalibrationSelection;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.config.RunConfig;
import org.nftb.testing.TestConfigs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may act on a run from the dashboard: the rules of {@link ControlGuard}, one by one, and a dashboard started
 * without {@code --dashboard-controls}, which is view-only whatever a request carries.
 */
class ControlGuardTest {
    /** Every request gives up after this: a port taken by another process that accepts and never answers must fail the
     *  poll (and be retried until its deadline), not hang the suite (seen: one hour). */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    static final String KEY = "page-key-0123456789abcdef";
    static final String HOST = "127.0.0.1:8470";
    static final String SELF = "http://127.0.0.1:8470";
    static final String JSON = "application/json";

    @Test
    void aControlRequestMustBeASameOriginJsonPostWithThePageKey() {
        ControlGuard g = new ControlGuard(KEY);
        assertNull(g.refusal("POST", HOST, SELF, "same-origin", KEY, JSON));
        assertNull(g.refusal("POST", HOST, SELF, null, KEY, "application/json; charset=utf-8"), "no Sec-Fetch-Site");
        assertNotNull(g.refusal("GET", HOST, SELF, "same-origin", KEY, JSON), "not a POST");
        assertTrue(g.refusal("POST", HOST, null, "same-origin", KEY, JSON).contains("cross-site"), "no Origin");
        assertTrue(g.refusal("POST", HOST, "http://127.0.0.1:9999", "same-site", KEY, JSON).contains("cross-site"),
                "another port of this machine (same site: the browser sends the cookie there)");
        assertTrue(g.refusal("POST", HOST, "http://evil.example", "cross-site", KEY, JSON).contains("cross-site"));
        assertNotNull(g.refusal("POST", HOST, SELF, "cross-site", KEY, JSON), "Sec-Fetch-Site says otherwise");
        assertTrue(g.refusal("POST", HOST, SELF, "same-origin", null, JSON).contains("page key"));
        assertTrue(g.refusal("POST", HOST, SELF, "same-origin", KEY + "x", JSON).contains("page key"));
        assertNotNull(g.refusal("POST", HOST, SELF, "same-origin", KEY, "text/plain"), "a form post");
    }

    @Test
    void withoutTheOptionTheDashboardIsViewOnlyAndRefusesEveryAction() throws Exception {
        RunConfig cfg = TestConfigs.seed001(1, false);
        CalibrationState state = new CalibrationState(CalibrationSelection.select(cfg, null));
        try (Dashboard d = Dashboard.start(DashboardConfig.loopback(0, true), cfg, state)) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + d.port();
            HttpResponse<String> s = http.send(HttpRequest.newBuilder(URI.create(base + "/control/state"))
                    .timeout(REQUEST_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, s.statusCode());
            assertEquals("{\"enabled\":false}", s.body(), "no key is handed out");
            HttpResponse<String> stop = http.send(HttpRequest.newBuilder(URI.create(base + "/control/stop"))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Origin", base).header("Content-Type", JSON).POST(HttpRequest.BodyPublishers
                            .ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, stop.statusCode());
            assertTrue(stop.body().contains("view-only") && stop.body().contains("--dashboard-controls"),
                    stop.body());
        }
    }
}
