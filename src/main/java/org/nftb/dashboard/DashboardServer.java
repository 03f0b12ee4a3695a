package org.nftb.dashboard;

import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.nftb.output.ControlRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The embedded HTTP + WebSocket server (Jetty 12, core handlers, no servlet API): the page and its assets from the
 * classpath ({@code src/main/resources/dashboard/}, nothing from the internet), the record stream on {@code /ws}.
 * Every request passes the {@link AccessPolicy} first. Small thread pool: the server's work is a few browsers.
 */
final class DashboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    /** The page and its assets, served as they are in the jar. */
    static final Map<String, String> ASSETS = assets();

    private final Server server;
    private final ServerConnector connector;
    private final InetAddress bind;
    private final String token;
    private final ControlHandler control;

    private static Map<String, String> assets() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("/index.html", "text/html; charset=utf-8");
        a.put("/dashboard.css", "text/css; charset=utf-8");
        a.put("/plot.js", "text/javascript; charset=utf-8");
        a.put("/views.js", "text/javascript; charset=utf-8");
        a.put("/panels.js", "text/javascript; charset=utf-8");
        a.put("/controls.js", "text/javascript; charset=utf-8");
        a.put("/app.js", "text/javascript; charset=utf-8");
        return a;
    }

    /**
     * Starts listening. With {@code portExplicit} false and the port taken, a free port is used instead (logged).
     *
     * @throws IOException when the address cannot be bound (not an address of this machine, or the port is taken)
     */
    DashboardServer(DashboardConfig config, Broadcaster broadcaster) throws IOException {
        this(config, broadcaster, null);
    }

    /** @param controls the run's controls ({@code --dashboard-controls}), or null: view-only */
    DashboardServer(DashboardConfig config, Broadcaster broadcaster, Controls controls) throws IOException {
        this.bind = config.bind();
        this.token = config.token();
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("nftb-dashboard-http");
        pool.setDaemon(true);
        this.server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(bind.getHostAddress());
        server.addConnector(connector);
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ofMinutes(5));
            container.setMaxTextMessageSize(4096);           // the page sends nothing of size
            container.addMapping("/ws", (req, resp, cb) -> new BrowserSocket(broadcaster));
        });
        this.control = new ControlHandler(controls, DashboardConfig.newToken(), new Assets(load()));
        ws.setHandler(control);
        server.setHandler(new Guard(new AccessPolicy(token), ws, control));
        connector.setPort(config.port());
        try {
            connector.open();                                 // binds now, so a taken port is known here
        } catch (IOException e) {
            if (config.portExplicit() || config.port() == 0) {
                throw e;
            }
            LOG.warn("dashboard: port {} is taken ({}); using a free port instead", config.port(), e.getMessage());
            connector.setPort(0);
            connector.open();
        }
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new IOException("cannot start the dashboard server: " + e, e);
        }
    }

    /** Where control records go (see {@link ControlHandler#records}). */
    void controlRecords(Consumer<ControlRecord> sink) {
        control.records(sink);
    }

    int port() {
        return connector.getLocalPort();
    }

    /** The address to open (with the token when one is required); for a wildcard bind, this machine's name. */
    String url() {
        String host = bind instanceof Inet6Address ? "[" + bind.getHostAddress() + "]" : bind.getHostAddress();
        if (bind.isAnyLocalAddress()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        return "http://" + host + ":" + port() + "/" + (token == null ? "" : "?token=" + token);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("dashboard: stopping the server: {}", e.toString());
        }
    }

    private static Map<String, byte[]> load() {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        for (String path : ASSETS.keySet()) {
            try (InputStream in = DashboardServer.class.getResourceAsStream("/dashboard" + path)) {
                if (in == null) {
                    throw new IllegalStateException("dashboard asset /dashboard" + path + " missing from the build");
                }
                bytes.put(path, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bytes;
    }

    /** Applies the {@link AccessPolicy}; a page opened with the token gets it as a cookie for what follows. */
    private static final class Guard extends Handler.Wrapper {
        /** Refusals are logged at INFO once per address (then DEBUG), so a scanner cannot flood the log. */
        private static final int ADDRESSES_REMEMBERED = 1024;
        private final AccessPolicy policy;
        private final ControlHandler control;
        private final Set<String> logged = ConcurrentHashMap.newKeySet();

        Guard(AccessPolicy policy, Handler next, ControlHandler control) {
            super(next);
            this.policy = policy;
            this.control = control;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String queryToken = Request.extractQueryParameters(request).getValue("token");
            String presented = queryToken;
            if (presented == null) {
                for (HttpCookie c : Request.getCookies(request)) {
                    if (AccessPolicy.COOKIE.equals(c.getName())) {
                        presented = c.getValue();
                    }
                }
            }
            SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
            InetAddress address = remote instanceof InetSocketAddress isa ? isa.getAddress() : null;
            boolean upgrade = "websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeader.UPGRADE));
            String refusal = policy.refusal(address, request.getHeaders().get(HttpHeader.HOST),
                    request.getHeaders().get(HttpHeader.ORIGIN), upgrade, presented);
            if (refusal != null) {
                String from = address == null ? String.valueOf(remote) : address.getHostAddress();
                boolean first = logged.size() < ADDRESSES_REMEMBERED && logged.add(from);
                if (first || LOG.isDebugEnabled()) {
                    String text = "dashboard: refused " + request.getMethod() + " " + request.getHttpURI().getPath()
                            + " from " + from + ": " + refusal;
                    if (first) {
                        LOG.info("{} (further refusals from there are logged at DEBUG)", text);
                    } else {
                        LOG.debug(text);
                    }
                }
                String path = request.getHttpURI().getPath();
                if (path != null && path.startsWith("/control/") && !path.equals("/control/state")) {
                    control.refusedByAccessPolicy(request, path.substring("/control/".length()), refusal);
                }
                Response.writeError(request, response, callback, 403, "nftb dashboard: " + refusal);
                return true;
            }
            if (policy.hasToken() && queryToken != null) {
                Response.addCookie(response, HttpCookie.build(AccessPolicy.COOKIE, queryToken).path("/")
                        .httpOnly(true).sameSite(HttpCookie.SameSite.STRICT).build());
            }
            return super.handle(request, response, callback);
        }
    }

    /** The page's files; anything else is 404. No caching: a rebuilt jar is picked up by a reload. */
    private static final class Assets extends Handler.Abstract {
        private final Map<String, byte[]> files;

        Assets(Map<String, byte[]> files) {
            this.files = files;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            if (path.equals("/")) {
                path = "/index.html";
            }
            byte[] body = files.get(path);
            if (body == null || !"GET".equals(request.getMethod())) {
                Response.writeError(request, response, callback, body == null ? 404 : 405);
                return true;
            }
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, ASSETS.get(path));
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            response.getHeaders().put("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                    + "connect-src 'self'; frame-ancestors 'none'");
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }
    }
}
