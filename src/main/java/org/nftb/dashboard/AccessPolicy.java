package org.nftb.dashboard;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Who may open the dashboard. Pure logic (no server), applied to every request before anything is served.
 *
 * <ul>
 *   <li>Without a token (the default, bound to loopback): only loopback peers, and only with a {@code Host} header
 *       that names loopback ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}) — a page of another site that
 *       re-points its own name at 127.0.0.1 (DNS rebinding) is refused.</li>
 *   <li>With a token (required by {@code --bind} to a non-loopback address): every request must present it, as
 *       the {@code token} query parameter (the URL printed at start) or the cookie the server sets after the first
 *       page; compared in constant time.</li>
 *   <li>WebSocket upgrades: a browser's {@code Origin} must be this server ({@code http://} + the {@code Host}
 *       header), so another site open in the same browser cannot read the stream.</li>
 * </ul>
 */
final class AccessPolicy {
    static final String COOKIE = "nftb_token";

    private final byte[] token;

    /** @param token the access token, or null when none is configured */
    AccessPolicy(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    boolean hasToken() {
        return token != null;
    }

    /**
     * @param remote      the peer's address
     * @param host        the {@code Host} header, or null
     * @param origin      the {@code Origin} header, or null
     * @param upgrade     true for a WebSocket upgrade request
     * @param presented   the token from the query or the cookie, or null
     * @return null when allowed, else the reason for refusing (sent to the client as the 403 body)
     */
    String refusal(InetAddress remote, String host, String origin, boolean upgrade, String presented) {
        if (token != null) {
            if (presented == null || !MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
                return "this dashboard needs the access token printed when nftb run started "
                        + "(open the printed URL, which ends in ?token=...)";
            }
        } else {
            if (remote == null || !remote.isLoopbackAddress()) {
                return "the dashboard serves this machine only (start nftb run with --bind and a token to allow "
                        + "other addresses)";
            }
            if (host == null || !namesLoopback(host)) {
                return "Host header '" + host + "' does not name this machine (open http://127.0.0.1:PORT/)";
            }
        }
        if (upgrade && origin != null && (host == null || !origin.equalsIgnoreCase("http://" + host))) {
            return "WebSocket from another origin (" + origin + ") refused";
        }
        return null;
    }

    /** True when a Host header (name[:port]) is localhost or a loopback IP literal. */
    static boolean namesLoopback(String host) {
        String name;
        try {
            name = URI.create("http://" + host + "/").getHost();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (name == null) {
            return false;
        }
        name = name.toLowerCase(Locale.ROOT);
        if (name.equals("localhost")) {
            return true;
        }
        if (name.startsWith("[") && name.endsWith("]")) {
            return name.equals("[::1]") || name.equals("[0:0:0:0:0:0:0:1]");
        }
        // an IPv4 literal 127.a.b.c; anything else (a DNS name) could point anywhere
        String[] parts = name.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
