package org.nftb.dashboard;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Where and how the dashboard is served.
 *
 * @param bind             address to listen on (loopback by default)
 * @param port             TCP port; 0 picks a free one
 * @param portExplicit     false when {@code port} is the default: if it is taken, a free port is used instead
 * @param token            access token every request must present, or null (allowed only on loopback)
 * @param updatesPerSecond most messages per second to one browser
 * @param mapsPerSecond    most angle–Doppler maps per second taken from the estimator
 */
public record DashboardConfig(InetAddress bind, int port, boolean portExplicit, String token, double updatesPerSecond,
                              double mapsPerSecond) {
    public static final int DEFAULT_PORT = 8470;
    public static final double DEFAULT_UPDATES_PER_SECOND = 50;
    public static final double DEFAULT_MAPS_PER_SECOND = 5;
    /** Shortest token accepted: 16 characters of base64 are 96 bits. */
    public static final int MIN_TOKEN_LENGTH = 16;

    public DashboardConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("dashboard port " + port + " is not in 0..65535");
        }
        if (!bind.isLoopbackAddress() && token == null) {
            throw new IllegalArgumentException("the dashboard on " + bind.getHostAddress() + " (not loopback) needs "
                    + "an access token");
        }
        if (token != null && token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("the dashboard token must have at least " + MIN_TOKEN_LENGTH
                    + " characters");
        }
        if (!(updatesPerSecond > 0 && updatesPerSecond <= 1000) || !(mapsPerSecond > 0 && mapsPerSecond <= 100)) {
            throw new IllegalArgumentException("updates per second must be in (0, 1000] and maps per second in "
                    + "(0, 100]");
        }
    }

    /** Loopback on the default port, no token, default rates. */
    public static DashboardConfig loopback(int port, boolean portExplicit) {
        return new DashboardConfig(InetAddress.getLoopbackAddress(), port, portExplicit, null,
                DEFAULT_UPDATES_PER_SECOND, DEFAULT_MAPS_PER_SECOND);
    }

    /** A fresh random token (128 bits, URL-safe base64). */
    public static String newToken() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
