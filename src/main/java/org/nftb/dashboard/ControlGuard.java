package org.nftb.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Who may act on the run from the dashboard: pure logic, applied to every {@code POST /control/ACTION} after the
 * {@link AccessPolicy} has let the request in (so the access token, which the controls make mandatory even on
 * loopback, is already checked). A control request must also prove it comes from this dashboard's own page:
 * <ul>
 *   <li>{@code Origin} present and equal to {@code http://} + the {@code Host} header: a page of another site (or of
 *       another port of this machine, which browsers treat as the same site and send the cookie to) is refused;</li>
 *   <li>{@code Sec-Fetch-Site}, when the browser sends it, {@code same-origin};</li>
 *   <li>the page key in the {@code X-Nftb-Control} header: a random value the page reads from
 *       {@code GET /control/state}, which a page of another origin cannot read (no CORS) and so cannot send;</li>
 *   <li>a JSON body ({@code Content-Type: application/json}): a plain HTML form cannot send one.</li>
 * </ul>
 */
final class ControlGuard {
    static final String KEY_HEADER = "X-Nftb-Control";

    private final byte[] key;

    ControlGuard(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @return null when allowed, else why not (sent to the client and written in the {@code control} record)
     */
    String refusal(String method, String host, String origin, String fetchSite, String presentedKey,
                   String contentType) {
        if (!"POST".equals(method)) {
            return "a control request must be a POST";
        }
        if (origin == null || host == null || !origin.equalsIgnoreCase("http://" + host)) {
            return "cross-site request refused (Origin " + (origin == null ? "missing" : "'" + clip(origin) + "'")
                    + ", this dashboard is http://" + clip(host) + ")";
        }
        if (fetchSite != null && !fetchSite.equals("same-origin")) {
            return "cross-site request refused (Sec-Fetch-Site " + clip(fetchSite) + ")";
        }
        if (presentedKey == null || !MessageDigest.isEqual(key, presentedKey.getBytes(StandardCharsets.UTF_8))) {
            return "the page key is missing or wrong (reload the dashboard page)";
        }
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return "a control request carries a JSON body";
        }
        return null;
    }

    private static String clip(String s) {
        return s == null ? "null" : s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
