package org.nftb.dashboard;

import org.junit.jupiter.api.Test;
import org.nftb.calibration.table.CalibrationState;
import org.nftb.calibration.table.CalibrationTable;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who may open the dashboard: the rules ({@link AccessPolicy}) and the real server applying them. */
class DashboardAccessTest {
    static final String TOKEN = "k3Jx9_test-token-0123456789";

    static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void withoutATokenOnlyLoopbackPeersNamingLoopbackInTheirHostHeaderAreServed() throws Exception {
        AccessPolicy open = new AccessPolicy(null);
        assertNull(open.refusal(ip("127.0.0.1"), "127.0.0.1:8470", null, false, null));
        assertNull(open.refusal(ip("::1"), "localhost:8470", null, false, null));
        assertNull(open.refusal(ip("127.0.0.1"), "[::1]:8470", null, false, null));
        assertNotNull(open.refusal(ip("10.0.0.7"), "127.0.0.1:8470", null, false, null), "another machine");
        assertNotNull(open.refusal(ip("127.0.0.1"), "attacker.example:8470", null, false, null), "DNS rebinding");
        assertNotNull(open.refusal(ip("127.0.0.1"), "127.0.0.1.attacker.example:8470", null, false, null));
        assertNotNull(open.refusal(ip("127.0.0.1"), null, null, false, null));
        assertFalse(AccessPolicy.namesLoopback("127.0.0.256"));
        assertFalse(AccessPolicy.namesLoopback("128.0.0.1"));
        assertTrue(AccessPolicy.namesLoopback("127.1.2.3:1"));
    }

    @Test
    void withATokenEveryRequestMustPresentItFromAnyAddress() throws Exception {
        AccessPolicy guarded = new AccessPolicy(TOKEN);
        assertNull(guarded.refusal(ip("10.0.0.7"), "10.0.0.1:8470", null, false, TOKEN));
        assertNotNull(guarded.refusal(ip("10.0.0.7"), "10.0.0.1:8470", null, false, null));
        assertNotNull(guarded.refusal(ip("10.0.0.7"), "10.0.0.1:8470", null, false, TOKEN + "x"));
        assertNotNull(guarded.refusal(ip("10.0.0.7"), "10.0.0.1:8470", null, false, TOKEN.substring(1)));
        assertNotNull(guarded.refusal(ip("127.0.0.1"), "127.0.0.1:8470", null, false, null), "loopback too");
    }

    @Test
    void aWebSocketFromAPageOfAnotherOriginIsRefused() throws Exception {
        AccessPolicy open = new AccessPolicy(null);
        assertNull(open.refusal(ip("127.0.0.1"), "127.0.0.1:8470", "http://127.0.0.1:8470", true, null));
        assertNull(open.refusal(ip("127.0.0.1"), "127.0.0.1:8470", null, true, null), "not a browser: no Origin");
        assertNotNull(open.refusal(ip("127.0.0.1"), "127.0.0.1:8470", "http://evil.example", true, null));
        assertNotNull(new AccessPolicy(TOKEN).refusal(ip("10.0.0.7"), "10.0.0.1:8470", "https://evil.example", true,
                TOKEN));
    }

    /** One raw HTTP/1.1 exchange: status code and the headers + body as text. */
    record Reply(int status, String text) {
    }

    static Reply request(int port, String path, String host, String... headers) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
            for (String h : headers) {
                req.append(h).append("\r\n");
            }
            req.append("Connection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                all.write(buf, 0, n);
                if (all.toString(StandardCharsets.UTF_8).startsWith("HTTP/1.1 101")) {
                    break;                                    // an upgraded connection stays open
                }
            }
            String text = all.toString(StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("^HTTP/1.1 (\\d{3})").matcher(text);
            assertTrue(m.find(), text);
            return new Reply(Integer.parseInt(m.group(1)), text);
        }
    }

    static final String[] UPGRADE = {"Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="};

    static String[] upgrade(String... more) {
        String[] h = java.util.Arrays.copyOf(UPGRADE, UPGRADE.length + more.length);
        System.arraycopy(more, 0, h, UPGRADE.length, more.length);
        return h;
    }

    @Test
    void theServerRefusesWithoutTheTokenAndServesThePageAssetsAndStreamWithIt() throws Exception {
        DashboardConfig cfg = new DashboardConfig(InetAddress.getLoopbackAddress(), 0, true, TOKEN, 50, 5);
        try (Dashboard d = Dashboard.start(cfg, DashboardServerTest.CFG,
                new CalibrationState(CalibrationTable.identity(256, "t", 28e9)))) {
            int port = d.port();
            String host = "127.0.0.1:" + port;
            assertTrue(d.url().endsWith("/?token=" + TOKEN), d.url());
            Reply refused = request(port, "/", host);
            assertEquals(403, refused.status());
            assertTrue(refused.text().contains("access token"), refused.text());
            assertEquals(403, request(port, "/?token=wrong-token-0123456789", host).status());
            assertEquals(403, request(port, "/app.js", host).status());
            assertEquals(403, request(port, "/ws", host, UPGRADE).status());

            Reply page = request(port, "/?token=" + TOKEN, host);
            assertEquals(200, page.status());
            assertTrue(page.text().contains("NF-Testbed live"));
            Matcher cookie = Pattern.compile("Set-Cookie: (" + AccessPolicy.COOKIE + "=[^;\\r]+)[^\\r]*HttpOnly",
                    Pattern.CASE_INSENSITIVE).matcher(page.text());
            assertTrue(cookie.find(), "the page sets the token cookie: " + page.text());
            assertEquals(200, request(port, "/app.js", host, "Cookie: " + cookie.group(1)).status());
            assertEquals(101, request(port, "/ws", host, upgrade("Cookie: " + cookie.group(1),
                    "Origin: http://" + host)).status());
            assertEquals(403, request(port, "/ws", host, upgrade("Cookie: " + cookie.group(1),
                    "Origin: http://evil.example")).status());
        }
    }

    @Test
    void thePageAndItsScriptsComeFromTheControllerAndLoadNothingFromElsewhere() throws Exception {
        try (Dashboard d = DashboardServerTest.start(new CalibrationState(CalibrationTable.identity(256, "t", 28e9)))) {
            String host = "127.0.0.1:" + d.port();
            Reply index = request(d.port(), "/", host);
            assertEquals(200, index.status());
            assertTrue(index.text().contains("Content-Security-Policy: default-src 'self'"), index.text());
            Matcher ref = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(index.text());
            int refs = 0;
            while (ref.find()) {
                refs++;
                assertTrue(DashboardServer.ASSETS.containsKey("/" + ref.group(1)), "unserved asset " + ref.group(1));
            }
            assertEquals(DashboardServer.ASSETS.size() - 1, refs, "index.html references every other asset");
            for (String asset : DashboardServer.ASSETS.keySet()) {
                Reply r = request(d.port(), asset, host);
                assertEquals(200, r.status(), asset);
                assertFalse(Pattern.compile("https?://|//cdn|@import").matcher(r.text().split("\r\n\r\n", 2)[1]).find(),
                        asset + " refers to the internet");
            }
            assertEquals(404, request(d.port(), "/pom.xml", host).status());
            assertEquals(400, request(d.port(), "/../pom.xml", host).status(), "no way out of the asset list");
        }
    }
}
